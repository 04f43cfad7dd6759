package nightjar.motion.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * Test clips made at test time: a textured still scene ({@link Yard#SCENE}) with sensor noise, JPEG-encoded like a
 * camera's frames, to which a test adds a moving object and light changes.
 */
final class Scene {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    /** A square of about 1% of the picture. */
    static final int OBJECT_SIZE = 56;
    private static final short OBJECT_LUMA = 215;

    private final double fps;
    private final int frames;
    private final short[] background;
    private final Random random = new Random(7);
    /** Gaussian samples to draw each frame's sensor noise from. */
    private static final float[] GAUSSIAN = Yard.gaussians(1 << 20);
    private double noise = 6;
    private IntToDoubleFunction light = frame -> 1;
    private IntToDoubleFunction leftLight = frame -> 1;
    private final List<Movement> movements = new ArrayList<>();

    /** An object between two frames, its top-left corner moving from (x0, y0) to (x1, y1), staying to {@code until}. */
    private record Movement(int from, int to, int until, double x0, double y0, double x1, double y1, int size,
            short luma) {
    }

    Scene(double fps, double seconds) {
        this.fps = fps;
        this.frames = (int) Math.round(fps * seconds);
        this.background = new short[WIDTH * HEIGHT];
        float[] yard = Yard.SCENE.paint(WIDTH, HEIGHT);
        for (int i = 0; i < background.length; i++) {
            background[i] = (short) yard[i];
        }
    }

    int frames() {
        return frames;
    }

    int frameAt(double seconds) {
        return (int) Math.round(seconds * fps);
    }

    Scene noise(double sigma) {
        noise = sigma;
        return this;
    }

    /** The light level per frame, as a factor on every pixel (exposure, lamps, flicker). */
    Scene light(IntToDoubleFunction level) {
        light = level;
        return this;
    }

    /** An extra factor on the left 40% of the picture only (an IR lamp lighting one side). */
    Scene leftLight(IntToDoubleFunction level) {
        leftLight = level;
        return this;
    }

    /**
     * An object that appears at {@code fromSecond}, moves from (x0, y0) to (x1, y1) (normalised corner
     * positions) until {@code toSecond}, stays there until {@code untilSecond}, then disappears.
     */
    Scene object(double fromSecond, double toSecond, double untilSecond, double x0, double y0, double x1, double y1) {
        return object(fromSecond, toSecond, untilSecond, x0, y0, x1, y1, OBJECT_SIZE);
    }

    /** As {@link #object(double, double, double, double, double, double, double)}, a square of another size. */
    Scene object(double fromSecond, double toSecond, double untilSecond, double x0, double y0, double x1, double y1,
            int size) {
        return object(fromSecond, toSecond, untilSecond, x0, y0, x1, y1, size, OBJECT_LUMA);
    }

    /** As {@link #object(double, double, double, double, double, double, double, int)}, in another tone. */
    Scene object(double fromSecond, double toSecond, double untilSecond, double x0, double y0, double x1, double y1,
            int size, int luma) {
        movements.add(new Movement(frameAt(fromSecond), frameAt(toSecond), frameAt(untilSecond), x0, y0, x1, y1, size,
                (short) luma));
        return this;
    }

    List<byte[]> render() {
        JpegEncoder encoder = new JpegEncoder(80);
        List<byte[]> jpegs = new ArrayList<>(frames);
        YCbCrImage image = YCbCrImage.allocate(WIDTH, HEIGHT, Sampling.YUV420);
        java.util.Arrays.fill(image.cb(), (byte) 128);
        java.util.Arrays.fill(image.cr(), (byte) 128);
        short[] picture = new short[WIDTH * HEIGHT];
        for (int frame = 0; frame < frames; frame++) {
            System.arraycopy(background, 0, picture, 0, picture.length);
            for (Movement movement : movements) {
                if (frame >= movement.from && frame < movement.until) {
                    double progress = Math.min(1, (frame - movement.from) / (double) Math.max(1, movement.to - movement.from));
                    int left = (int) Math.round((movement.x0 + (movement.x1 - movement.x0) * progress) * WIDTH);
                    int top = (int) Math.round((movement.y0 + (movement.y1 - movement.y0) * progress) * HEIGHT);
                    for (int y = Math.max(0, top); y < Math.min(HEIGHT, top + movement.size); y++) {
                        for (int x = Math.max(0, left); x < Math.min(WIDTH, left + movement.size); x++) {
                            picture[y * WIDTH + x] = movement.luma;
                        }
                    }
                }
            }
            double level = light.applyAsDouble(frame);
            double leftLevel = level * leftLight.applyAsDouble(frame);
            byte[] y = image.y();
            int offset = random.nextInt(GAUSSIAN.length);
            for (int row = 0; row < HEIGHT; row++) {
                for (int column = 0; column < WIDTH; column++) {
                    int i = row * WIDTH + column;
                    double value = picture[i] * (column < WIDTH * 2 / 5 ? leftLevel : level)
                            + GAUSSIAN[(offset + i) & (GAUSSIAN.length - 1)] * noise;
                    y[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
                }
            }
            jpegs.add(encoder.encode(image));
        }
        return jpegs;
    }
}
