package nightjar.motion.internal;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.jspecify.annotations.Nullable;

import nightjar.codec.jpeg.Jpeg;
import nightjar.codec.jpeg.JpegException;

/**
 * What the detector saw in one analysed frame, copied out of the model for the tuning view, and its
 * drawing: the camera's picture with the changed cells, the moving regions and the zones over it, and
 * in translucent blue the cells it has learnt to distrust (restless: swaying leaves, water, a clock
 * overlay), where only something that moves on steadily counts.
 * Made only while someone watches; drawn on the viewer's thread, never the camera's.
 */
final class TuningPicture {
    private static final Color CHANGED = new Color(255, 210, 0, 90);
    private static final Color MOVING = new Color(255, 40, 40, 130);
    private static final Color EXCLUDED = new Color(0, 0, 0, 110);
    private static final Color INCLUDE_LINE = new Color(60, 220, 90);
    private static final Color EXCLUDE_LINE = new Color(255, 140, 0);
    /** Cells the detector has learnt to distrust (restless: leaves, water, an overlay's clock), in blue. */
    private static final Color[] DISTRUSTED = distrustShades();

    static final int DISTRUST_STEPS = 8;

    private final byte[] jpeg;
    private final @Nullable Findings findings;
    private final String caption;

    /**
     * The model's state after a frame, in thumbnail cells; {@code distrust} is each cell's activity in
     * steps of 1/{@value #DISTRUST_STEPS}, 0 where the cell is calm enough to be trusted.
     */
    record Findings(int width, int height, byte[] changed, byte[] moving, byte[] zoneMask, byte[] distrust,
            int[] regions, Zones zones) {
        static Findings of(MotionModel model) {
            int[] regions = new int[model.regionCount() * 4];
            for (int i = 0; i < model.regionCount(); i++) {
                for (int edge = 0; edge < 4; edge++) {
                    regions[i * 4 + edge] = model.region(i, edge);
                }
            }
            float[] activity = model.activity();
            byte[] distrust = new byte[activity.length];
            for (int i = 0; i < activity.length; i++) {
                distrust[i] = (byte) (activity[i] < MotionModel.RESTLESS ? 0
                        : Math.min(DISTRUST_STEPS, Math.round(activity[i] * DISTRUST_STEPS)));
            }
            // The zone mask is not copied: the model never changes it in place.
            return new Findings(model.width(), model.height(), model.changed().clone(), model.moving().clone(),
                    model.zoneMask(), distrust, regions, model.zones());
        }
    }

    TuningPicture(byte[] jpeg, @Nullable Findings findings, String caption) {
        this.jpeg = jpeg;
        this.findings = findings;
        this.caption = caption;
    }

    /** The picture with the overlay, as a JPEG; the writer is the viewer's, reused from frame to frame. */
    byte[] render(ImageWriter writer) throws IOException {
        BufferedImage picture;
        try {
            // From memory: ImageIO's default cache would write every frame to a temporary file.
            picture = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(Jpeg.withHuffmanTables(jpeg))));
        } catch (JpegException e) {
            throw new IOException("unreadable frame: " + e.getMessage(), e);
        }
        if (picture == null) {
            throw new IOException("unreadable frame");
        }
        BufferedImage canvas = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.drawImage(picture, 0, 0, null);
            Findings seen = findings;
            if (seen != null) {
                draw(g, seen, canvas.getWidth(), canvas.getHeight());
            }
            drawCaption(g);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + jpeg.length / 2);
        ImageWriteParam parameters = writer.getDefaultWriteParam();
        parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        parameters.setCompressionQuality(0.75f);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(canvas, null, null), parameters);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, Findings seen, int width, int height) {
        // Cells are 8x8 blocks; the last row or column may hang over the picture's edge.
        for (int y = 0; y < seen.height(); y++) {
            for (int x = 0; x < seen.width(); x++) {
                int i = y * seen.width() + x;
                if (seen.distrust()[i] != 0 && seen.zoneMask()[i] != 0) {
                    g.setColor(DISTRUSTED[seen.distrust()[i]]);
                    g.fillRect(x * 8, y * 8, 8, 8);
                }
                Color fill = seen.moving()[i] != 0 ? MOVING : seen.changed()[i] != 0 ? CHANGED
                        : seen.zoneMask()[i] == 0 ? EXCLUDED : null;
                if (fill != null) {
                    g.setColor(fill);
                    g.fillRect(x * 8, y * 8, 8, 8);
                }
            }
        }
        g.setComposite(AlphaComposite.SrcOver);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(2));
        for (Zones.Polygon polygon : seen.zones().polygons()) {
            Path2D outline = new Path2D.Double();
            outline.moveTo(polygon.x()[0] * width, polygon.y()[0] * height);
            for (int i = 1; i < polygon.x().length; i++) {
                outline.lineTo(polygon.x()[i] * width, polygon.y()[i] * height);
            }
            outline.closePath();
            g.setColor(polygon.include() ? INCLUDE_LINE : EXCLUDE_LINE);
            g.draw(outline);
        }
        g.setColor(Color.RED);
        int[] regions = seen.regions();
        for (int i = 0; i < regions.length; i += 4) {
            g.drawRect(regions[i] * 8, regions[i + 1] * 8, (regions[i + 2] - regions[i]) * 8,
                    (regions[i + 3] - regions[i + 1]) * 8);
        }
    }

    private void drawCaption(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        int textWidth = g.getFontMetrics().stringWidth(caption);
        g.setColor(new Color(0, 0, 0, 160));
        g.fillRect(0, 0, textWidth + 12, 22);
        g.setColor(Color.WHITE);
        g.drawString(caption, 6, 16);
    }

    /** Blue, more opaque the more restless the cell. */
    private static Color[] distrustShades() {
        Color[] shades = new Color[DISTRUST_STEPS + 1];
        for (int step = 0; step <= DISTRUST_STEPS; step++) {
            shades[step] = new Color(40, 120, 255, 30 + 100 * step / DISTRUST_STEPS);
        }
        return shades;
    }

    static String caption(MotionModel model, boolean inEvent) {
        String verdict = switch (model.verdict()) {
            case LEARNING -> "learning the background";
            case LIGHT_CHANGE -> "light change: background re-learnt";
            case STILL -> "still";
            case MOTION -> String.format(Locale.ROOT, "motion %.1f%% in %d region%s", model.score() * 100,
                    model.regionCount(), model.regionCount() == 1 ? "" : "s");
        };
        String shift = model.shiftX() == 0 && model.shiftY() == 0 ? ""
                : String.format(Locale.ROOT, " | camera moved %+d,%+d px", model.shiftX(), model.shiftY());
        return verdict + (inEvent ? " | EVENT" : "") + String.format(Locale.ROOT, " | light x%.2f", model.gain()) + shift;
    }
}
