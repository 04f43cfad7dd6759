package nightjar.api.onvif;

import java.util.OptionalInt;

import org.osgi.annotation.versioning.ProviderType;

/**
 * ONVIF's addresses, for those that tell people where it is (the web UI's System page): registered by
 * the ONVIF bundle while it serves the device service, on HTTPS's port and, when switched on, on a plain
 * HTTP port. The registration's {@value #HTTPS_PROPERTY} and {@value #PLAIN_PORT_PROPERTY} follow the
 * configuration, so a reference's {@code updated} method learns of a change.
 */
@ProviderType
public interface OnvifService {
    /** The path of the device service (ONVIF Core's usual one), the same on every port. */
    String DEVICE_SERVICE_PATH = "/onvif/device_service";
    /** Service property: whether the device service is served over HTTPS (Boolean). */
    String HTTPS_PROPERTY = "onvif.https";
    /** Service property: the port of plain HTTP (Integer), absent when off. */
    String PLAIN_PORT_PROPERTY = "onvif.plain.port";

    /** Whether the device service is served over HTTPS, on the appliance's HTTPS port. */
    boolean https();

    /** The plain HTTP port it is served on (for clients that insist); empty when off, the default. */
    OptionalInt plainPort();
}
