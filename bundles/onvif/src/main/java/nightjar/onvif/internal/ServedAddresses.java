package nightjar.onvif.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.OptionalInt;

import nightjar.api.onvif.OnvifService;

/** Where the device service is served now, for the web UI's System page. */
record ServedAddresses(boolean https, OptionalInt plainPort) implements OnvifService {
    /** Its service properties, as {@link OnvifService} names them. */
    Dictionary<String, Object> properties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(HTTPS_PROPERTY, https);
        plainPort.ifPresent(port -> properties.put(PLAIN_PORT_PROPERTY, port));
        return properties;
    }
}
