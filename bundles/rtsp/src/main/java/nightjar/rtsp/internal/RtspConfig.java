package nightjar.rtsp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The RTSP server, {@code nightjar.rtsp}. */
@ObjectClassDefinition(name = "Nightjar RTSP server",
        description = "RTSP streams of every camera (RTP/JPEG): rtsps://<host>:8322/cameras/<id> over TLS with an "
                + "account's name and password or the device credential; plain rtsp://<host>:8554/cameras/<id> with "
                + "the device credential (Digest), off unless switched on.")
public @interface RtspConfig {
    @AttributeDefinition(name = "RTSPS", description = "Serve rtsps:// (TLS, the appliance's certificate).")
    boolean tlsEnabled() default true;

    @AttributeDefinition(name = "RTSPS port", min = "1", max = "65535")
    int tlsPort() default 8322;

    @AttributeDefinition(name = "Plain RTSP", description = "Serve plain rtsp:// (unencrypted; the device credential "
            + "with Digest only) for clients that cannot do TLS.")
    boolean plainEnabled() default false;

    @AttributeDefinition(name = "Plain RTSP port", min = "1", max = "65535")
    int plainPort() default 8554;

    @AttributeDefinition(name = "Bind address", description = "The address to listen on; empty for all.")
    String bindAddress() default "";

    @AttributeDefinition(name = "Clients", description = "RTSP connections open at once, both ports together. When "
            + "all are taken, a new one takes the place of the oldest that has not logged in, or is closed at once if "
            + "every one has.", min = "1", max = "1000")
    int maxClients() default 20;

    @AttributeDefinition(name = "Clients per address", description = "RTSP connections open at once from one IP "
            + "address; the next is closed at once.", min = "1", max = "1000")
    int maxClientsPerAddress() default 4;

    @AttributeDefinition(name = "Session timeout (s)", description = "A client silent this long (no request, no RTCP "
            + "report) is closed; clients are told to send a keep-alive in time.", min = "10", max = "3600")
    int sessionTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Packet size", description = "The largest RTP packet in bytes (keep it under the "
            + "network's MTU less 28 for UDP).", min = "400", max = "65000")
    int packetSize() default 1400;

    @AttributeDefinition(name = "Restart markers", description = "Send a camera's restart markers as RTP/JPEG types "
            + "64/65. Off: such frames are re-coded without them (no decode), because ffmpeg (Frigate, Home "
            + "Assistant) cannot read types 64/65.")
    boolean restartMarkers() default false;

    @AttributeDefinition(name = "Re-code quality", description = "JPEG quality (1-100) of the frames that must be "
            + "decoded and encoded again (4:4:4 chroma, sides over 2040 pixels).", min = "1", max = "100")
    int recodeQuality() default 85;
}
