package nightjar.camera.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The synthetic camera's picture of one frame, a function of the frame number and the capture time
 * only, so tests can predict it.
 *
 * <p>The scene is a fixed background (a gradient, a grid and colour bars) where, every
 * {@value #CYCLE_SECONDS} s, a person-sized figure (a sixth of the picture height) walks from the
 * left edge to the right one in {@value #CROSSING_SECONDS} s; the first crossing starts
 * {@value #FIRST_CROSSING_SECONDS} s after the source's start (frame 0). So a motion event starts,
 * ends about the event gap after the figure has gone, and the next comes half a minute later. In
 * between only the clock (top left, changing every frame) and the {@link TimeCode} (bottom right,
 * every second) change; both are drawn small and out of the figure's way, so that the motion
 * detector at its default settings does not take them for motion.
 */
final class SyntheticScene {
    static final int CYCLE_SECONDS = 30;
    static final int FIRST_CROSSING_SECONDS = 3;
    static final int CROSSING_SECONDS = 6;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final Color COAT = new Color(235, 190, 40);
    private static final Color FACE = new Color(235, 195, 165);
    private static final Color TROUSERS = new Color(35, 35, 60);
    private static final Color TEXT = new Color(200, 200, 200);

    private final String label;
    private final int width;
    private final int height;
    private final int fps;
    private final ZoneId zone;
    private final BufferedImage background;
    private final Font labelFont;
    private final Font clockFont;

    SyntheticScene(String label, int width, int height, int fps, ZoneId zone) {
        if (width <= 0 || height <= 0 || fps <= 0) {
            throw new IllegalArgumentException("scene needs a positive size and rate, was " + width + "x" + height
                    + " at " + fps + " fps");
        }
        this.label = label;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.zone = zone;
        this.background = paintBackground(width, height);
        this.labelFont = new Font(Font.MONOSPACED, Font.BOLD, Math.max(10, height / 20));
        this.clockFont = new Font(Font.MONOSPACED, Font.PLAIN, Math.max(8, height / 40));
    }

    /** Whether the figure is in the picture in frame {@code frame} (from 0). */
    boolean crossing(long frame) {
        long inCycle = frame % ((long) CYCLE_SECONDS * fps);
        return inCycle >= (long) FIRST_CROSSING_SECONDS * fps
                && inCycle < (long) (FIRST_CROSSING_SECONDS + CROSSING_SECONDS) * fps;
    }

    /** Draws frame {@code frame} (from 0), captured at {@code captured}, onto {@code canvas}. */
    void draw(BufferedImage canvas, long frame, Instant captured) {
        Graphics2D g = canvas.createGraphics();
        try {
            g.drawImage(background, 0, 0, null);
            if (crossing(frame)) {
                drawFigure(g, frame);
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setFont(labelFont);
            int labelLine = labelFont.getSize() + 4;
            g.drawString(label, 8, labelLine);
            g.setColor(TEXT);
            g.setFont(clockFont);
            g.drawString(CLOCK.format(captured.atZone(zone)) + " #" + (frame + 1), 8, clockLine(labelLine));
            TimeCode.draw(g, width, height, captured.getEpochSecond());
        } finally {
            g.dispose();
        }
    }

    private int clockLine(int labelLine) {
        return labelLine + clockFont.getSize() + 4;
    }

    /** The band of the picture the clock text stays in, whatever the time and frame number. */
    Rectangle clockBand() {
        int labelLine = labelFont.getSize() + 4;
        return new Rectangle(0, labelLine + 1, width, clockFont.getSize() + 8);
    }

    /** The band of the picture the figure walks through. */
    Rectangle figureBand() {
        // The legs' round caps reach a little below the figure's height.
        return new Rectangle(0, height / 2, width, figureHeight() * 5 / 4);
    }

    private int figureHeight() {
        return Math.max(12, height / 6);
    }

    /** A walker: head, coat, and two legs that swing, between the left and right edges. */
    private void drawFigure(Graphics2D g, long frame) {
        long sinceStart = frame % ((long) CYCLE_SECONDS * fps) - (long) FIRST_CROSSING_SECONDS * fps;
        double along = sinceStart / (double) (CROSSING_SECONDS * fps);
        int tall = figureHeight();
        int wide = Math.max(4, tall / 3);
        int left = (int) Math.round(-wide + along * (width + wide));
        int top = height / 2;
        int head = tall / 5;
        int coat = tall * 2 / 5;
        int legs = tall - head - coat;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(FACE);
        g.fillOval(left + (wide - head) / 2, top, head, head);
        g.setColor(COAT);
        g.fillRoundRect(left, top + head, wide, coat, wide / 3, wide / 3);
        // Two steps a second: the legs swing forth and back.
        double swing = Math.sin(2 * Math.PI * 2 * frame / fps) * wide / 2;
        int hip = top + head + coat;
        g.setColor(TROUSERS);
        g.setStroke(new BasicStroke(Math.max(2, wide / 3f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(left + wide / 2, hip, (int) Math.round(left + wide / 2.0 + swing), hip + legs);
        g.drawLine(left + wide / 2, hip, (int) Math.round(left + wide / 2.0 - swing), hip + legs);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
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
}
