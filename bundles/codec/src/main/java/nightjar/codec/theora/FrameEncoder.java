package nightjar.codec.theora;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import nightjar.codec.internal.BitWriter;
import nightjar.codec.jpeg.Sampling;

/**
 * Encodes Theora frames from quantized coefficients (spec "Frame Header Decode" to "DCT Token Decode").
 *
 * <p>Intra frames code every block. Inter frames code, as INTRA, the blocks that differ from what the
 * decoder shows now by more than noise ({@link NoiseModel}: the camera's learnt noise, and the skip
 * threshold as a floor); the decoder keeps what it has of the others. Because the comparison is
 * against what the decoder shows (kept here as coefficients, exact with the loop filter off) and not
 * against the previous frame, small changes cannot pile up into a visible error.
 */
final class FrameEncoder {
    /** DC prediction weights by available neighbours (bit 0 left, 1 down-left, 2 down, 3 down-right). */
    private static final int[][] WEIGHTS = {
        {0, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 1, 0}, {1, 0, 1, 0}, {0, 0, 1, 0},
        {29, -26, 29, 0}, {0, 0, 0, 1}, {75, 0, 0, 53}, {0, 1, 0, 1}, {75, 0, 0, 53}, {0, 0, 1, 0},
        {75, 0, 0, 53}, {0, 3, 10, 3}, {29, -26, 29, 0}};
    private static final int[] DIVISORS = {1, 1, 1, 1, 1, 2, 1, 32, 1, 128, 2, 128, 1, 128, 16, 32};
    private static final int INTRA_MODE = 1;

    final Geometry geometry;
    final Quantization quantization;
    private final int pictureWidth;
    private final int pictureHeight;
    private final int frameRate;
    private final int keyframeShift;
    private final double skipThreshold;
    /** The coefficients of the frame being encoded, natural order, 64 per block by block id. */
    final short[] current;
    /** What the decoder shows for each block, as the coefficients last coded for it. */
    private final short[] shown;
    private final boolean[] coded;
    /**
     * Per block: mean squared pixel difference between the new picture and the block's running mean
     * ({@link #average}), both unrounded: the frame's own noise on a still block, whatever its
     * texture, since neither side carries a quantizer's rounding.
     */
    private final double[] difference;
    /**
     * Per block: what coding the running mean would gain over what is shown, as mean squared pixel
     * error (the mean against what is shown, less the mean against its own rounding): how far the
     * scene has drifted from what the decoder shows.
     */
    private final double[] meanGain;
    /** Per block: mean pixel shift (8-bit levels) between the new picture (unquantized) and what is shown. */
    private final float[] brightness;
    private final boolean[] changed;
    private final NoiseModel noise;
    /**
     * Per block, natural order: a running mean of the block's unrounded coefficients over the frames
     * since it last changed, in 1/{@value #AVERAGE_SCALE} quantizer steps. Noise averages out of it.
     */
    private final short[] average;
    private final long[] averageNonZero;
    /** Per block: frames since its picture last changed (saturating), which sets the mean's weight. */
    private final byte[] stillFrames;
    /** Per block: what is shown came from a single noisy frame, not from the mean. */
    private final boolean[] noisyShown;
    private final boolean[] fromAverage;
    private boolean anythingShown;
    /** Per block, bit ci set where {@link #current} (and {@link #shown}) hold a non-zero coefficient. */
    private final long[] currentNonZero;
    private final long[] shownNonZero;
    /** Per plane: a Theora coefficient difference times this is a pixel-domain one (quantizer / 4). */
    private final double[][] pixelFactor = new double[3][64];
    /** Per plane: a JPEG quantized coefficient times this is a Theora one before rounding. */
    private final double[][] jpegFactor = new double[3][64];
    private final double lumaDcBias;
    private final double[] zeros = new double[64];
    // Scratch for the coded-block flags and DC prediction, kept from frame to frame.
    private final boolean[] partialSuperblocks;
    private final boolean[] fullSuperblocks;
    private final boolean[] blockFlags;
    private final int[] neighbours = new int[4];
    private final int[] dcResiduals;
    private final Tokenizer tokenizer = new Tokenizer();
    private final BitWriter bits = new BitWriter();
    private HuffmanCode[] tables;

    FrameEncoder(int pictureWidth, int pictureHeight, Sampling sampling, int frameRate, int quality,
            int keyframeShift, double skipThreshold) {
        this.pictureWidth = pictureWidth;
        this.pictureHeight = pictureHeight;
        this.frameRate = frameRate;
        this.keyframeShift = keyframeShift;
        this.skipThreshold = skipThreshold;
        this.geometry = new Geometry((pictureWidth + 15) / 16, (pictureHeight + 15) / 16,
                sampling == Sampling.GREYSCALE ? Sampling.YUV420 : sampling);
        this.quantization = new Quantization(Quantization.qualityToQi(quality));
        int blocks = geometry.blockCount();
        this.current = new short[blocks * 64];
        this.shown = new short[blocks * 64];
        this.coded = new boolean[blocks];
        this.difference = new double[blocks];
        this.meanGain = new double[blocks];
        this.brightness = new float[blocks];
        this.changed = new boolean[blocks];
        this.average = new short[blocks * 64];
        this.averageNonZero = new long[blocks];
        this.stillFrames = new byte[blocks];
        this.noisyShown = new boolean[blocks];
        this.fromAverage = new boolean[blocks];
        this.currentNonZero = new long[blocks];
        this.shownNonZero = new long[blocks];
        for (int p = 0; p < 3; p++) {
            for (int ci = 0; ci < 64; ci++) {
                // Theora's dequantized coefficients are 4x orthonormal; the DCT keeps energy (Parseval).
                pixelFactor[p][ci] = quantization.quantizer(p, ci) / 4.0;
            }
        }
        this.lumaDcBias = quantization.lumaDcBias();
        // The orthonormal DC is 8 times the block's mean.
        this.noise = new NoiseModel(geometry, skipThreshold,
                new double[] {pixelFactor[0][0] / 8, pixelFactor[1][0] / 8, pixelFactor[2][0] / 8});
        this.partialSuperblocks = new boolean[geometry.superblockCount()];
        this.fullSuperblocks = new boolean[geometry.superblockCount()];
        this.blockFlags = new boolean[blocks];
        this.dcResiduals = new int[blocks];
    }

    boolean hasTables() {
        return tables != null;
    }

    /**
     * Encodes the frame in {@link #current}; the first frame must be intra.
     *
     * <p>A coded block that has not changed (a keyframe's, or one refreshed after a change) is coded
     * from its running mean rather than from the new frame: the decoder then shows the scene without
     * the noise of one frame, so later frames, skipped, differ from it by their own noise only (half
     * the squared error of showing an old noisy frame), and the keyframe itself is smaller.
     */
    byte[] encode(boolean intra) {
        Arrays.fill(fromAverage, false);
        if (!anythingShown) {
            Arrays.fill(coded, true);
            Arrays.fill(changed, true);
        } else {
            noise.decide(difference, brightness, changed);
            if (intra) {
                Arrays.fill(coded, true);
            } else {
                chooseCodedBlocks();
            }
            for (int block = 0; block < coded.length; block++) {
                if (coded[block] && !changed[block] && (stillFrames[block] & 0xff) >= MIN_AVERAGED_FRAMES) {
                    codeAverage(block);
                }
            }
        }
        anythingShown = true;
        for (int block = 0; block < coded.length; block++) {
            if (changed[block]) {
                stillFrames[block] = 0; // the next frame restarts the mean
            } else if (stillFrames[block] != (byte) 255) {
                stillFrames[block]++;
            }
            if (coded[block]) {
                noisyShown[block] = !fromAverage[block];
            }
        }
        predictDc();
        tokenizer.tokenize(current, dcResiduals, coded, geometry.codedOrder, geometry.lumaBlockCount());
        if (tables == null) {
            tables = buildTables(tokenizer.counts);
        }
        for (int block = 0; block < coded.length; block++) {
            if (coded[block]) {
                System.arraycopy(current, block * 64, shown, block * 64, 64);
                shownNonZero[block] = currentNonZero[block];
                noise.coded(block);
            }
        }
        bits.reset();
        bits.write(0, 1); // a data packet
        bits.write(intra ? 0 : 1, 1);
        bits.write(quantization.qi(), 6);
        bits.write(0, 1); // one qi for the whole frame
        if (intra) {
            bits.write(0, 3); // reserved
        } else {
            writeCodedFlags();
            writeModes();
            bits.write(0, 1); // motion vector scheme: no macroblock uses one
        }
        writeTokens();
        return bits.toByteArray();
    }

    /** Frames a block's mean needs before it is coded in place of the new frame. */
    private static final int MIN_AVERAGED_FRAMES = 4;
    /** Frames a block that was coded from one noisy frame stays still before its mean replaces it. */
    private static final int REFRESH_FRAMES = 16;
    /** The mean's fixed point: 1/32 of a quantizer step; 32 x 580 fits a short. */
    private static final int AVERAGE_SCALE = 32;

    /** Replaces the block's new coefficients by its running mean, rounded. */
    private void codeAverage(int block) {
        int base = block * 64;
        for (long stale = currentNonZero[block] & ~averageNonZero[block]; stale != 0; stale &= stale - 1) {
            current[base + Long.numberOfTrailingZeros(stale)] = 0;
        }
        long nonZero = 0;
        for (long work = averageNonZero[block]; work != 0; work &= work - 1) {
            int ci = Long.numberOfTrailingZeros(work);
            int mean = average[base + ci];
            short rounded = (short) ((mean + (mean >= 0 ? AVERAGE_SCALE / 2 : -AVERAGE_SCALE / 2 + 1)) / AVERAGE_SCALE);
            current[base + ci] = rounded;
            nonZero |= rounded != 0 ? 1L << ci : 0;
        }
        currentNonZero[block] = nonZero;
        fromAverage[block] = true;
    }

    /**
     * Adds a coefficient to the block's running mean: the new value itself on the first frame after
     * a change, then a plain mean over the next frames, then an exponential one over about 16 frames
     * (a second at 15 fps), so that a slow light change is followed. Returns the mean's non-zero bit;
     * a mean that rounds to zero while the frame is zero is cleared, so the set of coefficients
     * visited stays small.
     */
    private long addToAverage(int index, int ci, double scaled, int shift) {
        int target = (int) Math.round(scaled * AVERAGE_SCALE);
        int mean = average[index];
        mean += shift == 0 ? target - mean : (target - mean + (1 << (shift - 1))) >> shift;
        if (target == 0 && mean > -AVERAGE_SCALE / 2 && mean < AVERAGE_SCALE / 2) {
            mean = 0;
        }
        average[index] = (short) mean;
        return mean != 0 ? 1L << ci : 0;
    }

    /** The mean's weight as a shift: 1, 1/2, 1/4 over the first frames, then 1/8 and 1/16. */
    private int averageShift(int block) {
        int frames = stillFrames[block] & 0xff;
        return frames >= 8 ? 4 : frames >= 4 ? 3 : frames >= 2 ? 2 : frames;
    }

    /** An inter frame with no block coded: the decoder shows the previous frame again. */
    byte[] repeat() {
        bits.reset();
        bits.write(0, 1);
        bits.write(1, 1);
        bits.write(quantization.qi(), 6);
        bits.write(0, 1);
        int superblocks = geometry.superblockCount();
        Arrays.fill(partialSuperblocks, false);
        writeLongRuns(partialSuperblocks, superblocks); // no superblock partly coded
        writeLongRuns(partialSuperblocks, superblocks); // none fully coded
        bits.write(7, 3); // mode scheme 7: no macroblock has a mode to code
        bits.write(0, 1);
        bits.write(0, 8); // Huffman table selectors, DC and AC, though no token follows
        bits.write(0, 8);
        return bits.toByteArray();
    }

    /**
     * Stores a block of the new frame: rounds it into {@link #current}, measures how far the
     * unrounded picture is from the block's running mean (and its mean shift from what the decoder
     * shows), adds it to the mean, and measures what showing the mean would gain. Measuring before
     * rounding matters: noise that tips a coefficient into the next quantizer step would otherwise
     * look like a change.
     *
     * @param scaled the Theora coefficients before rounding (natural order), which this keeps
     */
    void putBlock(int block, double[] scaled) {
        int base = block * 64;
        int plane = geometry.plane[block];
        double[] toPixels = pixelFactor[plane];
        double energy = 0;
        double gain = 0;
        long nonZero = 0;
        long meanNonZero = 0;
        int shift = averageShift(block);
        for (int ci = 0; ci < 64; ci++) {
            double value = scaled[ci];
            short rounded = round(value);
            current[base + ci] = rounded;
            nonZero |= rounded != 0 ? 1L << ci : 0;
            double change = (value - average[base + ci] / (double) AVERAGE_SCALE) * toPixels[ci];
            energy += change * change;
            meanNonZero |= addToAverage(base + ci, ci, value, shift);
            gain += refreshGain(base + ci, toPixels[ci]);
        }
        currentNonZero[block] = nonZero;
        averageNonZero[block] = meanNonZero;
        difference[block] = energy / 64;
        meanGain[block] = gain / 64;
        brightness[block] = (float) ((scaled[0] - shown[base]) * pixelFactor[plane][0] / 8);
    }

    /**
     * Stores a block of JPEG coefficients (natural order, {@code nonZero} marking the non-zero ones):
     * like {@link #putBlock}, but only where this block or what is shown has a non-zero coefficient, a
     * handful of the 64 in most blocks.
     */
    /** Takes a JPEG component's quantization table, for the blocks {@link #putJpegBlock} gets next. */
    void jpegQuantization(int plane, int[] table) {
        for (int ci = 0; ci < 64; ci++) {
            jpegFactor[plane][ci] = table[ci] * quantization.factor(plane, ci);
        }
    }

    void putJpegBlock(int block, short[] values, long nonZero) {
        int base = block * 64;
        int plane = geometry.plane[block];
        double[] toTheora = jpegFactor[plane];
        double[] toPixels = pixelFactor[plane];
        // The luma DC moves under the range mapping even when zero, so it is always converted.
        long work = nonZero | shownNonZero[block] | averageNonZero[block] | (plane == 0 ? 1L : 0L);
        for (long stale = currentNonZero[block] & ~work; stale != 0; stale &= stale - 1) {
            current[base + Long.numberOfTrailingZeros(stale)] = 0;
        }
        double energy = 0;
        double gain = 0;
        long roundedNonZero = 0;
        long meanNonZero = 0;
        int shift = averageShift(block);
        for (; work != 0; work &= work - 1) {
            int ci = Long.numberOfTrailingZeros(work);
            double scaled = values[ci] * toTheora[ci];
            if (ci == 0 && plane == 0) {
                scaled += lumaDcBias;
            }
            short rounded = round(scaled);
            current[base + ci] = rounded;
            roundedNonZero |= rounded != 0 ? 1L << ci : 0;
            double change = (scaled - average[base + ci] / (double) AVERAGE_SCALE) * toPixels[ci];
            energy += change * change;
            meanNonZero |= addToAverage(base + ci, ci, scaled, shift);
            gain += refreshGain(base + ci, toPixels[ci]);
        }
        currentNonZero[block] = roundedNonZero;
        averageNonZero[block] = meanNonZero;
        difference[block] = energy / 64;
        meanGain[block] = gain / 64;
        // The orthonormal DC is 8 times the block's mean.
        double dc = values[0] * toTheora[0] + (plane == 0 ? lumaDcBias : 0);
        brightness[block] = (float) ((dc - shown[base]) * toPixels[0] / 8);
    }

    private static short round(double value) {
        return (short) Math.max(-580, Math.min(580, Math.round(value)));
    }

    /**
     * What showing a coefficient's rounded mean would gain over what is shown, in squared pixels
     * (Parseval: the DCT keeps energy).
     */
    private double refreshGain(int index, double toPixels) {
        double mean = average[index] / (double) AVERAGE_SCALE;
        double fromShown = (mean - shown[index]) * toPixels;
        double fromRounded = (mean - Math.rint(mean)) * toPixels;
        return fromShown * fromShown - fromRounded * fromRounded;
    }

    /** A block the new frame does not cover (padding, or chroma of a greyscale JPEG): mid-grey. */
    void clearBlock(int block) {
        putBlock(block, zeros);
    }

    /**
     * Codes the blocks that changed. A macroblock whose chroma changed but no luma block did gets its
     * most changed luma block coded too: the decoder takes a macroblock without coded luma for an
     * inter macroblock, and ours must be INTRA.
     */
    private void chooseCodedBlocks() {
        Arrays.fill(coded, false);
        for (int[] macroblock : geometry.macroblocks) {
            boolean lumaCoded = false;
            boolean chromaChanged = false;
            int mostChangedLuma = macroblock[0];
            for (int i = 0; i < macroblock.length; i++) {
                int block = macroblock[i];
                boolean wanted = wanted(block);
                if (i < 4) {
                    coded[block] = wanted;
                    lumaCoded |= wanted;
                    if (difference[block] > difference[mostChangedLuma]) {
                        mostChangedLuma = block;
                    }
                } else if (wanted) {
                    chromaChanged = true;
                }
            }
            if (chromaChanged && !lumaCoded) {
                coded[mostChangedLuma] = true;
                lumaCoded = true;
            }
            if (lumaCoded) {
                for (int i = 4; i < macroblock.length; i++) {
                    coded[macroblock[i]] = wanted(macroblock[i]);
                }
            }
        }
    }

    /**
     * A block is coded when it changed; or, once its mean has settled, when it shows one noisy frame
     * or the scene has drifted from what it shows by more than the skip threshold (a slow change).
     */
    private boolean wanted(int block) {
        int still = stillFrames[block] & 0xff;
        return changed[block] || noisyShown[block] && still >= REFRESH_FRAMES
                || still >= MIN_AVERAGED_FRAMES && meanGain[block] > skipThreshold;
    }

    private void predictDc() {
        for (int p = 0; p < 3; p++) {
            int across = geometry.blocksAcross[p];
            int down = geometry.blocksDown[p];
            int last = 0;
            // Raster order from the bottom row up (spec "DC Prediction"); a row below is one row
            // further on in storage, which runs from the top.
            for (int y = 0; y < down; y++) {
                for (int x = 0; x < across; x++) {
                    int block = geometry.block(p, x, y);
                    if (!coded[block]) {
                        continue;
                    }
                    int left = x > 0 ? block - 1 : -1;
                    int downLeft = x > 0 && y > 0 ? block + across - 1 : -1;
                    int below = y > 0 ? block + across : -1;
                    int downRight = x + 1 < across && y > 0 ? block + across + 1 : -1;
                    neighbours[0] = left;
                    neighbours[1] = downLeft;
                    neighbours[2] = below;
                    neighbours[3] = downRight;
                    int mask = 0;
                    for (int i = 0; i < 4; i++) {
                        if (neighbours[i] >= 0 && coded[neighbours[i]]) {
                            mask |= 1 << i;
                        }
                    }
                    int prediction;
                    if (mask == 0) {
                        prediction = last;
                    } else {
                        int sum = 0;
                        for (int i = 0; i < 4; i++) {
                            if ((mask & (1 << i)) != 0) {
                                sum += WEIGHTS[mask][i] * dc(neighbours[i]);
                            }
                        }
                        prediction = sum / DIVISORS[mask];
                        if ((mask & 7) == 7) {
                            int dcLeft = dc(left);
                            int dcDownLeft = dc(downLeft);
                            int dcBelow = dc(below);
                            if (Math.abs(prediction - dcBelow) > 128) {
                                prediction = dcBelow;
                            } else if (Math.abs(prediction - dcLeft) > 128) {
                                prediction = dcLeft;
                            } else if (Math.abs(prediction - dcDownLeft) > 128) {
                                prediction = dcDownLeft;
                            }
                        }
                    }
                    dcResiduals[block] = dc(block) - prediction;
                    last = dc(block);
                }
            }
        }
    }

    private int dc(int block) {
        return current[block * 64];
    }

    private void writeCodedFlags() {
        int[][] superblocks = geometry.superblocks;
        boolean[] partial = partialSuperblocks;
        boolean[] full = fullSuperblocks;
        int fullCount = 0;
        int partialBlocks = 0;
        for (int s = 0; s < superblocks.length; s++) {
            int codedCount = 0;
            for (int block : superblocks[s]) {
                codedCount += coded[block] ? 1 : 0;
            }
            partial[s] = codedCount > 0 && codedCount < superblocks[s].length;
            if (partial[s]) {
                partialBlocks += superblocks[s].length;
            } else {
                full[fullCount++] = codedCount > 0;
            }
        }
        writeLongRuns(partial, partial.length);
        writeLongRuns(full, fullCount);
        int n = 0;
        for (int s = 0; s < superblocks.length; s++) {
            if (partial[s]) {
                for (int block : superblocks[s]) {
                    blockFlags[n++] = coded[block];
                }
            }
        }
        writeShortRuns(blockFlags, partialBlocks);
    }

    private void writeModes() {
        bits.write(0, 3); // scheme 0: the alphabet follows, INTRA ranked first so it costs one bit
        for (int mode = 0; mode < 8; mode++) {
            int rank = mode == INTRA_MODE ? 0 : mode == 0 ? INTRA_MODE : mode;
            bits.write(rank, 3);
        }
        for (int[] macroblock : geometry.macroblocks) {
            if (coded[macroblock[0]] || coded[macroblock[1]] || coded[macroblock[2]] || coded[macroblock[3]]) {
                bits.write(0, 1); // rank 0: INTRA
            }
        }
    }

    /**
     * A run-length code of the spec's bit strings: runs from {@code first} to {@code last} are the
     * prefix, then {@code run - first} in {@code extraBits} bits.
     */
    private record RunCode(int first, int last, int prefix, int prefixBits, int extraBits) {
        /** A code as the spec writes it: {@code code(4, 5, "110", 1)}. */
        static RunCode of(int first, int last, String prefix, int extraBits) {
            return new RunCode(first, last, Integer.parseInt(prefix, 2), prefix.length(), extraBits);
        }
    }

    /** Spec "Long-Run Bit String Decode". */
    private static final RunCode[] LONG_RUNS = {
        RunCode.of(1, 1, "0", 0), RunCode.of(2, 3, "10", 1), RunCode.of(4, 5, "110", 1),
        RunCode.of(6, 9, "1110", 2), RunCode.of(10, 17, "11110", 3), RunCode.of(18, 33, "111110", 4),
        RunCode.of(34, 4129, "111111", 12)};
    /** Spec "Short-Run Bit String Decode". */
    private static final RunCode[] SHORT_RUNS = {
        RunCode.of(1, 2, "0", 1), RunCode.of(3, 4, "10", 1), RunCode.of(5, 6, "110", 1),
        RunCode.of(7, 10, "1110", 2), RunCode.of(11, 14, "11110", 2), RunCode.of(15, 30, "11111", 4)};

    private void writeLongRuns(boolean[] values, int count) {
        writeRuns(values, count, LONG_RUNS, true);
    }

    private void writeShortRuns(boolean[] values, int count) {
        writeRuns(values, count, SHORT_RUNS, false);
    }

    /**
     * A bit string as its first bit and the lengths of its runs, each run of the other value. Long
     * strings may hold a run longer than their longest code: after a run of that length the next
     * value is written out (spec: "a run of 4129 ... followed by an explicit bit"). Short strings
     * cannot, and the encoder never makes one.
     */
    private void writeRuns(boolean[] values, int count, RunCode[] codes, boolean explicitAfterLongest) {
        if (count == 0) {
            return;
        }
        int longest = codes[codes.length - 1].last();
        boolean value = values[0];
        bits.writeBit(value);
        int i = 0;
        while (i < count) {
            int run = 1;
            while (i + run < count && values[i + run] == value && (run < longest || !explicitAfterLongest)) {
                run++;
            }
            if (run > longest) {
                throw new IllegalStateException("a run of " + run + " flags is longer than this string can code");
            }
            for (RunCode code : codes) {
                if (run <= code.last()) {
                    bits.write(code.prefix(), code.prefixBits());
                    bits.write(run - code.first(), code.extraBits());
                    break;
                }
            }
            i += run;
            if (i < count) {
                if (explicitAfterLongest && run == longest) {
                    value = values[i];
                    bits.writeBit(value);
                } else {
                    value = !value;
                }
            }
        }
    }

    private void writeTokens() {
        long[][][] counts = tokenizer.counts;
        int dcLuma = cheapestTable(counts, 0, 0, 0);
        int dcChroma = cheapestTable(counts, 0, 0, 1);
        int acLuma = cheapestTable(counts, 1, 4, 0);
        int acChroma = cheapestTable(counts, 1, 4, 1);
        bits.write(dcLuma, 4);
        bits.write(dcChroma, 4);
        writeStream(tokenizer.dc, dcLuma, dcChroma);
        bits.write(acLuma, 4);
        bits.write(acChroma, 4);
        writeStream(tokenizer.ac, acLuma, acChroma);
    }

    private void writeStream(TokenStream stream, int luma, int chroma) {
        for (int i = 0; i < stream.size; i++) {
            HuffmanCode table = tables[16 * stream.group[i] + (stream.chroma[i] ? chroma : luma)];
            table.write(bits, stream.token[i]);
            bits.write(stream.extra[i], stream.extraBits[i]);
        }
    }

    /** The table index (0 to 15) that codes these groups' counts of one plane class in the fewest bits. */
    private int cheapestTable(long[][][] counts, int firstGroup, int lastGroup, int planeClass) {
        int best = 0;
        long bestCost = Long.MAX_VALUE;
        for (int index = 0; index < 16; index++) {
            long cost = 0;
            for (int g = firstGroup; g <= lastGroup; g++) {
                cost += tables[16 * g + index].cost(counts[g][planeClass]);
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = index;
            }
        }
        return best;
    }

    /**
     * The 80 Huffman tables, from the token counts of the first frame (the headers are written after
     * it is tokenized): per group, table 0 fits its luma tokens, 1 its chroma tokens, 2 both, and the
     * rest repeat table 2. Each frame then picks the cheapest table per group and plane class.
     */
    private static HuffmanCode[] buildTables(long[][][] counts) {
        HuffmanCode[] result = new HuffmanCode[80];
        for (int g = 0; g < 5; g++) {
            long[] both = new long[HuffmanCode.TOKENS];
            for (int t = 0; t < HuffmanCode.TOKENS; t++) {
                both[t] = counts[g][0][t] + counts[g][1][t];
            }
            result[16 * g] = new HuffmanCode(counts[g][0]);
            result[16 * g + 1] = new HuffmanCode(counts[g][1]);
            HuffmanCode combined = new HuffmanCode(both);
            for (int index = 2; index < 16; index++) {
                result[16 * g + index] = combined;
            }
        }
        return result;
    }

    /** The identification header (spec "Identification Header Decode"). */
    byte[] identificationHeader() {
        BitWriter header = new BitWriter();
        header.write(0x80, 8);
        writeSignature(header);
        header.write(3, 8);
        header.write(2, 8);
        header.write(1, 8);
        header.write(geometry.macroblocksAcross, 16);
        header.write(geometry.macroblocksDown, 16);
        header.write(pictureWidth, 24);
        header.write(pictureHeight, 24);
        header.write(0, 8); // picture at the left edge...
        header.write(16 * geometry.macroblocksDown - pictureHeight, 8); // ...and the top: PICY counts from the bottom
        header.write(frameRate, 32);
        header.write(1, 32);
        header.write(1, 24); // square pixels
        header.write(1, 24);
        header.write(2, 8); // Rec. 470BG: the BT.601 matrix of JPEG
        header.write(0, 24);
        header.write(quantization.qi(), 6);
        header.write(keyframeShift, 5);
        header.write(switch (geometry.sampling) {
            case YUV422 -> 2;
            case YUV444 -> 3;
            default -> 0;
        }, 2);
        header.write(0, 3);
        return header.toByteArray();
    }

    /** The comment header: vendor string and NAME=value comments, lengths little-endian. */
    static byte[] commentHeader(String vendor, Map<String, String> comments) {
        BitWriter header = new BitWriter();
        header.write(0x81, 8);
        writeSignature(header);
        writeLittleEndianString(header, vendor);
        header.write(Integer.reverseBytes(comments.size()) & 0xffffffffL, 32);
        for (Map.Entry<String, String> comment : comments.entrySet()) {
            writeLittleEndianString(header, comment.getKey() + "=" + comment.getValue());
        }
        return header.toByteArray();
    }

    /** The setup header: quantization parameters and the 80 Huffman tables. */
    byte[] setupHeader() {
        if (tables == null) {
            throw new IllegalStateException("the setup header follows the first frame's tokens");
        }
        BitWriter header = new BitWriter();
        header.write(0x82, 8);
        writeSignature(header);
        Quantization.writeSetup(header);
        for (HuffmanCode table : tables) {
            table.writeTree(header);
        }
        return header.toByteArray();
    }

    private static void writeSignature(BitWriter header) {
        for (byte b : "theora".getBytes(StandardCharsets.US_ASCII)) {
            header.write(b, 8);
        }
    }

    private static void writeLittleEndianString(BitWriter header, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        header.write(Integer.reverseBytes(bytes.length) & 0xffffffffL, 32);
        for (byte b : bytes) {
            header.write(b, 8);
        }
    }
}
