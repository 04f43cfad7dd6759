package nightjar.camera.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.converter.Converters;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraState;
import nightjar.api.event.EventProperties;
import nightjar.api.event.Topics;

import nightjar.api.capture.testing.RecordingSink;

class CameraComponentTest {
    private static CameraConfig config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(CameraConfig.class);
    }

    @Test
    void theCameraIdIsTheFactoryConfigurationName() {
        assertEquals("front", CameraComponent.cameraId("nightjar.camera~front"));
        assertEquals("back_yard-2", CameraComponent.cameraId("nightjar.camera~back_yard-2"));
        // Configurations made in the web console get a generated name.
        assertEquals("1b2c3d4e", CameraComponent.cameraId("nightjar.camera.1b2c3d4e"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CameraComponent.cameraId("nightjar.camera~../etc"));
        assertTrue(e.getMessage().contains("must be 1 to 32 letters"), e.getMessage());
    }

    @Test
    void defaultsAreAValidSyntheticCamera() {
        CameraConfig defaults = config(Map.of());
        assertNull(CameraSettings.problem(defaults, Map.of()));
        assertEquals("auto", defaults.source());
        assertEquals(640, defaults.width());
        assertEquals(480, defaults.height());
        assertEquals(15, defaults.fps());
    }

    private static @Nullable String problem(Map<String, Object> properties) {
        return CameraSettings.problem(config(properties), properties);
    }

    @Test
    void aPasswordInASourceUrlNeverReachesTheMessageWhateverItHoldsOrHowTheSchemeIsWritten() {
        // The camera's message is in the camera list its viewers get, and in the log.
        for (String source : List.of("http://admin:pa/ss@cam/x", "http://admin:p@ss@/x", "ftp://admin:pass@cam/x",
                "rtsp://admin:pa/ss@/x")) {
            String message = problem(Map.of("source", source));
            assertTrue(message != null && !message.contains("admin") && !message.contains("pa/ss")
                    && !message.contains(":pass") && !message.contains("p@ss") && !message.contains("ss@"),
                    source + " gave " + message);
        }
        assertNull(problem(Map.of("source", "HTTP://cam.example/stream")), "a scheme in capitals is still http");
        assertNull(problem(Map.of("source", "RTSP://cam.example/stream")), "and rtsp");
        assertTrue(CameraSettings.isRtsp("RTSPS://cam.example/stream"));
    }

    @Test
    void namesEachBadKeyWithItsValueAndRange() {
        assertEquals("fps = 0: must be 1 to 60", problem(Map.of("fps", 0)));
        assertEquals("fps = -5: must be 1 to 60", problem(Map.of("fps", "-5")));
        assertEquals("fps = fast: must be a whole number from 1 to 60", problem(Map.of("fps", "fast")));
        assertEquals("width = 99999: must be 16 to 4096; quality = 0: must be 1 to 100",
                problem(Map.of("width", 99999, "quality", 0)));
        assertTrue(problem(Map.of("source", "video0")).contains("a device such as /dev/video0"));
        assertTrue(problem(Map.of("source", "/dev/../etc/passwd")).contains("not a device path"));
        assertEquals("format = h264: must be auto, mjpeg or yuyv", problem(Map.of("format", "h264")));
        assertNull(problem(Map.of("source", "/dev/v4l/by-id/usb-Logitech_C270-video-index0", "format", "yuyv")));
        assertEquals("source = http://: not a valid URL (Expected authority)", problem(Map.of("source", "http://")));
        assertEquals("source = http://:8080/x: the URL has no host",
                problem(Map.of("source", "http://user:secret@:8080/x")), "and never says a password");
        assertTrue(problem(Map.of("source", "https://cam.example/stream", "trustFingerprint", "12:34"))
                .contains("64 hex digits"));
        assertTrue(problem(Map.of("source", "https://cam.example/stream", "trustFingerprint", "zz".repeat(32)))
                .contains("64 hex digits"));
        assertNull(problem(Map.of("source", "https://cam.example/?action=stream")));
        assertFalse(problem(Map.of("source", "nope", "password", "secret")).contains("secret"));
        assertNull(problem(Map.of("source", "rtsp://cam.example:554/Streaming/101", "username", "admin")));
        assertNull(problem(Map.of("source", "rtsps://admin:secret@cam.example:322/live")));
        assertEquals("source = rtsp:///live: the URL has no host", problem(Map.of("source", "rtsp:///live")));
    }

    /**
     * A bad value does not fail the activation (SCR would hide the camera and never retry it): the camera
     * is registered in ERROR saying why, and the corrected configuration starts it.
     */
    @Test
    void aBadValueIsACameraInErrorAndTheCorrectedConfigurationStartsIt() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        List<Camera> registered = new CopyOnWriteArrayList<>();
        CameraComponent component = component(events);
        Map<String, Object> bad = Map.of("service.pid", "nightjar.camera~front", "source", "synthetic", "fps", "-5");
        component.activate(bundleContext(registered), config(bad), bad);
        try {
            assertEquals(1, registered.size(), "the camera is registered, so /cameras, the UI and MQTT show it");
            Camera front = registered.get(0);
            assertEquals(CameraState.ERROR, front.status().state());
            assertEquals("invalid configuration: fps = -5: must be 1 to 60", front.status().message());
            assertEquals(1, events.size(), events.toString());
            assertEquals("ERROR", events.get(0).getProperty(EventProperties.STATE));
            assertEquals("invalid configuration: fps = -5: must be 1 to 60",
                    events.get(0).getProperty(EventProperties.MESSAGE));

            Map<String, Object> good = Map.of("service.pid", "nightjar.camera~front", "source", "synthetic", "fps", "10",
                    "width", "64", "height", "48");
            component.modified(config(good), good);
            RecordingSink.await("the corrected camera streaming", () -> front.status().state() == CameraState.STREAMING);
            assertNotNull(front.latestFrame());
            assertEquals(64, front.latestFrame().width());

            component.modified(config(bad), bad);
            assertEquals(CameraState.ERROR, front.status().state(), "a live edit with a bad value is shown, not kept quiet");
            assertEquals("invalid configuration: fps = -5: must be 1 to 60", front.status().message());
        } finally {
            component.deactivate(0);
        }
    }

    /**
     * Only a deleted configuration announces the camera gone for good (MQTT removes its entities then),
     * after its service is unregistered; a bundle stopping or updating does not.
     */
    @Test
    void aDeletedConfigurationAnnouncesTheCameraRemoved() throws Exception {
        for (int reason : new int[] {4, 6}) { // DS: configuration deleted, bundle stopped
            List<Event> events = new CopyOnWriteArrayList<>();
            List<Camera> registered = new CopyOnWriteArrayList<>();
            CameraComponent component = component(events);
            Map<String, Object> bad = Map.of("service.pid", "nightjar.camera~garage", "source", "synthetic", "fps", "-5");
            component.activate(bundleContext(registered), config(bad), bad);
            component.deactivate(reason);
            List<Event> removed = events.stream().filter(e -> e.getTopic().equals(Topics.CAMERA_REMOVED)).toList();
            if (reason == 4) {
                assertEquals(1, removed.size(), events.toString());
                assertEquals("garage", removed.get(0).getProperty(EventProperties.CAMERA));
            } else {
                assertEquals(List.of(), removed);
            }
        }
    }

    /** A component whose events, posted or sent, are kept in {@code events}. */
    private static CameraComponent component(List<Event> events) {
        CameraComponent component = new CameraComponent();
        component.eventAdmin = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                events.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                events.add(event);
            }
        };
        return component;
    }

    /** Just what {@link CameraComponent} asks of its bundle context: to register its camera. */
    private static BundleContext bundleContext(List<Camera> registered) {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                CameraComponentTest.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> method.getName().equals("unregister") ? null : unsupported(method));
        return (BundleContext) Proxy.newProxyInstance(CameraComponentTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[1] instanceof Camera camera) {
                        registered.add(camera);
                        return registration;
                    }
                    return unsupported(method);
                });
    }

    private static Object unsupported(Method method) {
        throw new UnsupportedOperationException(method.getName());
    }
}
