package nightjar.rtsp.internal;

import java.io.IOException;

/** Where a session's packets go: interleaved on the RTSP connection, or UDP datagrams. */
interface RtpOutput {
    /** Starts a frame's packets (interleaved: takes the connection for the whole frame). */
    void startFrame() throws IOException;

    /** One RTP packet: its 12-byte RTP header, the payload's JPEG header, and a piece of the scan. */
    void rtp(byte[] rtpHeader, byte[] payloadHeader, byte[] data, int offset, int length) throws IOException;

    /** Ends a frame's packets: flushes them out. */
    void endFrame() throws IOException;

    /** One RTCP compound packet, between frames. */
    void rtcp(byte[] packet) throws IOException;

    /** Frees what the output holds (its sockets). */
    void close();
}
