package nightjar.rtsp.internal;

/**
 * The RTSP server's configuration, checked once.
 *
 * @param tlsPort the port of rtsps://, 0 when off
 * @param plainPort the port of plain rtsp://, 0 when off
 */
record RtspSettings(int tlsPort, int plainPort, String bindAddress, int maxClients, int maxClientsPerAddress,
        int sessionTimeoutSeconds,
        int packetSize, boolean restartMarkers, int recodeQuality) {

    static RtspSettings of(RtspConfig config) {
        int tls = config.tlsEnabled() ? check("tlsPort", config.tlsPort(), 1, 65535) : 0;
        int plain = config.plainEnabled() ? check("plainPort", config.plainPort(), 1, 65535) : 0;
        if (tls != 0 && tls == plain) {
            throw new IllegalArgumentException("tlsPort and plainPort are both " + tls + ": they must differ");
        }
        return new RtspSettings(tls, plain, config.bindAddress().strip(), check("maxClients", config.maxClients(), 1, 1000),
                check("maxClientsPerAddress", config.maxClientsPerAddress(), 1, 1000),
                check("sessionTimeoutSeconds", config.sessionTimeoutSeconds(), 10, 3600),
                check("packetSize", config.packetSize(), 400, 65000), config.restartMarkers(),
                check("recodeQuality", config.recodeQuality(), 1, 100));
    }

    private static int check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " = " + value + ": must be " + min + " to " + max);
        }
        return value;
    }
}
