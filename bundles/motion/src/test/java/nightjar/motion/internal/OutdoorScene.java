package nightjar.motion.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.jspecify.annotations.Nullable;

import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * Outdoor clips made at test time, 320x240 at 15 frames per second, JPEG quality 80: a yard with one
 * thing that moves all the time and is not motion (swaying foliage, with or without gusts of wind, or
 * with the wind running through it at walking pace, rippling water, snow, rain, a camera shaking a little
 * or a lot, a clock overlay), and a person-sized figure (22x56 pixels, 1.6% of the picture, plain or dressed in the
 * leaves' tones) walking across it, whose frames are labelled. The yard behind is {@link Yard#OUTDOOR}.
 */
final class OutdoorScene {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final double FPS = 15;
    static final int PERSON_WIDTH = 22;
    static final int PERSON_HEIGHT = 56;
    /** Margin of the world around the picture, for the shaking camera. */
    private static final int MARGIN = 8;
    private static final int WORLD_WIDTH = WIDTH + 2 * MARGIN;
    private static final int WORLD_HEIGHT = HEIGHT + 2 * MARGIN;
    /** Where the foliage begins: the right third of the picture. */
    static final int FOLIAGE_LEFT = 200;
    /** Where the water begins: the bottom third. */
    static final int WATER_TOP = 160;

    /** What moves all the time. */
    enum Kind {
        FOLIAGE, WATER, SNOW, RAIN, JITTER, CLOCK,
        /** The foliage, and now and then a gust that bends the whole of it one way for about a second. */
        GUST,
        /**
         * The foliage with the wind running through it at walking pace: the sway's phase travels across
         * the leaves from right to left at {@link #WAVE_SPEED}, and now and then a gust bends the whole
         * tree one way for {@link #TREE_GUST_SECONDS}.
         */
        WAVE,
        /**
         * A camera on a mast in a strong wind: about ±7 pixels across at 2.6 and 4.1 Hz, ±6 down at 1.9 Hz,
         * twice the {@link #JITTER}, a whole block at a time.
         */
        SHAKE
    }

    /** How fast the wind's wave runs across the leaves in {@link Kind#WAVE}, pixels a second: two body widths. */
    static final double WAVE_SPEED = 44;

    /** What the walking figure looks like. */
    enum Figure {
        /** Dark legs, a dark jacket, a light face: unlike leaves. */
        PLAIN,
        /** Dressed in camouflage: patches of the leaves' own tones, in the leaves' sizes, everywhere but the face. */
        CAMOUFLAGED,
        /**
         * The plain figure close to the camera, four times the size (88x224 pixels: the picture's height, a
         * quarter of its width), as someone walking past a camera on a porch is: a third of the picture changes
         * at once, and much of the figure is in front of the leaves.
         */
        CLOSE;

        int scale() {
            return this == CLOSE ? 4 : 1;
        }

        int width() {
            return PERSON_WIDTH * scale();
        }
    }

    /** A walk from x0 to x1 (the figure's left edge, in pixels) between two times, its top at {@code top}. */
    record Walk(double from, double to, double x0, double x1, int top, Figure figure) {
        /** Pixels a second. */
        double speed() {
            return Math.abs(x1 - x0) / (to - from);
        }

        double left(double seconds) {
            return x0 + (x1 - x0) * (seconds - from) / (to - from);
        }

        boolean during(double seconds) {
            return seconds >= from && seconds < to;
        }

        /** The figure's width inside the picture at a time, in pixels. */
        double visibleWidth(double seconds) {
            if (!during(seconds)) {
                return 0;
            }
            double left = left(seconds);
            return Math.max(0, Math.min(WIDTH, left + figure.width()) - Math.max(0, left));
        }

        /** When a third of the figure is in the picture. */
        double entered() {
            for (double t = from; t < to; t += 0.001) {
                if (visibleWidth(t) >= figure.width() / 3.0) {
                    return t;
                }
            }
            return to;
        }
    }

    private final Kind kind;
    private final int frames;
    /** The clock's digits: how many times 8x14 pixels they are, and the second of the minute it shows first. */
    private int clockScale = 1;
    private int clockStart = 31;
    /** Rain streaks a frame. */
    private int rainStreaks = 180;
    private final List<Walk> walks = new ArrayList<>();
    private final float[] world;
    private final Random random = new Random(17);
    private static final float[] GAUSSIAN = Yard.gaussians(1 << 18);

    OutdoorScene(Kind kind, double seconds) {
        this.kind = kind;
        this.frames = (int) Math.round(seconds * FPS);
        world = Yard.OUTDOOR.paint(WORLD_WIDTH, WORLD_HEIGHT);
        // A fence: thin dark posts with sharp edges, what makes a shaking camera visible.
        for (int y = 61; y < 110; y++) {
            for (int x = 0; x < WORLD_WIDTH; x++) {
                if (x % 13 < 3) {
                    world[y * WORLD_WIDTH + x] -= 50;
                }
            }
        }
    }

    /**
     * The clock's digits {@code scale} times 8x14 pixels, showing {@code startSecond} of the minute first
     * (its seconds' tens and its minute change later in the clip).
     */
    OutdoorScene clock(int scale, int startSecond) {
        clockScale = scale;
        clockStart = startSecond;
        return this;
    }

    /** {@code streaks} rain streaks a frame (180 unless said). */
    OutdoorScene rain(int streaks) {
        rainStreaks = streaks;
        return this;
    }

    /** The figure walks from x0 to x1 (its left edge) between the two times. */
    OutdoorScene walk(double from, double to, double x0, double x1, int top) {
        return walk(from, to, x0, x1, top, Figure.PLAIN);
    }

    /** As {@link #walk(double, double, double, double, int)}, a figure dressed as given. */
    OutdoorScene walk(double from, double to, double x0, double x1, int top, Figure figure) {
        walks.add(new Walk(from, to, x0, x1, top, figure));
        return this;
    }

    Kind kind() {
        return kind;
    }

    List<Walk> walks() {
        return walks;
    }

    int frames() {
        return frames;
    }

    /** Per frame, whether the figure is in the picture. */
    boolean[] labels() {
        boolean[] present = new boolean[frames];
        for (int f = 0; f < frames; f++) {
            for (Walk walk : walks) {
                present[f] |= walk.visibleWidth(f / FPS) > 0;
            }
        }
        return present;
    }

    List<byte[]> render() {
        return render(1);
    }

    /**
     * The clip at {@code scale} times the size (the same scene seen by a camera of more pixels, for
     * {@link OutdoorSpeed}: the world is sampled between its pixels).
     */
    List<byte[]> render(int scale) {
        JpegEncoder encoder = new JpegEncoder(80);
        YCbCrImage image = YCbCrImage.allocate(WIDTH * scale, HEIGHT * scale, Sampling.YUV420);
        Arrays.fill(image.cb(), (byte) 128);
        Arrays.fill(image.cr(), (byte) 128);
        float[] picture = new float[WORLD_WIDTH * WORLD_HEIGHT];
        float[] leaves = kind == Kind.FOLIAGE || kind == Kind.GUST || kind == Kind.WAVE
                ? leafTexture(WORLD_WIDTH, WORLD_HEIGHT, 2200, new Random(31)) : new float[0];
        // The camouflage's patches, at the leaves' density: fixed to the figure, they move with it.
        float[] camouflage = leafTexture(PERSON_WIDTH, PERSON_HEIGHT, 32, new Random(43));
        Flakes flakes = kind == Kind.SNOW ? new Flakes(new Random(23), 260) : null;
        List<byte[]> jpegs = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
            double t = f / FPS;
            System.arraycopy(world, 0, picture, 0, world.length);
            switch (kind) {
                case FOLIAGE -> foliage(picture, leaves, t, 0, 0);
                case GUST -> foliage(picture, leaves, t, gust(t), 0);
                case WAVE -> foliage(picture, leaves, t, treeGust(t), WAVE_SPEED);
                case WATER -> water(picture, t);
                default -> { }
            }
            for (Walk walk : walks) {
                if (walk.during(t)) {
                    person(picture, (int) Math.round(walk.left(t)) + MARGIN, walk.top() + MARGIN, walk.figure().scale(),
                            walk.figure() == Figure.CAMOUFLAGED ? camouflage : null);
                }
            }
            switch (kind) {
                case SNOW -> flakes.draw(picture, t);
                case RAIN -> rain(picture);
                default -> { }
            }
            double shiftX = 0;
            double shiftY = 0;
            if (kind == Kind.JITTER) {
                // A camera on a pole in the wind: about ±3.5 pixels at 3 Hz and 4.7 Hz across, ±2.5 at 2.2 Hz down.
                shiftX = 2.5 * Math.sin(2 * Math.PI * 3 * t) + 1.0 * Math.sin(2 * Math.PI * 4.7 * t + 0.5);
                shiftY = 2.5 * Math.sin(2 * Math.PI * 2.2 * t + 1);
            } else if (kind == Kind.SHAKE) {
                shiftX = 5 * Math.sin(2 * Math.PI * 2.6 * t) + 2 * Math.sin(2 * Math.PI * 4.1 * t + 0.5);
                shiftY = 6 * Math.sin(2 * Math.PI * 1.9 * t + 1);
            }
            sample(picture, shiftX, shiftY, image.y(), scale);
            if (kind == Kind.CLOCK) {
                clock(image.y(), WIDTH * scale, t, clockScale, clockStart);
            }
            jpegs.add(encoder.encode(image));
        }
        return jpegs;
    }

    /** The picture seen through the camera at a sub-pixel offset into the world, with sensor noise. */
    private void sample(float[] picture, double shiftX, double shiftY, byte[] y, int scale) {
        double originX = MARGIN + shiftX;
        double originY = MARGIN + shiftY;
        int offset = random.nextInt(GAUSSIAN.length);
        int width = WIDTH * scale;
        for (int row = 0; row < HEIGHT * scale; row++) {
            double wy = originY + (double) row / scale;
            int y0 = (int) Math.floor(wy);
            float fy = (float) (wy - y0);
            for (int column = 0; column < width; column++) {
                double wx = originX + (double) column / scale;
                int x0 = (int) Math.floor(wx);
                float fx = (float) (wx - x0);
                int i = y0 * WORLD_WIDTH + x0;
                float top = picture[i] + fx * (picture[i + 1] - picture[i]);
                float bottom = picture[i + WORLD_WIDTH] + fx * (picture[i + WORLD_WIDTH + 1] - picture[i + WORLD_WIDTH]);
                float value = top + fy * (bottom - top) + 3 * GAUSSIAN[(offset + row * width + column) & (GAUSSIAN.length - 1)];
                y[row * width + column] = (byte) Math.max(0, Math.min(255, Math.round(value)));
            }
        }
    }

    /**
     * A figure: dark legs, a jacket, a light face; or, with a {@code camouflage} pattern, that below the face;
     * {@code scale} times the size.
     */
    private static void person(float[] picture, int left, int top, int scale, float @Nullable [] camouflage) {
        for (int sy = 0; sy < PERSON_HEIGHT * scale; sy++) {
            int y = top + sy;
            int dy = sy / scale;
            if (y < 0 || y >= WORLD_HEIGHT) {
                continue;
            }
            for (int sx = 0; sx < PERSON_WIDTH * scale; sx++) {
                int x = left + sx;
                int dx = sx / scale;
                if (x < 0 || x >= WORLD_WIDTH) {
                    continue;
                }
                float value;
                if (dy < 12) {
                    double cx = dx - PERSON_WIDTH / 2.0 + 0.5;
                    double cy = dy - 6 + 0.5;
                    if (cx * cx + cy * cy > 36) {
                        continue;
                    }
                    value = 190;
                } else if (dy < 34) {
                    value = camouflage == null ? 45 : camouflage[dy * PERSON_WIDTH + dx];
                } else {
                    if (dx >= 9 && dx < 13) {
                        continue;
                    }
                    value = camouflage == null ? 70 : camouflage[dy * PERSON_WIDTH + dx];
                }
                picture[y * WORLD_WIDTH + x] = value;
            }
        }
    }

    /**
     * Leaves: {@code count} overlapping light and dark ellipses on a dark ground, {@code width x height};
     * for the foliage larger than the area they cover, so they can sway.
     */
    private static float[] leafTexture(int width, int height, int count, Random random) {
        float[] leaves = new float[width * height];
        Arrays.fill(leaves, 60);
        for (int n = 0; n < count; n++) {
            double cx = random.nextDouble() * width;
            double cy = random.nextDouble() * height;
            double a = 3 + random.nextDouble() * 5;
            double b = 1.5 + random.nextDouble() * 2.5;
            double angle = random.nextDouble() * Math.PI;
            float value = (float) (35 + random.nextDouble() * 150);
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            for (int y = (int) (cy - a - 1); y <= cy + a + 1; y++) {
                for (int x = (int) (cx - a - 1); x <= cx + a + 1; x++) {
                    if (x < 0 || y < 0 || x >= width || y >= height) {
                        continue;
                    }
                    double u = ((x - cx) * cos + (y - cy) * sin) / a;
                    double v = (-(x - cx) * sin + (y - cy) * cos) / b;
                    if (u * u + v * v <= 1) {
                        leaves[y * width + x] = value;
                    }
                }
            }
        }
        return leaves;
    }

    /**
     * The right third: leaves displaced by a slowly varying sine field, up to about 7 pixels. Its phase
     * changes slowly across the picture (a wavelength of several hundred pixels), as branches swing; a
     * gust ({@code gust} from 0 to 1) bends all of them further the same way, by up to 12 pixels across
     * and 4 down. With a {@code waveSpeed} (pixels a second), the wind runs through the leaves instead:
     * the phase of each sine travels from right to left at that speed (wavelengths of 40 to 100 pixels),
     * so that where the leaves are bent furthest moves across the picture like someone walking.
     */
    private static void foliage(float[] picture, float[] leaves, double t, double gust, double waveSpeed) {
        // Phase per pixel across: slowly varying as branches swing, or what makes the wave travel.
        double slow = waveSpeed > 0 ? 2 * Math.PI / 2.3 / waveSpeed : 0.008;
        double quick = waveSpeed > 0 ? 2 * Math.PI / 0.9 / waveSpeed : 0.015;
        double sideways = waveSpeed > 0 ? 2 * Math.PI / 1.7 / waveSpeed : 0.012;
        for (int y = 0; y < WORLD_HEIGHT; y++) {
            for (int x = FOLIAGE_LEFT + MARGIN; x < WORLD_WIDTH; x++) {
                // Branches swing in place, each a little out of step with its neighbours.
                double dx = 4.5 * Math.sin(2 * Math.PI * t / 2.3 + 0.012 * y + slow * x)
                        + 2 * Math.sin(2 * Math.PI * t / 0.9 + quick * x - 0.01 * y) - 12 * gust;
                double dy = 2 * Math.sin(2 * Math.PI * t / 1.7 + sideways * x) + 4 * gust;
                double sx = Math.max(0, Math.min(WORLD_WIDTH - 1.001, x + dx));
                double sy = Math.max(0, Math.min(WORLD_HEIGHT - 1.001, y + dy));
                int x0 = (int) sx;
                int y0 = (int) sy;
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                int i = y0 * WORLD_WIDTH + x0;
                float top = leaves[i] + fx * (leaves[i + 1] - leaves[i]);
                float bottom = leaves[i + WORLD_WIDTH] + fx * (leaves[i + WORLD_WIDTH + 1] - leaves[i + WORLD_WIDTH]);
                picture[y * WORLD_WIDTH + x] = top + fy * (bottom - top);
            }
        }
    }

    /** When the gusts blow (seconds); the figure walks from 12 s to 17 s. */
    private static final double[] GUSTS = {5, 8.5, 19.5};
    /** How long a gust bends the leaves, rising and falling smoothly. */
    private static final double GUST_SECONDS = 1.2;

    /** When a gust bends the whole tree in {@link Kind#WAVE}: one of them while the figure walks through. */
    private static final double[] TREE_GUSTS = {4.5, 9, 13.5, 19.5};
    /** How long a gust bends the whole tree in {@link Kind#WAVE}. */
    static final double TREE_GUST_SECONDS = 1.8;

    /** How far the gusts of {@link Kind#WAVE} bend the tree at a time, 0 to 1. */
    static double treeGust(double t) {
        double bend = 0;
        for (double start : TREE_GUSTS) {
            double u = (t - start) / TREE_GUST_SECONDS;
            if (u > 0 && u < 1) {
                bend += Math.pow(Math.sin(Math.PI * u), 2);
            }
        }
        return bend;
    }

    /** How far the gusts bend the leaves at a time, 0 to 1 (1: 12 pixels across and 4 down). */
    static double gust(double t) {
        double bend = 0;
        for (double start : GUSTS) {
            double u = (t - start) / GUST_SECONDS;
            if (u > 0 && u < 1) {
                bend += Math.pow(Math.sin(Math.PI * u), 2);
            }
        }
        return bend;
    }

    /** The bottom third: two wave trains and glints where their crests meet. */
    private static void water(float[] picture, double t) {
        for (int y = WATER_TOP + MARGIN; y < WORLD_HEIGHT; y++) {
            for (int x = 0; x < WORLD_WIDTH; x++) {
                double wave = Math.sin(0.45 * x + 0.3 * y - 2 * Math.PI * 0.8 * t)
                        + 0.8 * Math.sin(0.21 * x - 0.5 * y + 2 * Math.PI * 1.3 * t)
                        + 0.5 * Math.sin(0.07 * x + 0.11 * y + 2 * Math.PI * 0.3 * t);
                double value = 85 + 22 * wave;
                if (wave > 1.9) {
                    value = 225;
                }
                picture[y * WORLD_WIDTH + x] = (float) value;
            }
        }
    }

    /** Snowflakes of 1 to 2.5 pixels falling at 25 to 60 pixels a second, drifting. */
    private static final class Flakes {
        private final double[] x;
        private final double[] y;
        private final double[] speed;
        private final double[] radius;
        private final double[] phase;

        Flakes(Random random, int count) {
            x = new double[count];
            y = new double[count];
            speed = new double[count];
            radius = new double[count];
            phase = new double[count];
            for (int i = 0; i < count; i++) {
                x[i] = random.nextDouble() * WORLD_WIDTH;
                y[i] = random.nextDouble() * WORLD_HEIGHT;
                speed[i] = 25 + random.nextDouble() * 35;
                radius[i] = 1 + random.nextDouble() * 1.5;
                phase[i] = random.nextDouble() * 2 * Math.PI;
            }
        }

        void draw(float[] picture, double t) {
            for (int i = 0; i < x.length; i++) {
                double cy = (y[i] + speed[i] * t) % WORLD_HEIGHT;
                double cx = (x[i] + 6 * Math.sin(t * 1.5 + phase[i]) + 5 * t + WORLD_WIDTH) % WORLD_WIDTH;
                double r = radius[i];
                for (int py = (int) (cy - r); py <= cy + r; py++) {
                    for (int px = (int) (cx - r); px <= cx + r; px++) {
                        if (px >= 0 && py >= 0 && px < WORLD_WIDTH && py < WORLD_HEIGHT
                                && (px - cx) * (px - cx) + (py - cy) * (py - cy) <= r * r) {
                            picture[py * WORLD_WIDTH + px] = 235;
                        }
                    }
                }
            }
        }
    }

    /** Rain: 180 streaks of 8 to 20 pixels, slanted, somewhere new in every frame. */
    private void rain(float[] picture) {
        for (int n = 0; n < rainStreaks; n++) {
            int x = random.nextInt(WORLD_WIDTH);
            int y = random.nextInt(WORLD_HEIGHT);
            int length = 8 + random.nextInt(13);
            for (int k = 0; k < length; k++) {
                int px = x + k / 4;
                int py = y + k;
                if (px < WORLD_WIDTH && py < WORLD_HEIGHT) {
                    int i = py * WORLD_WIDTH + px;
                    picture[i] = Math.min(255, picture[i] + 55);
                }
            }
        }
    }

    /**
     * A camera's date and time printed at the top left in seven-segment digits {@code scale} times 8x14
     * pixels, white on black, every second anew, from {@code start} seconds past the minute (the time
     * alone where the date does not fit).
     */
    private static void clock(byte[] y, int width, double t, int scale, int start) {
        int second = (int) Math.floor(t);
        String time = String.format(Locale.ROOT, "07%02d%02d", 41 + (start + second) / 60, (start + second) % 60);
        int left = 6;
        int top = 6;
        // The date too, where it fits.
        String text = left + 6 * scale + 11 * scale * (9 + time.length()) <= width ? "20261205 " + time : time;
        for (int row = top; row < top + 20 * scale; row++) {
            Arrays.fill(y, row * width + left, row * width + left + 6 * scale + 11 * scale * text.length(), (byte) 0);
        }
        for (int c = 0; c < text.length(); c++) {
            char digit = text.charAt(c);
            if (digit >= '0' && digit <= '9') {
                digit(y, width, left + 3 * scale + 11 * scale * c, top + 3 * scale, scale, SEGMENTS[digit - '0']);
            }
        }
    }

    /** Segments a to g (bit 0 to 6) lit for each digit. */
    private static final int[] SEGMENTS = {0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F};

    /** A digit 8 pixels wide and 14 high, strokes 2 pixels thick, all {@code scale} times that. */
    private static void digit(byte[] y, int width, int left, int top, int scale, int segments) {
        int[][] boxes = { // x, y, width, height of segments a to g
            {0, 0, 8, 2}, {6, 0, 2, 7}, {6, 7, 2, 7}, {0, 12, 8, 2}, {0, 7, 2, 7}, {0, 0, 2, 7}, {0, 6, 8, 2}};
        for (int s = 0; s < 7; s++) {
            if ((segments & (1 << s)) == 0) {
                continue;
            }
            int[] box = boxes[s];
            for (int row = top + scale * box[1]; row < top + scale * (box[1] + box[3]); row++) {
                Arrays.fill(y, row * width + left + scale * box[0], row * width + left + scale * (box[0] + box[2]),
                        (byte) 235);
            }
        }
    }
}
