package nightjar.onvif.internal;

import java.util.OptionalInt;

import org.w3c.dom.Element;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraStatus;
import nightjar.api.rtsp.RtspServer;

/**
 * ONVIF's media service ({@code ver10/media/wsdl}): one fixed profile per camera, JPEG at the camera's
 * resolution and measured rate, streamed by the RTSP server ({@code rtsp://} when plain RTSP is on,
 * since a client that asks ONVIF for a stream usually holds the device credential, which plain RTSP's
 * Digest takes; else {@code rtsps://}), and its snapshot over HTTPS ({@link Snapshots}). Tokens are the camera id with a
 * prefix per kind, so one camera's profile, source and encoder are found from each other.
 */
final class MediaService {
    static final String PROFILE = "profile_";
    static final String SOURCE = "source_";
    static final String SOURCE_CONFIGURATION = "videosource_";
    static final String ENCODER = "jpeg_";

    private final Onvif onvif;

    MediaService(Onvif onvif) {
        this.onvif = onvif;
    }

    String answer(String operation, Element request, Request call) throws SoapFault {
        return switch (operation) {
            case "GetProfiles" -> "<trt:GetProfilesResponse>" + all(camera -> profile("trt:Profiles", camera))
                    + "</trt:GetProfilesResponse>";
            case "GetProfile" -> "<trt:GetProfileResponse>" + profile("trt:Profile", byProfile(request))
                    + "</trt:GetProfileResponse>";
            case "GetVideoSources" -> "<trt:GetVideoSourcesResponse>" + all(MediaService::videoSource)
                    + "</trt:GetVideoSourcesResponse>";
            case "GetVideoSourceConfigurations" -> "<trt:GetVideoSourceConfigurationsResponse>"
                    + all(camera -> sourceConfiguration("trt:Configurations", camera))
                    + "</trt:GetVideoSourceConfigurationsResponse>";
            case "GetVideoEncoderConfigurations" -> "<trt:GetVideoEncoderConfigurationsResponse>"
                    + all(camera -> encoderConfiguration("trt:Configurations", camera))
                    + "</trt:GetVideoEncoderConfigurationsResponse>";
            case "GetVideoEncoderConfiguration" -> "<trt:GetVideoEncoderConfigurationResponse>"
                    + encoderConfiguration("trt:Configuration", byToken(request, "ConfigurationToken", ENCODER))
                    + "</trt:GetVideoEncoderConfigurationResponse>";
            case "GetStreamUri" -> "<trt:GetStreamUriResponse>" + mediaUri(streamUri(request, call))
                    + "</trt:GetStreamUriResponse>";
            case "GetSnapshotUri" -> "<trt:GetSnapshotUriResponse>" + mediaUri(snapshotUri(byProfile(request), call))
                    + "</trt:GetSnapshotUriResponse>";
            case "GetServiceCapabilities" -> "<trt:GetServiceCapabilitiesResponse>" + serviceCapabilities()
                    + "</trt:GetServiceCapabilitiesResponse>";
            default -> throw SoapFault.notSupported(operation);
        };
    }

    static String serviceCapabilities() {
        return "<trt:Capabilities SnapshotUri=\"true\" Rotation=\"false\" VideoSourceMode=\"false\" OSD=\"false\">"
                + "<trt:ProfileCapabilities MaximumNumberOfProfiles=\"1\"/><trt:StreamingCapabilities "
                + "RTPMulticast=\"false\" RTP_TCP=\"true\" RTP_RTSP_TCP=\"true\" NonAggregateControl=\"false\"/>"
                + "</trt:Capabilities>";
    }

    private interface Part {
        String of(Camera camera);
    }

    private String all(Part part) {
        StringBuilder parts = new StringBuilder();
        for (Camera camera : onvif.cameras()) {
            parts.append(part.of(camera));
        }
        return parts.toString();
    }

    private Camera byProfile(Element request) throws SoapFault {
        return byToken(request, "ProfileToken", PROFILE);
    }

    private Camera byToken(Element request, String element, String prefix) throws SoapFault {
        String token = SafeXml.text(SafeXml.child(request, Soap.MEDIA, element));
        if (token == null || !token.startsWith(prefix)) {
            throw SoapFault.invalidArgument("ter:NoProfile", "No such " + element + ": " + token);
        }
        return onvif.camera(token.substring(prefix.length()))
                .orElseThrow(() -> SoapFault.invalidArgument("ter:NoProfile", "No such " + element + ": " + token));
    }

    private String streamUri(Element request, Request call) throws SoapFault {
        Camera camera = byProfile(request);
        Element setup = SafeXml.child(request, Soap.MEDIA, "StreamSetup");
        String stream = SafeXml.text(SafeXml.child(setup, Soap.SCHEMA, "Stream"));
        String protocol = SafeXml.text(SafeXml.child(SafeXml.child(setup, Soap.SCHEMA, "Transport"), Soap.SCHEMA,
                "Protocol"));
        if ("RTP-Multicast".equals(stream) || "HTTP".equals(protocol)) {
            throw SoapFault.invalidArgument("ter:InvalidStreamSetup", "Only unicast RTP over RTSP (UDP or TCP) is "
                    + "served");
        }
        RtspServer rtsp = onvif.rtsp();
        OptionalInt plain = rtsp == null ? OptionalInt.empty() : rtsp.plainPort();
        OptionalInt tls = rtsp == null ? OptionalInt.empty() : rtsp.tlsPort();
        if (plain.isPresent()) {
            return "rtsp://" + call.urlHost() + ":" + plain.getAsInt() + RtspServer.path(camera.id());
        }
        if (tls.isPresent()) {
            return "rtsps://" + call.urlHost() + ":" + tls.getAsInt() + RtspServer.path(camera.id());
        }
        throw SoapFault.unavailable("No RTSP server runs: streams are served only while RTSPS or RTSP is switched on");
    }

    /**
     * The ONVIF snapshot, which takes the device credential like the rest of ONVIF; while ONVIF is not
     * served over HTTPS, the web UI's snapshot, which takes an account.
     */
    private String snapshotUri(Camera camera, Request call) {
        String base = "https://" + call.urlHost() + ":" + onvif.httpsPort();
        return onvif.httpsServed() ? base + Snapshots.path(camera.id())
                : base + "/cameras/" + camera.id() + "/snapshot.jpg";
    }

    private static String mediaUri(String uri) {
        return "<trt:MediaUri>" + Soap.tt("Uri", uri) + "<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>"
                + "<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri>";
    }

    private static String profile(String element, Camera camera) {
        return "<" + element + " token=\"" + PROFILE + camera.id() + "\" fixed=\"true\">" + Soap.tt("Name", camera.name())
                + sourceConfiguration("tt:VideoSourceConfiguration", camera)
                + encoderConfiguration("tt:VideoEncoderConfiguration", camera) + "</" + element + ">";
    }

    private static String videoSource(Camera camera) {
        CameraStatus status = camera.status();
        return "<trt:VideoSources token=\"" + SOURCE + camera.id() + "\">" + Soap.tt("Framerate", rate(status))
                + resolution(status) + "</trt:VideoSources>";
    }

    private static String sourceConfiguration(String element, Camera camera) {
        CameraStatus status = camera.status();
        return "<" + element + " token=\"" + SOURCE_CONFIGURATION + camera.id() + "\">" + Soap.tt("Name", camera.name())
                + "<tt:UseCount>1</tt:UseCount>" + Soap.tt("SourceToken", SOURCE + camera.id())
                + "<tt:Bounds x=\"0\" y=\"0\" width=\"" + status.width() + "\" height=\"" + status.height() + "\"/>"
                + "</" + element + ">";
    }

    /**
     * The camera's JPEG encoding. Quality and bit rate are not known here (the camera's configuration is
     * its own): 0 says so; the rate is the one measured, at least 1.
     */
    private static String encoderConfiguration(String element, Camera camera) {
        CameraStatus status = camera.status();
        return "<" + element + " token=\"" + ENCODER + camera.id() + "\">" + Soap.tt("Name", camera.name() + " JPEG")
                + "<tt:UseCount>1</tt:UseCount><tt:Encoding>JPEG</tt:Encoding>" + resolution(status)
                + "<tt:Quality>0</tt:Quality><tt:RateControl>" + Soap.tt("FrameRateLimit", rate(status))
                + "<tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>0</tt:BitrateLimit></tt:RateControl>"
                + "<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address>"
                + "</tt:Address><tt:Port>0</tt:Port><tt:TTL>0</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>"
                + "<tt:SessionTimeout>PT60S</tt:SessionTimeout></" + element + ">";
    }

    private static String resolution(CameraStatus status) {
        return "<tt:Resolution>" + Soap.tt("Width", status.width()) + Soap.tt("Height", status.height())
                + "</tt:Resolution>";
    }

    private static long rate(CameraStatus status) {
        return Math.max(1, Math.round(status.fps()));
    }
}
