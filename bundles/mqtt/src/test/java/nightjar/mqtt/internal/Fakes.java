package nightjar.mqtt.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.event.EventHandler;
import org.osgi.util.converter.Converters;

import nightjar.api.appliance.Appliance;
import nightjar.api.camera.testing.FakeCamera;
import nightjar.api.motion.MotionDetector;
import nightjar.api.motion.MotionStatus;

/** Test doubles of the services the bridge uses, and a bundle context that records the bridge's service properties. */
final class Fakes {
    private Fakes() {
    }

    static MqttConfig config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(MqttConfig.class);
    }

    /** A context with a data directory that records every property set of the registered service. */
    static final class Context {
        final List<Dictionary<String, ?>> properties = Collections.synchronizedList(new ArrayList<>());
        final BundleContext context;
        /** The appliance's data directory is the test's; HTTPS on the default port. */
        final Appliance appliance;

        Context(Path data) {
            appliance = new Appliance() {
                @Override
                public int httpsPort() {
                    return 8443;
                }

                @Override
                public List<String> hostNames() {
                    return List.of("localhost");
                }

                @Override
                public URI baseUrl() {
                    return URI.create("https://localhost:8443/");
                }

                @Override
                public Path dataDirectory() {
                    return data;
                }

                @Override
                public Path homeDirectory() {
                    return data;
                }
            };
            Bundle bundle = (Bundle) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {Bundle.class},
                    (proxy, method, args) -> method.getName().equals("getVersion") ? new Version(1, 2, 3) : null);
            ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                    Fakes.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                        if (method.getName().equals("setProperties")) {
                            properties.add((Dictionary<String, ?>) args[0]);
                        }
                        return null;
                    });
            context = (BundleContext) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getProperty" -> "nightjar.data".equals(args[0]) ? data.toString() : null;
                        case "getBundle" -> bundle;
                        case "registerService" -> {
                            // The status service's properties; the event handler's are its topic only.
                            if (args[2] != null && args[0] != EventHandler.class) {
                                properties.add((Dictionary<String, ?>) args[2]);
                            }
                            yield registration;
                        }
                        default -> null;
                    });
        }

        /** The states the bridge went through, in order, without repeats. */
        List<String> states() {
            List<String> states = new ArrayList<>();
            synchronized (properties) {
                for (Dictionary<String, ?> p : properties) {
                    String state = String.valueOf(p.get("mqtt.state"));
                    if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                        states.add(state);
                    }
                }
            }
            return states;
        }

        String state() {
            List<String> states = states();
            return states.get(states.size() - 1);
        }
    }

    static byte[] jpeg(int width, int height) {
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(picture, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A streaming camera named "Camera " and its id, whose newest frame is a 160x120 picture. */
    static FakeCamera camera(String id) {
        FakeCamera camera = new FakeCamera(id, "Camera " + id, FakeCamera.streaming(160, 120, 12.5));
        camera.deliver(jpeg(160, 120), 160, 120);
        return camera;
    }

    static final class FakeDetector implements MotionDetector {
        private final String id;
        volatile boolean detecting = true;

        FakeDetector(String id) {
            this.id = id;
        }

        @Override
        public String cameraId() {
            return id;
        }

        @Override
        public void setDetecting(boolean on) {
            detecting = on;
        }

        @Override
        public MotionStatus status() {
            return new MotionStatus(detecting, false, 0, 10);
        }
    }
}
