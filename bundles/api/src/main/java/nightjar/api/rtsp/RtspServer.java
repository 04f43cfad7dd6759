package nightjar.api.rtsp;

import java.util.OptionalInt;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The RTSP server's addresses, for those that tell clients where to stream from (ONVIF's
 * GetStreamUri, the web UI's System page). A camera's stream is at {@link #path} on each port
 * served. The registration's {@value #TLS_PORT_PROPERTY} and {@value #PLAIN_PORT_PROPERTY} follow the
 * ports (absent when that transport is off), so a reference's {@code updated} method learns of a change.
 */
@ProviderType
public interface RtspServer {
    /** Service property: the port of {@code rtsps://} (Integer), absent when off. */
    String TLS_PORT_PROPERTY = "rtsp.tls.port";
    /** Service property: the port of plain {@code rtsp://} (Integer), absent when off. */
    String PLAIN_PORT_PROPERTY = "rtsp.plain.port";

    /** The port {@code rtsps://} is served on (accounts' passwords, Basic over TLS); empty when switched off. */
    OptionalInt tlsPort();

    /** The port plain {@code rtsp://} is served on (Digest with the device credential); empty when off, the default. */
    OptionalInt plainPort();

    /** The path of a camera's stream, the same on both ports. */
    static String path(String cameraId) {
        return "/cameras/" + cameraId;
    }
}
