package nightjar.rtsp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongSupplier;

/**
 * The writing side of an RTSP connection, shared by its responses and its interleaved packets: one
 * writer at a time, and the time the current write began, so that a client that stops reading (its
 * writes block) can be found and closed.
 */
final class ConnectionWriter {
    private final OutputStream out;
    private final LongSupplier nanos;
    /** When the write in progress began; 0 when none is. */
    private volatile long writingSince;

    /** @param out a buffered stream: packets are flushed a frame at a time */
    ConnectionWriter(OutputStream out, LongSupplier nanos) {
        this.out = out;
        this.nanos = nanos;
    }

    /** Writes and flushes a whole message (a response). */
    synchronized void send(byte[] message) throws IOException {
        begin();
        try {
            out.write(message);
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    /** How long the write in progress has been blocked, 0 when none is. */
    long writingFor(long now) {
        long since = writingSince;
        return since == 0 ? 0 : now - since;
    }

    /** An interleaved output whose frames hold this writer from start to end. */
    RtpOutput interleaved(int channel) {
        return new RtpOutput() {
            private final byte[] prefix = {'$', (byte) channel, 0, 0};
            private final byte[] rtcpPrefix = {'$', (byte) (channel + 1), 0, 0};

            @Override
            public void startFrame() {
                // The lock is taken per packet: a response can go out between two packets of a frame.
            }

            @Override
            public void rtp(byte[] rtpHeader, byte[] payloadHeader, byte[] data, int offset, int length)
                    throws IOException {
                int size = rtpHeader.length + payloadHeader.length + length;
                synchronized (ConnectionWriter.this) {
                    begin();
                    try {
                        prefix[2] = (byte) (size >>> 8);
                        prefix[3] = (byte) size;
                        out.write(prefix);
                        out.write(rtpHeader);
                        out.write(payloadHeader);
                        out.write(data, offset, length);
                    } finally {
                        writingSince = 0;
                    }
                }
            }

            @Override
            public void endFrame() throws IOException {
                synchronized (ConnectionWriter.this) {
                    begin();
                    try {
                        out.flush();
                    } finally {
                        writingSince = 0;
                    }
                }
            }

            @Override
            public void rtcp(byte[] packet) throws IOException {
                synchronized (ConnectionWriter.this) {
                    begin();
                    try {
                        rtcpPrefix[2] = (byte) (packet.length >>> 8);
                        rtcpPrefix[3] = (byte) packet.length;
                        out.write(rtcpPrefix);
                        out.write(packet);
                    } finally {
                        writingSince = 0;
                    }
                }
            }

            @Override
            public void close() {
                // The connection owns the socket.
            }
        };
    }

    private void begin() {
        long now = nanos.getAsLong();
        writingSince = now == 0 ? 1 : now;
    }
}
