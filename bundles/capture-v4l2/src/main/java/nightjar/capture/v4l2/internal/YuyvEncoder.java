package nightjar.capture.v4l2.internal;

import java.nio.ByteBuffer;

import nightjar.codec.jpeg.JpegEncoder;
import nightjar.codec.jpeg.Sampling;
import nightjar.codec.jpeg.YCbCrImage;

/**
 * Packed YUYV (4:2:2, Y0 Cb Y1 Cr) to JPEG at 4:2:2, the same sampling, so no chroma is lost or
 * invented. V4L2 delivers YUYV in limited range (luma 16-235, chroma 16-240) and JPEG means full
 * range, so samples are stretched on the way through tables. Takes the picture out of the device buffer first ({@link #load}), so the buffer can go
 * back to the driver before the slower encode. Keeps its planes between frames.
 */
final class YuyvEncoder {
    private static final byte[] LUMA = stretch(16, 219);
    private static final byte[] CHROMA = stretch(16, 224);

    private final int width;
    private final int height;
    private final int bytesPerLine;
    private final YCbCrImage planes;
    private final byte[] row;
    private final JpegEncoder encoder;

    YuyvEncoder(int width, int height, int bytesPerLine, int quality) {
        if (width % 2 != 0 || bytesPerLine < width * 2) {
            throw new IllegalArgumentException("a YUYV picture " + width + " wide cannot have " + bytesPerLine
                    + " bytes per line");
        }
        this.width = width;
        this.height = height;
        this.bytesPerLine = bytesPerLine;
        this.planes = YCbCrImage.allocate(width, height, Sampling.YUV422);
        this.row = new byte[width * 2];
        this.encoder = new JpegEncoder(quality);
    }

    /** Bytes a whole picture takes in the device buffer. */
    int frameBytes() {
        return bytesPerLine * (height - 1) + width * 2;
    }

    /** Copies a picture out of the buffer into the planes. */
    void load(ByteBuffer buffer) {
        byte[] y = planes.y();
        byte[] cb = planes.cb();
        byte[] cr = planes.cr();
        int half = width / 2;
        for (int line = 0; line < height; line++) {
            buffer.get(line * bytesPerLine, row, 0, row.length);
            int luma = line * width;
            int chroma = line * half;
            for (int pair = 0; pair < half; pair++) {
                int i = pair * 4;
                y[luma + 2 * pair] = LUMA[row[i] & 0xFF];
                cb[chroma + pair] = CHROMA[row[i + 1] & 0xFF];
                y[luma + 2 * pair + 1] = LUMA[row[i + 2] & 0xFF];
                cr[chroma + pair] = CHROMA[row[i + 3] & 0xFF];
            }
        }
    }

    private static byte[] stretch(int low, int span) {
        byte[] table = new byte[256];
        for (int i = 0; i < 256; i++) {
            table[i] = (byte) Math.max(0, Math.min(255, Math.round((i - low) * 255.0 / span)));
        }
        return table;
    }

    /** The JPEG of the picture last loaded; a new array. */
    byte[] encode() {
        return encoder.encode(planes);
    }
}
