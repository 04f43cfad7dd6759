package nightjar.onvif.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Camera;
import nightjar.api.camera.testing.FakeCamera;
import nightjar.api.rtsp.RtspServer;
import nightjar.api.security.DeviceCredential;

/** Stand-ins for the services ONVIF uses, and a clock the test moves. */
final class Fakes {
    static final String USER = "onvif-3f9a";
    static final String SECRET = "s3cret-Device-Credential";

    private Fakes() {
    }

    /** A camera that streams at this size and rate, with no picture yet. */
    static FakeCamera camera(String id, String name, int width, int height, double fps) {
        return new FakeCamera(id, name, FakeCamera.streaming(width, height, fps));
    }

    record Credential(String username, String secret) implements DeviceCredential {
        @Override
        public String rotate() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean matches(String name, String secret) {
            return username.equals(name) && this.secret.equals(secret);
        }
    }

    record Rtsp(OptionalInt tlsPort, OptionalInt plainPort) implements RtspServer {
    }

    /** An appliance with these cameras and RTSP server, on HTTPS port 8443 and plain HTTP port 8000. */
    static final class Device implements Onvif {
        final List<Camera> cameras = new ArrayList<>();
        @Nullable RtspServer rtsp;
        boolean httpsServed = true;

        @Override
        public List<Camera> cameras() {
            return cameras;
        }

        @Override
        public @Nullable RtspServer rtsp() {
            return rtsp;
        }

        @Override
        public DeviceCredential credential() {
            return new Credential(USER, SECRET);
        }

        @Override
        public int httpsPort() {
            return 8443;
        }

        @Override
        public boolean httpsServed() {
            return httpsServed;
        }

        @Override
        public int plainHttpPort() {
            return 8000;
        }

        @Override
        public String endpointReference() {
            return "urn:uuid:6a1e1f4c-3b43-4b5c-9a52-0d1c2b3a4f5e";
        }

        @Override
        public String hostName() {
            return "nightjar";
        }

        @Override
        public String version() {
            return "0.1.0.SNAPSHOT";
        }
    }

    /** A SOAP 1.2 envelope with this header and body content. */
    static byte[] envelope(String header, String body) {
        return ("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
                + "xmlns:a=\"http://www.w3.org/2005/08/addressing\"><s:Header>" + header + "</s:Header><s:Body>" + body
                + "</s:Body></s:Envelope>").getBytes(StandardCharsets.UTF_8);
    }

    /** A UsernameToken header with a PasswordDigest, as clients write it. */
    static String digestHeader(String user, String secret, byte[] nonce, String created) {
        return "<Security s:mustUnderstand=\"1\" xmlns=\"" + Soap.WSSE + "\"><UsernameToken><Username>" + user
                + "</Username><Password Type=\"" + UsernameTokens.PASSWORD_DIGEST + "\">"
                + UsernameTokens.digest(nonce, created, secret) + "</Password><Nonce EncodingType=\"http://docs.oasis-"
                + "open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">"
                + java.util.Base64.getEncoder().encodeToString(nonce) + "</Nonce><Created xmlns=\"" + Soap.WSU + "\">"
                + created + "</Created></UsernameToken></Security>";
    }

    static String textHeader(String user, String secret) {
        return "<Security xmlns=\"" + Soap.WSSE + "\"><UsernameToken><Username>" + user + "</Username><Password Type=\""
                + UsernameTokens.PASSWORD_TEXT + "\">" + secret + "</Password></UsernameToken></Security>";
    }
}
