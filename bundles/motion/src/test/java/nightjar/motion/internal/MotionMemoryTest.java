package nightjar.motion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import nightjar.api.camera.Camera;
import nightjar.api.camera.CameraState;
import nightjar.api.camera.CameraStatus;
import nightjar.api.camera.Frame;
import nightjar.api.camera.FrameListener;
import nightjar.api.camera.Subscription;
import nightjar.api.motion.MotionStatus;
import nightjar.codec.frame.FrameForms;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.LumaThumbnail;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * The detector's memory per camera: counted from the sizes of its arrays and its JPEG parsers' tables,
 * fixed by the picture size (a shaking camera's block sums included) and the stream's tables, and
 * reported in its {@link MotionStatus}.
 */
class MotionMemoryTest {
    private static final long PER_CELL_640X480 = 80 * 60;

    @Test
    void theMemoryIsCountedFromThePictureSizeAndDoesNotGrow() throws JpegException {
        CameraDetector detector = new CameraDetector(MotionSettings.of(ConfigFile.of(Map.of(), MotionConfig.class)));
        assertEquals(0, detector.memoryBytes(), "nothing held before the first frame");
        byte[] still = picture(640, 480, 0);
        detector.analyse(still, still.length, 0);
        long cells = PER_CELL_640X480;
        // The model's per-cell arrays (9 floats, 4 ints, 6 bytes), its fixed parts (16 regions' boxes and
        // areas among them), the shift search's sample (28 x 21 cells, each with 17 shifts across and down
        // and 4 corners), the block reader's arrays (mean, 14 coefficients, 2 masks, a term) and one DC
        // thumbnail.
        long arrays = cells * (9 * 4 + 4 * 4 + 6) + 5 + 256 * 4 + 5 * 4 * 16 + RegionTracks.memoryBytes()
                + 4L * 28 * 21 * (2 + 2 * 17 + 4) + cells * (1 + 28 + 2 + 4) + cells;
        // And the JPEG parser of the thumbnail: the stream's four Huffman tables (two lookups of 2^11 ints
        // each), the AC tables' skip tables (2^14 chars each), its buffers.
        long parser = detector.memoryBytes() - arrays;
        assertParser(parser);
        long nanos = 0;
        for (int frame = 1; frame < 20; frame++) {
            // A camera that shakes: the blocks' first coefficients are read, the shift searched.
            byte[] moved = picture(640, 480, frame % 2 == 0 ? 0 : 3);
            detector.analyse(moved, moved.length, nanos += 200_000_000L);
        }
        // The block reader's parser, from the first shift search on: as much again.
        long shaken = detector.memoryBytes();
        assertParser(shaken - arrays - parser);
        for (int frame = 20; frame < 40; frame++) {
            byte[] moved = picture(640, 480, frame % 2 == 0 ? 0 : 3);
            detector.analyse(moved, moved.length, nanos += 200_000_000L);
        }
        assertEquals(shaken, detector.memoryBytes(), "the same after more shift searches");
        byte[] larger = picture(1280, 720, 0);
        detector.analyse(larger, larger.length, nanos + 200_000_000L);
        assertEquals(160 * 90 * (9 * 4 + 4 * 4 + 6 + 1 + 28 + 2 + 4 + 1) + 5 + 256 * 4 + 5 * 4 * 16 + RegionTracks.memoryBytes()
                + 4L * 33 * 18 * (2 + 2 * 17 + 4) + shaken - arrays, detector.memoryBytes(),
                "a larger picture, counted anew");
    }

    /**
     * The model and its tracks count every array they hold: the sum of their arrays' sizes, found by looking
     * at their fields, is what they report (a new array left out of the count fails this).
     */
    @Test
    void theModelCountsEveryArrayItHolds() throws Exception {
        CameraDetector detector = new CameraDetector(MotionSettings.of(ConfigFile.of(Map.of(), MotionConfig.class)));
        long nanos = 0;
        for (int frame = 0; frame < 20; frame++) {
            byte[] moved = picture(640, 480, frame % 2 == 0 ? 0 : 3);
            detector.analyse(moved, moved.length, nanos += 200_000_000L);
        }
        MotionModel model = detector.model();
        Field tracksField = MotionModel.class.getDeclaredField("tracks");
        tracksField.setAccessible(true);
        Object tracks = tracksField.get(model);
        long tracksBytes = arrayBytes(tracks);
        for (String regions : new String[] {"current", "previous"}) {
            Field field = RegionTracks.class.getDeclaredField(regions);
            field.setAccessible(true);
            tracksBytes += arrayBytes(field.get(tracks));
        }
        assertEquals(tracksBytes, RegionTracks.memoryBytes(), "the tracks");
        assertEquals(arrayBytes(model) + tracksBytes, model.memoryBytes(), "the model");
    }

    /** The bytes of the arrays an object's own fields hold (not static ones: those are shared). */
    private static long arrayBytes(Object object) throws IllegalAccessException {
        long bytes = 0;
        for (Field field : object.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || !field.getType().isArray()) {
                continue;
            }
            field.setAccessible(true);
            Object array = field.get(object);
            Class<?> type = field.getType().getComponentType();
            int size = type == long.class || type == double.class ? 8 : type == int.class || type == float.class ? 4
                    : type == short.class || type == char.class ? 2 : 1;
            bytes += (long) size * Array.getLength(array);
        }
        return bytes;
    }

    /** A parser's bytes: four Huffman tables' lookups (2 x 2^11 ints), two skip tables (2^14 chars), buffers. */
    private static void assertParser(long bytes) {
        long tables = 4 * 2 * 4 * 2048 + 2 * 2 * 16384;
        assertTrue(bytes >= tables && bytes <= tables + 24 * 1024, "a parser: " + bytes + " bytes");
    }

    @Test
    void theStatusReportsTheMemoryAndTheDetectorReadsTheFramesOwnThumbnail() throws Exception {
        List<FrameListener> listeners = new ArrayList<>();
        Camera camera = camera(listeners);
        MotionComponent component = new MotionComponent();
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.pid", "nightjar.motion~front");
        component.activate(bundleContext(), ConfigFile.of(Map.of(), MotionConfig.class), properties);
        try {
            component.addCamera(camera);
            assertEquals(1, listeners.size());
            assertEquals(0, component.status().memoryBytes(), "before the first frame");
            Frame frame = new Frame("front", 1, 1_000_000_000L, Instant.EPOCH, 640, 480, picture(640, 480, 0));
            listeners.get(0).onFrame(frame);
            MotionStatus status = component.status();
            assertEquals(1, status.analysedFrames());
            // As a detector that reads the frame's thumbnail: no parser of its own until a shift search.
            CameraDetector reference = new CameraDetector(MotionSettings.of(ConfigFile.of(Map.of(), MotionConfig.class)));
            byte[] same = picture(640, 480, 0);
            reference.analyse(ByteBuffer.wrap(same), () -> FrameForms.lumaThumbnail(frame), 0);
            assertEquals(reference.memoryBytes(), status.memoryBytes());
            assertTrue(status.memoryBytes() > 300_000 && status.memoryBytes() < 600_000, "" + status.memoryBytes());
            // The thumbnail the detector read is the frame's: another consumer gets it without reading again.
            LumaThumbnail thumbnail = FrameForms.lumaThumbnail(frame);
            assertSame(thumbnail, FrameForms.lumaThumbnail(frame));
        } finally {
            component.deactivate();
        }
    }

    /** A textured picture (detail in every block), moved right by {@code dx} pixels. */
    private static byte[] picture(int width, int height, int dx) {
        YCbCrImage image = YCbCrImage.allocate(width, height, Sampling.YUV420);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int u = x + dx;
                image.y()[y * width + x] = (byte) (60 + (u * 7 + y * 3) % 40 + ((u / 5 + y / 7) % 2) * 80);
            }
        }
        Arrays.fill(image.cb(), (byte) 128);
        Arrays.fill(image.cr(), (byte) 128);
        return new JpegEncoder(80).encode(image);
    }

    private static Camera camera(List<FrameListener> listeners) {
        return new Camera() {
            @Override
            public String id() {
                return "front";
            }

            @Override
            public String name() {
                return "Front";
            }

            @Override
            public CameraStatus status() {
                return new CameraStatus(CameraState.STREAMING, "", 640, 480, 15);
            }

            @Override
            public Frame latestFrame() {
                return null;
            }

            @Override
            public Subscription subscribe(FrameListener listener) {
                listeners.add(listener);
                return () -> listeners.remove(listener);
            }
        };
    }

    /** Just what {@link MotionComponent} asks of its bundle context: to register its services. */
    private static BundleContext bundleContext() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                MotionMemoryTest.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> method.getName().equals("unregister") ? null : unsupported(method));
        return (BundleContext) Proxy.newProxyInstance(MotionMemoryTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> method.getName().equals("registerService")
                        ? registration : unsupported(method));
    }

    private static Object unsupported(Method method) {
        throw new UnsupportedOperationException(method.getName());
    }
}
