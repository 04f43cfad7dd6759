package nightjar.rtsp.internal;

import java.util.List;

import nightjar.codec.jpeg.Jpeg;
import nightjar.codec.jpeg.JpegCoefficients;
import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.JpegException;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * Makes a JPEG the RTP/JPEG payload cannot carry into one it can, with our codec. From the quantized
 * coefficients, without decoding the picture (Huffman tables, restart intervals, several scans, Cr
 * quantized apart from Cb, greyscale, other sampling layouts), so the picture is exactly the camera's;
 * 4:4:4 from the coefficients too, its chroma halved through 4x4 transforms ({@link ChromaHalving});
 * by decoding and encoding again only for sizes over 2040 pixels, scaled down.
 * Not for two threads at once (the encoder keeps its buffers).
 */
final class Recoder {
    private final JpegEncoder encoder;

    /** @param quality of the pictures that are decoded and encoded again, 1 to 100 */
    Recoder(int quality) {
        this.encoder = new JpegEncoder(quality);
    }

    /** The JPEG re-coded for the reason given; throws when our codec cannot read it. */
    byte[] recode(byte[] jpeg, JpegLayout.Recode reason) throws JpegException {
        return switch (reason) {
            case HUFFMAN, RESTART, SCANS -> encoder.encode(Jpeg.coefficients(jpeg));
            case QUANTIZATION -> encoder.encode(sharedChromaTable(Jpeg.coefficients(jpeg)));
            case GREYSCALE -> encoder.encode(withNeutralChroma(Jpeg.coefficients(jpeg)));
            case SAMPLING -> {
                JpegCoefficients picture = Jpeg.coefficients(jpeg);
                // 4:4:4 has its chroma halved from the coefficients; 4:2:0 and 4:2:2 laid out with other
                // sampling factors (ffmpeg writes 4:2:2 as 2x2 and 1x2) are only written out again.
                yield encoder.encode(picture.sampling() == Sampling.YUV444 ? ChromaHalving.halved(picture) : picture);
            }
            case SIZE, UNREADABLE -> encoder.encode(fitted(Jpeg.decode(jpeg)));
        };
    }

    /**
     * Cr quantized with Cb's table (the payload has one chroma table), and every table brought into 8 bits:
     * each coefficient is scaled to the new step, the only loss, and a small one.
     */
    static JpegCoefficients sharedChromaTable(JpegCoefficients picture) {
        List<JpegCoefficients.Component> components = picture.components();
        int[] chroma = narrowed(components.get(1).quantization());
        return new JpegCoefficients(picture.width(), picture.height(), picture.sampling(),
                List.of(requantized(components.get(0), narrowed(components.get(0).quantization())),
                        requantized(components.get(1), chroma), requantized(components.get(2), chroma)));
    }

    private static int[] narrowed(int[] table) {
        int[] result = new int[64];
        for (int i = 0; i < 64; i++) {
            result[i] = Math.max(1, Math.min(255, table[i]));
        }
        return result;
    }

    private static JpegCoefficients.Component requantized(JpegCoefficients.Component component, int[] table) {
        short[] from = component.coefficients();
        short[] to = new short[from.length];
        int[] old = component.quantization();
        for (int i = 0; i < from.length; i++) {
            int k = i & 63;
            to[i] = (short) Math.round((float) from[i] * old[k] / table[k]);
        }
        return new JpegCoefficients.Component(component.blocksAcross(), component.blocksDown(), to, table);
    }

    /** A greyscale picture as 4:2:0 with its luma blocks as they are and chroma blocks of zero (neutral grey). */
    static JpegCoefficients withNeutralChroma(JpegCoefficients grey) {
        JpegCoefficients.Component luma = grey.components().get(0);
        int chromaAcross = (grey.width() + 15) / 16;
        int chromaDown = (grey.height() + 15) / 16;
        JpegCoefficients.Component chroma = new JpegCoefficients.Component(chromaAcross, chromaDown,
                new short[chromaAcross * chromaDown * 64], luma.quantization());
        return new JpegCoefficients(grey.width(), grey.height(), Sampling.YUV420, List.of(luma, chroma, chroma));
    }

    /**
     * The picture at 4:2:0 and at most {@link JpegLayout#MAX_SIDE} pixels a side: scaled down by the
     * smallest whole factor that fits (each output sample the mean of a square of input samples).
     */
    static YCbCrImage fitted(YCbCrImage image) {
        int factor = Math.max(1, (Math.max(image.width(), image.height()) + JpegLayout.MAX_SIDE - 1) / JpegLayout.MAX_SIDE);
        int width = Math.max(1, image.width() / factor);
        int height = Math.max(1, image.height() / factor);
        YCbCrImage result = YCbCrImage.allocate(width, height, Sampling.YUV420);
        scale(image.y(), image.width(), image.height(), 1, 1, factor, result.y(), width, height);
        if (image.sampling() == Sampling.GREYSCALE) {
            java.util.Arrays.fill(result.cb(), (byte) 128);
            java.util.Arrays.fill(result.cr(), (byte) 128);
            return result;
        }
        // A chroma sample of the result covers 2x2 luma samples of the result, so 2*factor of the source's luma.
        int across = 2 * factor / image.sampling().horizontalFactor();
        int down = 2 * factor / image.sampling().verticalFactor();
        scale(image.cb(), image.chromaWidth(), image.chromaHeight(), across, down, 0, result.cb(), result.chromaWidth(),
                result.chromaHeight());
        scale(image.cr(), image.chromaWidth(), image.chromaHeight(), across, down, 0, result.cr(), result.chromaWidth(),
                result.chromaHeight());
        return result;
    }

    /**
     * Box filter: each output sample is the mean of an {@code across x down} square of the source (both
     * {@code square} when it is not 0), clipped at the source's edges.
     */
    private static void scale(byte[] source, int sourceWidth, int sourceHeight, int across, int down, int square,
            byte[] target, int width, int height) {
        if (square > 0) {
            across = square;
            down = square;
        }
        for (int y = 0; y < height; y++) {
            int top = y * down;
            int bottom = Math.min(sourceHeight, top + down);
            for (int x = 0; x < width; x++) {
                int left = x * across;
                int right = Math.min(sourceWidth, left + across);
                int sum = 0;
                int count = 0;
                for (int sy = Math.min(top, sourceHeight - 1); sy < Math.max(bottom, Math.min(top, sourceHeight - 1) + 1); sy++) {
                    for (int sx = Math.min(left, sourceWidth - 1); sx < Math.max(right, Math.min(left, sourceWidth - 1) + 1); sx++) {
                        sum += source[sy * sourceWidth + sx] & 0xff;
                        count++;
                    }
                }
                target[y * width + x] = (byte) ((sum + count / 2) / count);
            }
        }
    }
}
