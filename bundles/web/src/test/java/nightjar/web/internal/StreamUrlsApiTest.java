package nightjar.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import nightjar.api.onvif.OnvifService;
import nightjar.api.rtsp.RtspServer;

/** The addresses the System page offers to copy. */
class StreamUrlsApiTest {
    private static RtspServer server(OptionalInt tls, OptionalInt plain) {
        return new RtspServer() {
            @Override
            public OptionalInt tlsPort() {
                return tls;
            }

            @Override
            public OptionalInt plainPort() {
                return plain;
            }
        };
    }

    private static final List<String[]> CAMERAS = List.of(new String[] {"back", "Back yard"}, new String[] {"front", "Front"});

    @SuppressWarnings("unchecked")
    private static Map<String, Object> camera(Map<String, Object> urls, int index) {
        return (Map<String, Object>) ((List<Object>) urls.get("cameras")).get(index);
    }

    @Test
    void eachCameraHasItsRtspsAndWhenSwitchedOnItsPlainRtspUrl() {
        Map<String, Object> urls = StreamUrlsApi.urls("192.168.1.20", CAMERAS, server(OptionalInt.of(8322), OptionalInt.of(8554)));
        assertEquals(true, urls.get("rtsp"));
        assertEquals(8322, urls.get("rtspsPort"));
        assertEquals(Map.of("id", "back", "name", "Back yard", "rtsps", "rtsps://192.168.1.20:8322/cameras/back",
                "rtsp", "rtsp://192.168.1.20:8554/cameras/back"), camera(urls, 0));
        assertEquals("rtsps://192.168.1.20:8322/cameras/front", camera(urls, 1).get("rtsps"));
    }

    @Test
    void plainRtspOffByDefaultGivesNoPlainUrl() {
        Map<String, Object> urls = StreamUrlsApi.urls("cam.local", CAMERAS, server(OptionalInt.of(8322), OptionalInt.empty()));
        assertEquals("rtsps://cam.local:8322/cameras/front", camera(urls, 1).get("rtsps"));
        assertNull(camera(urls, 1).get("rtsp"));
        assertNull(urls.get("rtspPort"));
    }

    @Test
    void withoutTheRtspServerThereAreNoRtspUrls() {
        Map<String, Object> urls = StreamUrlsApi.urls("cam.local", CAMERAS, null);
        assertEquals(false, urls.get("rtsp"));
        assertNull(camera(urls, 0).get("rtsps"));
        assertNull(camera(urls, 0).get("rtsp"));
    }

    @Test
    void theHostIsTheOneTheBrowserUsedWhenItIsAPlainHostOrAddress() {
        assertEquals("192.168.1.20", StreamUrlsApi.host("192.168.1.20", "nightjar"));
        assertEquals("cam.example.org", StreamUrlsApi.host("cam.example.org", "nightjar"));
        assertEquals("[fe80::1]", StreamUrlsApi.host("fe80::1", "nightjar"));
        assertEquals("[2001:db8::7]", StreamUrlsApi.host("[2001:db8::7]", "nightjar"));
        assertEquals("nightjar", StreamUrlsApi.host("evil.example/x?y", "nightjar"));
        assertEquals("nightjar", StreamUrlsApi.host("user@evil.example", "nightjar"));
        assertEquals("nightjar", StreamUrlsApi.host("", "nightjar"));
        assertEquals("nightjar", StreamUrlsApi.host(null, "nightjar"));
    }

    @Test
    void theServletAnswersAdminsWithTheUrls() throws Exception {
        StreamUrlsApi api = new StreamUrlsApi(new LiveServices());
        FakeHttp http = new FakeHttp();
        api.service(FakeHttp.request("GET", "/api/stream-urls", "admin", "10.0.0.5"), http.response);
        assertEquals(200, http.status);
        assertEquals("{\"host\":\"10.0.0.5\",\"rtsp\":false,\"rtspsPort\":null,\"rtspPort\":null,\"cameras\":[],\"onvif\":null}",
                http.body().trim());
        FakeHttp viewer = new FakeHttp();
        api.service(FakeHttp.request("GET", "/api/stream-urls", "viewer", "10.0.0.5"), viewer.response);
        assertEquals(403, viewer.status);
    }

    private static OnvifService onvif(boolean https, OptionalInt plain) {
        return new OnvifService() {
            @Override
            public boolean https() {
                return https;
            }

            @Override
            public OptionalInt plainPort() {
                return plain;
            }
        };
    }

    @Test
    void theOnvifDeviceServiceIsOnHttpsPortWhileOnvifSaysSo() {
        assertEquals(Map.of("https", "https://cam.local:8443/onvif/device_service"),
                withoutNulls(StreamUrlsApi.onvif("cam.local", 8443, onvif(true, OptionalInt.empty()))));
        assertEquals(Map.of("https", "https://[fe80::2]:9443/onvif/device_service", "http", "http://[fe80::2]:8080/onvif/device_service"),
                StreamUrlsApi.onvif("[fe80::2]", 9443, onvif(true, OptionalInt.of(8080))));
        assertEquals(Map.of("http", "http://cam.local:8080/onvif/device_service"),
                withoutNulls(StreamUrlsApi.onvif("cam.local", 8443, onvif(false, OptionalInt.of(8080)))));
        assertNull(StreamUrlsApi.onvif("cam.local", 8443, null), "no ONVIF bundle: no ONVIF address");
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new java.util.HashMap<>(map);
        copy.values().removeIf(java.util.Objects::isNull);
        return copy;
    }
}
