package nightjar.camera.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.jspecify.annotations.Nullable;

import nightjar.api.camera.CameraState;
import nightjar.api.capture.FrameSink;

/**
 * A moving test scene for machines without a camera: a fixed background, a ball that crosses it,
 * and the time and frame number drawn in, JPEG-encoded and paced to the configured rate.
 */
final class SyntheticSource implements FrameSource {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final Color BALL = new Color(230, 60, 40);

    private final String label;
    private final int width;
    private final int height;
    private final int fps;
    private final float quality;
    private final FrameSink sink;
    private final ScheduledExecutorService timer;
    // Reused from frame to frame; only the timer thread touches them.
    private final BufferedImage background;
    private final BufferedImage canvas;
    private final ByteArrayOutputStream encoded;
    private final Font font;
    private @Nullable ImageWriter writer;
    private @Nullable ImageWriteParam writeParam;
    private long frameNumber;

    SyntheticSource(String threadName, String label, int width, int height, int fps, int quality, FrameSink sink) {
        this.label = label;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.quality = quality / 100f;
        this.sink = sink;
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.named(threadName));
        this.background = paintBackground(width, height);
        this.canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.encoded = new ByteArrayOutputStream(width * height / 4);
        this.font = new Font(Font.MONOSPACED, Font.BOLD, Math.max(10, height / 20));
    }

    @Override
    public void start() {
        long periodNanos = 1_000_000_000L / fps;
        timer.scheduleAtFixedRate(this::produce, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void produce() {
        try {
            drawScene(frameNumber++);
            sink.frame(width, height, encode());
        } catch (IOException | RuntimeException e) {
            sink.state(CameraState.ERROR, "synthetic scene failed: " + e);
        }
    }

    private void drawScene(long frame) {
        Graphics2D g = canvas.createGraphics();
        try {
            g.drawImage(background, 0, 0, null);
            // The ball crosses the picture in four seconds and bounces back.
            double phase = (frame % (8L * fps)) / (4.0 * fps);
            double along = phase <= 1 ? phase : 2 - phase;
            int size = Math.max(8, height / 6);
            int x = (int) (along * (width - size));
            int y = (int) ((height - size) * (0.5 + 0.35 * Math.sin(frame * Math.PI / (2.0 * fps))));
            g.setColor(BALL);
            g.fillOval(x, y, size, size);
            g.setFont(font);
            g.setColor(Color.WHITE);
            int line = font.getSize() + 4;
            g.drawString(label, 8, line);
            g.drawString(LocalTime.now().format(CLOCK) + "  #" + (frame + 1), 8, height - 8);
        } finally {
            g.dispose();
        }
    }

    private byte[] encode() throws IOException {
        ImageWriter jpegWriter = writer;
        ImageWriteParam param = writeParam;
        if (jpegWriter == null || param == null) {
            jpegWriter = ImageIO.getImageWritersByFormatName("jpeg").next();
            param = jpegWriter.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer = jpegWriter;
            writeParam = param;
        }
        encoded.reset();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(encoded)) {
            jpegWriter.setOutput(out);
            jpegWriter.write(null, new IIOImage(canvas, null, null), param);
        }
        return encoded.toByteArray();
    }

    private static BufferedImage paintBackground(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 110), 0, height, new Color(90, 140, 90)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(255, 255, 255, 60));
            g.setStroke(new BasicStroke(1));
            int step = Math.max(16, width / 16);
            for (int x = 0; x < width; x += step) {
                g.drawLine(x, 0, x, height);
            }
            for (int y = 0; y < height; y += step) {
                g.drawLine(0, y, width, y);
            }
            // Bars of known colours, so a decoded picture can be checked by eye.
            Color[] bars = {Color.WHITE, Color.YELLOW, Color.CYAN, Color.GREEN, Color.MAGENTA, Color.RED, Color.BLUE};
            int barWidth = width / bars.length;
            for (int i = 0; i < bars.length; i++) {
                g.setColor(bars[i]);
                g.fillRect(i * barWidth, height * 3 / 4, barWidth, height / 12);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ImageWriter jpegWriter = writer;
        if (jpegWriter != null) {
            jpegWriter.dispose();
        }
    }
}
