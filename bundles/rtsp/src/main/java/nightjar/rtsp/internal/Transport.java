package nightjar.rtsp.internal;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The transport a client asked for in SETUP and this server took: RTP over the RTSP connection
 * (interleaved, RFC 2326 10.12) or RTP over UDP to the client's ports (unicast only, and only ever to the
 * address the request came from, so a request cannot aim the stream at someone else).
 *
 * @param channel the interleaved channel of RTP (RTCP on the next), -1 for UDP
 * @param clientPort the client's RTP port (RTCP on {@code clientRtcpPort}), 0 for interleaved
 */
record Transport(boolean interleaved, int channel, int clientPort, int clientRtcpPort) {

    boolean udp() {
        return !interleaved;
    }

    /** The reply's Transport header. */
    String describe(int serverPort, int ssrc) {
        String id = String.format(Locale.ROOT, "%08X", ssrc);
        if (interleaved) {
            return "RTP/AVP/TCP;unicast;interleaved=" + channel + "-" + (channel + 1) + ";ssrc=" + id;
        }
        return "RTP/AVP;unicast;client_port=" + clientPort + "-" + clientRtcpPort + ";server_port=" + serverPort + "-"
                + (serverPort + 1) + ";ssrc=" + id;
    }

    /**
     * The first transport of the client's list that this server offers.
     *
     * @param udpAllowed whether RTP over UDP may be chosen (not over TLS: it would leave the pictures unencrypted)
     * @return null when none is offered
     */
    static @Nullable Transport choose(String header, boolean udpAllowed) {
        for (String spec : header.split(",")) {
            Transport chosen = parse(spec.strip(), udpAllowed);
            if (chosen != null) {
                return chosen;
            }
        }
        return null;
    }

    private static @Nullable Transport parse(String spec, boolean udpAllowed) {
        String[] parts = spec.split(";");
        String protocol = parts[0].strip().toUpperCase(Locale.ROOT);
        boolean tcp = protocol.equals("RTP/AVP/TCP");
        boolean udp = protocol.equals("RTP/AVP") || protocol.equals("RTP/AVP/UDP");
        if (!tcp && !(udp && udpAllowed)) {
            return null;
        }
        int[] interleaved = null;
        int[] clientPorts = null;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            String lower = parameter.toLowerCase(Locale.ROOT);
            if (lower.equals("multicast") || lower.startsWith("mode=") && !lower.matches("mode=\"?play\"?")) {
                return null;
            } else if (lower.startsWith("interleaved=")) {
                interleaved = range(parameter.substring("interleaved=".length()), 255);
                if (interleaved == null) {
                    return null;
                }
            } else if (lower.startsWith("client_port=")) {
                clientPorts = range(parameter.substring("client_port=".length()), 65535);
                if (clientPorts == null) {
                    return null;
                }
            }
        }
        if (tcp) {
            int channel = interleaved != null ? interleaved[0] : 0;
            return channel <= 254 ? new Transport(true, channel, 0, 0) : null;
        }
        if (clientPorts == null || clientPorts[0] < 1 || clientPorts[1] < 1) {
            return null;
        }
        return new Transport(false, -1, clientPorts[0], clientPorts[1]);
    }

    /** "a-b" or "a" (then b = a + 1), each 0 to max; null when malformed. */
    private static int @Nullable [] range(String text, int max) {
        String[] ends = text.strip().split("-", -1);
        if (ends.length > 2) {
            return null;
        }
        try {
            int low = Integer.parseInt(ends[0].strip());
            int high = ends.length == 2 ? Integer.parseInt(ends[1].strip()) : low + 1;
            return low < 0 || low > max || high < 0 || high > max ? null : new int[] {low, high};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
