package nightjar.rtsp.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

import nightjar.tasks.Threads;

/**
 * RTP and RTCP as UDP datagrams from a pair of ports of the server's (RTP even, RTCP the next) to the
 * client's pair, at the address the RTSP connection comes from. What the client sends to the RTCP port
 * (its receiver reports) is read on a thread of the output's own and reported, so that a client may keep
 * its session alive with RTCP alone (RFC 2326 A: "RTCP receiver reports ... as liveness indication"); the
 * reports themselves are dropped.
 */
final class UdpOutput implements RtpOutput {
    private final DatagramSocket rtpSocket;
    private final DatagramSocket rtcpSocket;
    private final InetSocketAddress rtpTarget;
    private final InetSocketAddress rtcpTarget;
    private final byte[] buffer;
    private final InetAddress client;
    private final Runnable onReport;

    private UdpOutput(DatagramSocket rtpSocket, DatagramSocket rtcpSocket, InetAddress client, Transport transport,
            int packetSize, Runnable onReport) {
        this.client = client;
        this.onReport = onReport;
        this.rtpSocket = rtpSocket;
        this.rtcpSocket = rtcpSocket;
        this.rtpTarget = new InetSocketAddress(client, transport.clientPort());
        this.rtcpTarget = new InetSocketAddress(client, transport.clientRtcpPort());
        this.buffer = new byte[packetSize];
    }

    /**
     * Binds a pair of ports on the address the client reached the server at, and starts reading the RTCP port.
     *
     * @param onReport told of each datagram from the client's address to the RTCP port
     */
    static UdpOutput open(InetAddress local, InetAddress client, Transport transport, int packetSize, Runnable onReport)
            throws SocketException {
        SocketException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(local, 0));
            int port = rtp.getLocalPort();
            if (port % 2 == 0 && port < 65535) {
                try {
                    DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(local, port + 1));
                    UdpOutput output = new UdpOutput(rtp, rtcp, client, transport, packetSize, onReport);
                    Threads.thread("nightjar-rtsp-rtcp-" + (port + 1), output::receiveReports).start();
                    return output;
                } catch (SocketException taken) {
                    last = taken;
                }
            }
            rtp.close();
        }
        throw last != null ? last : new SocketException("no pair of free UDP ports");
    }

    /** Reads the RTCP port until it is closed. */
    private void receiveReports() {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        while (true) {
            try {
                rtcpSocket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            if (client.equals(packet.getAddress())) {
                onReport.run();
            }
        }
    }

    int serverPort() {
        return rtpSocket.getLocalPort();
    }

    @Override
    public void startFrame() {
    }

    @Override
    public void rtp(byte[] rtpHeader, byte[] payloadHeader, byte[] data, int offset, int length) throws IOException {
        System.arraycopy(rtpHeader, 0, buffer, 0, rtpHeader.length);
        System.arraycopy(payloadHeader, 0, buffer, rtpHeader.length, payloadHeader.length);
        System.arraycopy(data, offset, buffer, rtpHeader.length + payloadHeader.length, length);
        rtpSocket.send(new DatagramPacket(buffer, rtpHeader.length + payloadHeader.length + length, rtpTarget));
    }

    @Override
    public void endFrame() {
    }

    @Override
    public void rtcp(byte[] packet) throws IOException {
        rtcpSocket.send(new DatagramPacket(packet, packet.length, rtcpTarget));
    }

    @Override
    public void close() {
        rtpSocket.close();
        rtcpSocket.close();
    }
}
