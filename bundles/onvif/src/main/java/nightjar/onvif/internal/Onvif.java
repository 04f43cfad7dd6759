package nightjar.onvif.internal;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.Camera;
import nightjar.api.rtsp.RtspServer;
import nightjar.api.security.DeviceCredential;

/**
 * What the ONVIF services tell clients about, as the component sees it now: the cameras, the RTSP
 * server, the ports. Tests give a fixed one.
 */
interface Onvif {
    /** Where our services are reached, below the HTTPS or plain HTTP root. */
    String DEVICE_PATH = nightjar.api.onvif.OnvifService.DEVICE_SERVICE_PATH;
    String MEDIA_PATH = "/onvif/media_service";
    String EVENTS_PATH = "/onvif/event_service";
    /** A PullPoint subscription's address is this followed by its id. */
    String PULL_POINT_PATH = "/onvif/pullpoint/";

    /** The cameras, by id. */
    List<Camera> cameras();

    default Optional<Camera> camera(String id) {
        return cameras().stream().filter(camera -> camera.id().equals(id)).findFirst();
    }

    @Nullable
    RtspServer rtsp();

    /** The device credential, null while the security bundle offers none (then nothing is authorised). */
    @Nullable
    DeviceCredential credential();

    int httpsPort();

    /** Whether ONVIF is served over HTTPS (its snapshots among it). */
    boolean httpsServed();

    /** The port of plain HTTP for ONVIF, 0 when it is off. */
    int plainHttpPort();

    /** The device's stable {@code urn:uuid:...}, its WS-Discovery endpoint reference. */
    String endpointReference();

    /** The host name of this machine, for GetHostname and the scopes. */
    String hostName();

    /** The bundle's version, as firmware version. */
    String version();
}
