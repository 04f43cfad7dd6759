package nightjar.onvif.internal;

/**
 * One SOAP request as it came in, from HTTPS or plain HTTP.
 *
 * @param path the request path, e.g. {@code /onvif/device_service}
 * @param body the request body, already limited in size
 * @param secure whether it came over TLS
 * @param host the host name or address the client reached us by, for the addresses in our answers
 */
record Request(String path, byte[] body, boolean secure, String host) {
    /** The host as it goes into a URL (an IPv6 address in brackets). */
    String urlHost() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Where one of our services is reached by the way this request came: HTTPS or plain HTTP. */
    String serviceUrl(Onvif onvif, String path) {
        return secure ? "https://" + urlHost() + ":" + onvif.httpsPort() + path
                : "http://" + urlHost() + ":" + onvif.plainHttpPort() + path;
    }

    /**
     * The host to put in our answers' addresses: the name the client used (the Host header) when it is a
     * plain host name or address, else the address the request came in on; never anything that could
     * change the URL around it.
     */
    static String hostFor(@org.jspecify.annotations.Nullable String named, String localAddress) {
        if (named != null && named.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]|[0-9A-Fa-f:.]{2,45}")) {
            return named.startsWith("[") && named.endsWith("]") ? named.substring(1, named.length() - 1) : named;
        }
        return localAddress;
    }
}
