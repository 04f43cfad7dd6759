package nightjar.rtsp.internal;

/** Checks the credentials a request carries; one per kind of port (Basic over TLS, Digest in plain). */
interface Authenticator {
    /**
     * @param address the client's IP address, for throttles
     * @param connection the number of the connection the request came on (a Digest nonce is good on its own only)
     * @param inSession whether the request belongs to a session this connection authenticated already
     */
    AuthOutcome authenticate(RtspRequest request, String address, long connection, boolean inSession);
}
