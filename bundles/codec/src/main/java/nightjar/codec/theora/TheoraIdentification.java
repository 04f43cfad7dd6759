package nightjar.codec.theora;

/**
 * The facts of a Theora identification header (the stream's first packet) needed to time it: the
 * frame rate and how granule positions split into keyframe number and frames since.
 *
 * @param pictureWidth PICW
 * @param pictureHeight PICH
 * @param frameRateNumerator FRN
 * @param frameRateDenominator FRD
 * @param keyframeShift KFGSHIFT
 */
public record TheoraIdentification(int pictureWidth, int pictureHeight, long frameRateNumerator,
        long frameRateDenominator, int keyframeShift) {
    private static final int LENGTH = 42;

    /** Parses the header; IllegalArgumentException when it is not a Theora identification header. */
    public static TheoraIdentification parse(byte[] packet) {
        if (packet.length < LENGTH || (packet[0] & 0xff) != 0x80 || packet[1] != 't' || packet[2] != 'h'
                || packet[3] != 'e' || packet[4] != 'o' || packet[5] != 'r' || packet[6] != 'a') {
            throw new IllegalArgumentException("not a Theora identification header");
        }
        long numerator = bigEndian(packet, 22, 4);
        long denominator = bigEndian(packet, 26, 4);
        if (numerator == 0 || denominator == 0) {
            throw new IllegalArgumentException("the Theora header has no frame rate");
        }
        int shift = ((packet[40] & 0x03) << 3) | ((packet[41] & 0xff) >>> 5);
        return new TheoraIdentification((int) bigEndian(packet, 14, 3), (int) bigEndian(packet, 17, 3), numerator,
                denominator, shift);
    }

    /** Frames up to and including the one at this granule position (Theora 3.2.1 counts from 1). */
    public long frames(long granule) {
        if (granule < 0) {
            return 0;
        }
        return (granule >>> keyframeShift) + (granule & ((1L << keyframeShift) - 1));
    }

    /** Video time covered by the frames up to this granule position. */
    public double seconds(long granule) {
        return frames(granule) * (double) frameRateDenominator / frameRateNumerator;
    }

    private static long bigEndian(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }
}
