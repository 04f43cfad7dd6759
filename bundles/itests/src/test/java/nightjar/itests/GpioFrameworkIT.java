package nightjar.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static nightjar.itests.FrameworkChecks.bundle;
import static nightjar.itests.FrameworkChecks.nightjarThreads;
import static nightjar.itests.FrameworkChecks.settle;
import static nightjar.itests.FrameworkChecks.threads;
import static nightjar.itests.FrameworkChecks.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import nightjar.api.camera.Camera;
import nightjar.api.camera.Frame;
import nightjar.api.illumination.Illumination;
import nightjar.api.illumination.IlluminationMode;

/**
 * The GPIO bundle in the assembled framework on a machine without GPIO: {@code provider = auto} takes
 * the mock provider, the illumination answers and announces, a bad configuration is refused without
 * harm, stopping the bundle leaves the rest running and no thread of its own behind, updating it
 * (or the camera bundle it watches) leaks no thread, and the character-device provider makes its
 * system calls from inside the framework.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class GpioFrameworkIT extends FrameworkTest {
    private static final String COMPONENT = "nightjar.gpio.internal.GpioComponent";

    @Inject
    ServiceComponentRuntime components;

    @Before
    public void configure() throws Exception {
        Configurations.factoryIfAbsent(configurationAdmin, "nightjar.camera", "front", "source", "synthetic",
                "width", 160, "height", 120, "fps", 10);
        org.osgi.service.cm.Configuration gpio = configurationAdmin.getConfiguration("nightjar.gpio", "?");
        if (gpio.getProperties() == null) {
            gpio.update(gpioProperties(18, 17));
        }
        Bundle bundle = bundle(context, "nightjar.gpio");
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
        await("the GPIO component active", () -> componentState() == ComponentConfigurationDTO.ACTIVE);
    }

    private static Dictionary<String, Object> gpioProperties(int irPin, int ledPin) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("provider", "auto");
        properties.put("mode", "AUTO");
        properties.put("irPin", irPin);
        properties.put("irCutPin", 23);
        properties.put("ledPin", ledPin);
        properties.put("holdSeconds", 0);
        properties.put("sceneIntervalSeconds", 0.5);
        return properties;
    }

    @Test
    public void startsOnTheMockProviderAndAnnouncesEveryChangeBeforeThePinsMove() throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, "nightjar/illumination/CHANGED");
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, events::add, topic);
        ServiceReference<Illumination> reference = context.getServiceReference(Illumination.class);
        assertNotNull("the Illumination service", reference);
        Illumination illumination = context.getService(reference);
        try {
            await("AUTO decided by the synthetic camera's picture",
                    () -> "scene".equals(illumination.status().decidedBy()));
            illumination.setMode(IlluminationMode.ON);
            Event on = events.poll(10, TimeUnit.SECONDS);
            while (on != null && !"ON".equals(on.getProperty("mode"))) {
                on = events.poll(10, TimeUnit.SECONDS);
            }
            assertNotNull("nightjar/illumination/CHANGED for ON", on);
            assertEquals(Boolean.TRUE, on.getProperty("on"));
            await("status on", () -> illumination.status().on());
            assertEquals("mode", illumination.status().decidedBy());
            assertEquals("the mock provider is no fault", "", illumination.status().message());

            illumination.setMode(IlluminationMode.OFF);
            await("status off", () -> !illumination.status().on());
        } finally {
            context.ungetService(reference);
            handler.unregister();
        }
    }

    @Test
    public void aPinUsedTwiceIsRefusedAndTheRestRunsOn() throws Exception {
        org.osgi.service.cm.Configuration gpio = configurationAdmin.getConfiguration("nightjar.gpio", "?");
        try {
            gpio.update(gpioProperties(17, 17));
            await("the refused configuration recorded",
                    () -> componentState() == ComponentConfigurationDTO.FAILED_ACTIVATION);
            ComponentConfigurationDTO failed = configurationDto();
            assertTrue(failed.failure, failed.failure.contains("ledPin and irPin are both GPIO 17"));
            assertNull(context.getServiceReference(Illumination.class));
            assertNull(context.getServiceReference(EventHandler.class.getName()) == null ? null
                    : handlerOfGpio());
            await("no GPIO thread for a refused configuration", () -> !threads().contains("nightjar-gpio"));
            assertCameraDelivers();
        } finally {
            gpio.update(gpioProperties(18, 17));
        }
        await("active again", () -> componentState() == ComponentConfigurationDTO.ACTIVE);
        assertNotNull(context.getServiceReference(Illumination.class));
    }

    @Test
    public void stoppingTheBundleLeavesTheRestRunningAndNoThreadBehind() throws Exception {
        Bundle gpio = bundle(context, "nightjar.gpio");
        await("the GPIO thread", () -> threads().contains("nightjar-gpio"));
        gpio.stop();
        assertEquals(Bundle.RESOLVED, gpio.getState());
        List<String> notActive = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
            if (bundle != gpio && !fragment && bundle.getState() != Bundle.ACTIVE) {
                notActive.add(bundle.getSymbolicName());
            }
        }
        assertEquals("other bundles not ACTIVE", List.of(), notActive);
        await("no nightjar-gpio thread", () -> !threads().contains("nightjar-gpio"));
        assertCameraDelivers();

        gpio.start();
        await("the GPIO component active again", () -> componentState() == ComponentConfigurationDTO.ACTIVE);
        assertNotNull(context.getServiceReference(Illumination.class));
    }

    @Test
    public void updatingTheGpioAndCameraBundlesLeaksNoThread() throws Exception {
        await("the GPIO thread", () -> threads().contains("nightjar-gpio"));
        settle();
        List<String> before = nightjarThreads();
        for (int cycle = 0; cycle < 6; cycle++) {
            update(context, bundle(context, cycle % 2 == 0 ? "nightjar.gpio" : "nightjar.camera"));
            await("the GPIO component active after update " + cycle,
                    () -> componentState() == ComponentConfigurationDTO.ACTIVE);
            assertCameraDelivers();
        }
        settle();
        assertEquals("Nightjar threads after updates", before, nightjarThreads());
        ServiceReference<Illumination> reference = context.getServiceReference(Illumination.class);
        Illumination illumination = context.getService(reference);
        try {
            illumination.setMode(IlluminationMode.ON);
            await("the updated bundle drives the illumination", () -> illumination.status().on());
            illumination.setMode(IlluminationMode.AUTO);
        } finally {
            context.ungetService(reference);
        }
    }

    @Test
    public void theCharacterDeviceProviderRunsInTheFrameworkAndSaysWhatIsMissing() throws Exception {
        // Never drive the pins of a machine that has some: this runs only where there is no GPIO chip.
        try (Stream<Path> devices = Files.list(Path.of("/dev"))) {
            Assume.assumeTrue("no GPIO chip on this machine",
                    devices.noneMatch(device -> device.getFileName().toString().startsWith("gpiochip")));
        }
        org.osgi.service.cm.Configuration gpio = configurationAdmin.getConfiguration("nightjar.gpio", "?");
        Dictionary<String, Object> chardev = gpioProperties(18, 17);
        chardev.put("provider", "chardev");
        try {
            gpio.update(chardev);
            // JNA's native calls, made from the bundle: a missing import or library would say otherwise.
            String expected = "no GPIO character device (/dev/gpiochip*): this kernel offers no GPIO chip to programs";
            await("the chardev provider's own error in the status", () -> {
                ServiceReference<Illumination> reference = context.getServiceReference(Illumination.class);
                Illumination illumination = reference == null ? null : context.getService(reference);
                try {
                    return illumination != null && illumination.status().message().startsWith(expected);
                } finally {
                    if (illumination != null) {
                        context.ungetService(reference);
                    }
                }
            });
            assertCameraDelivers();
        } finally {
            gpio.update(gpioProperties(18, 17));
        }
        await("active again", () -> componentState() == ComponentConfigurationDTO.ACTIVE);
    }

    private void assertCameraDelivers() throws Exception {
        ServiceReference<Camera> reference = context.getServiceReferences(Camera.class, "(camera.id=front)")
                .stream().findFirst().orElseThrow(() -> new AssertionError("camera front"));
        Camera camera = context.getService(reference);
        try {
            await("a first frame", () -> camera.latestFrame() != null);
            Frame first = camera.latestFrame();
            await("the camera still delivers", () -> {
                Frame now = camera.latestFrame();
                return now != null && now.sequence() > first.sequence();
            });
        } finally {
            context.ungetService(reference);
        }
    }

    private int componentState() {
        ComponentConfigurationDTO dto = configurationDto();
        return dto == null ? -1 : dto.state;
    }

    private ComponentConfigurationDTO configurationDto() {
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs()) {
            if (COMPONENT.equals(description.name)) {
                for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                    return configuration;
                }
            }
        }
        return null;
    }

    /** The GPIO bundle's event handler, if it registered one. */
    private Object handlerOfGpio() throws Exception {
        ServiceReference<?>[] handlers = context.getServiceReferences(EventHandler.class.getName(), null);
        if (handlers != null) {
            for (ServiceReference<?> handler : handlers) {
                if ("nightjar.gpio".equals(handler.getBundle().getSymbolicName())) {
                    return handler;
                }
            }
        }
        return null;
    }

    private static void assertNull(Object value) {
        assertFalse("expected nothing, was " + value, value != null);
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        FrameworkChecks.await(what, condition, () -> {
            ComponentConfigurationDTO dto = configurationDto();
            return "component state " + (dto == null ? "none" : dto.state + " " + dto.failure);
        });
    }
}
