package nightjar.onvif.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The device's ONVIF scopes, the same in GetScopes and WS-Discovery (fixed: nothing can set them). */
final class Scopes {
    private Scopes() {
    }

    static List<String> of(Onvif onvif) {
        return List.of("onvif://www.onvif.org/type/video_encoder", "onvif://www.onvif.org/type/NetworkVideoTransmitter",
                "onvif://www.onvif.org/Profile/Streaming", "onvif://www.onvif.org/hardware/Nightjar",
                "onvif://www.onvif.org/name/" + URLEncoder.encode("Nightjar " + onvif.hostName(), StandardCharsets.UTF_8)
                        .replace("+", "%20"));
    }
}
