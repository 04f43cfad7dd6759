package nightjar.motion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;

import org.junit.jupiter.api.Test;

import nightjar.codec.jpeg.Jpeg;
import nightjar.codec.jpeg.YCbCrImage;

/** The tuning view shows, in translucent blue, the cells the detector has learnt to distrust. */
class TuningPictureTest {
    @Test
    void theSwayingLeavesAreShownAsDistrustedAndTheCalmYardIsNot() throws Exception {
        List<byte[]> clip = new OutdoorScene(OutdoorScene.Kind.FOLIAGE, 8).render();
        CameraDetector detector = new CameraDetector(MotionSettings.of(ConfigFile.of(Map.of(), MotionConfig.class)));
        for (int i = 0; i < clip.size(); i++) {
            long nanos = Math.round(i * 1e9 / OutdoorScene.FPS);
            if (detector.due(nanos)) {
                detector.analyse(clip.get(i), clip.get(i).length, nanos);
            }
        }
        TuningPicture.Findings findings = TuningPicture.Findings.of(detector.model());
        int leaves = 0;
        int calm = 0;
        for (int y = 0; y < findings.height(); y++) {
            for (int x = 0; x < findings.width(); x++) {
                boolean distrusted = findings.distrust()[y * findings.width() + x] != 0;
                if (x * 8 >= OutdoorScene.FOLIAGE_LEFT + 8) {
                    leaves += distrusted ? 1 : 0;
                } else if (x * 8 + 8 <= OutdoorScene.FOLIAGE_LEFT - 8) {
                    calm += distrusted ? 1 : 0;
                }
            }
        }
        int leafCells = (findings.width() - (OutdoorScene.FOLIAGE_LEFT + 8) / 8) * findings.height();
        assertTrue(leaves > leafCells * 3 / 4, leaves + " of " + leafCells + " leaf cells distrusted");
        assertEquals(0, calm, "cells of the calm yard distrusted");

        byte[] last = clip.get(clip.size() - 1);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        BufferedImage drawn;
        try {
            drawn = ImageIO.read(new ByteArrayInputStream(new TuningPicture(last, findings, "test").render(writer)));
        } finally {
            writer.dispose();
        }
        // Blue over the leaves: more blue than red where the picture itself is grey.
        YCbCrImage plain = Jpeg.decode(last);
        int bluish = 0;
        int samples = 0;
        for (int y = 40; y < OutdoorScene.HEIGHT; y += 8) {
            for (int x = OutdoorScene.FOLIAGE_LEFT + 20; x < OutdoorScene.WIDTH; x += 8) {
                int rgb = drawn.getRGB(x, y);
                bluish += (rgb & 0xff) > ((rgb >> 16) & 0xff) + 20 ? 1 : 0;
                samples++;
            }
        }
        assertTrue(bluish > samples / 2, bluish + " of " + samples + " leaf pixels tinted blue");
        int rgb = drawn.getRGB(60, 200);
        assertTrue(Math.abs((rgb & 0xff) - ((rgb >> 16) & 0xff)) < 16, "the calm yard is shown as it is: "
                + Integer.toHexString(rgb) + ", luma " + (plain.y()[200 * OutdoorScene.WIDTH + 60] & 0xff));
    }
}
