package nightjar.codec.theora;

import java.util.Arrays;

import nightjar.codec.internal.ZigZag;

/**
 * Turns the coded blocks of a frame into DCT tokens in bitstream order (spec "DCT Token Decode"):
 * each block is tokenized over its zig-zag positions, then tokens are visited coefficient index by
 * coefficient index, blocks in coded order, and consecutive end-of-block tokens merge into EOB runs,
 * which may span blocks, planes and coefficient indices.
 */
final class Tokenizer {
    private static final int END_OF_BLOCK = -1;
    private static final int MAX_EOB_RUN = 4095;

    /** Tokens starting at the DC position (table group 0), then the rest, each in bitstream order. */
    final TokenStream dc = new TokenStream();
    final TokenStream ac = new TokenStream();
    /** counts[group][chroma ? 1 : 0][token] for the frame just tokenized. */
    final long[][][] counts = new long[5][2][HuffmanCode.TOKENS];

    // Per starting position, the tokens of every block in coded order: block, token, extra, bits.
    private final int[] bucketSize = new int[64];
    private int[][] buckets = new int[64][256];
    private final int[] zigzag = new int[64];

    private int eobRun;
    private int eobFirstPosition;
    private boolean eobFirstChroma;

    /**
     * Tokenizes a frame.
     *
     * @param coefficients natural-order coefficients, 64 per block by block id
     * @param dcResiduals DC after prediction, by block id
     * @param coded which blocks are coded, by block id
     * @param codedOrder the block ids in bitstream order
     * @param lumaBlocks block ids below this are luma
     */
    void tokenize(short[] coefficients, int[] dcResiduals, boolean[] coded, int[] codedOrder, int lumaBlocks) {
        Arrays.fill(bucketSize, 0);
        for (long[][] perGroup : counts) {
            for (long[] perClass : perGroup) {
                Arrays.fill(perClass, 0);
            }
        }
        for (int block : codedOrder) {
            if (!coded[block]) {
                continue;
            }
            int base = block * 64;
            for (int k = 0; k < 64; k++) {
                zigzag[k] = coefficients[base + ZigZag.natural(k)];
            }
            zigzag[0] = dcResiduals[block];
            tokenizeBlock(block);
        }
        dc.clear();
        ac.clear();
        eobRun = 0;
        for (int position = 0; position < 64; position++) {
            int[] bucket = buckets[position];
            for (int i = 0; i < bucketSize[position]; i += 4) {
                int block = bucket[i];
                int token = bucket[i + 1];
                boolean chroma = block >= lumaBlocks;
                if (token == END_OF_BLOCK) {
                    if (eobRun == 0) {
                        eobFirstPosition = position;
                        eobFirstChroma = chroma;
                    }
                    if (++eobRun == MAX_EOB_RUN) {
                        flushEobRun();
                    }
                } else {
                    flushEobRun();
                    emit(position, token, bucket[i + 2], bucket[i + 3], chroma);
                }
            }
        }
        flushEobRun();
    }

    private void tokenizeBlock(int block) {
        int last = 63;
        while (last >= 0 && zigzag[last] == 0) {
            last--;
        }
        int position = 0;
        while (position <= last) {
            int next = position;
            while (zigzag[next] == 0) {
                next++;
            }
            int run = next - position;
            int value = zigzag[next];
            int magnitude = Math.abs(value);
            int sign = value < 0 ? 1 : 0;
            if (run == 0) {
                valueToken(block, position, value);
                position = next + 1;
            } else if (magnitude == 1 && run <= 5) {
                add(position, block, 22 + run, sign, 1); // tokens 23-27: 1 to 5 zeros, then +-1
                position = next + 1;
            } else {
                if (run <= 8) {
                    add(position, block, 7, run - 1, 3);
                } else {
                    add(position, block, 8, run - 1, 6);
                }
                position = next; // the value follows as a token of its own
            }
        }
        if (position < 64) {
            add(position, block, END_OF_BLOCK, 0, 0);
        }
    }

    private void valueToken(int block, int position, int value) {
        int magnitude = Math.min(580, Math.abs(value));
        int sign = value < 0 ? 1 : 0;
        if (magnitude == 1) {
            add(position, block, 9 + sign, 0, 0);
        } else if (magnitude == 2) {
            add(position, block, 11 + sign, 0, 0);
        } else if (magnitude <= 6) {
            add(position, block, 13 + magnitude - 3, sign, 1);
        } else if (magnitude <= 8) {
            add(position, block, 17, (sign << 1) | (magnitude - 7), 2);
        } else if (magnitude <= 12) {
            add(position, block, 18, (sign << 2) | (magnitude - 9), 3);
        } else if (magnitude <= 20) {
            add(position, block, 19, (sign << 3) | (magnitude - 13), 4);
        } else if (magnitude <= 36) {
            add(position, block, 20, (sign << 4) | (magnitude - 21), 5);
        } else if (magnitude <= 68) {
            add(position, block, 21, (sign << 5) | (magnitude - 37), 6);
        } else {
            add(position, block, 22, (sign << 9) | (magnitude - 69), 10);
        }
    }

    private void add(int position, int block, int token, int extra, int extraBits) {
        int size = bucketSize[position];
        int[] bucket = buckets[position];
        if (size + 4 > bucket.length) {
            bucket = Arrays.copyOf(bucket, bucket.length * 2);
            buckets[position] = bucket;
        }
        bucket[size] = block;
        bucket[size + 1] = token;
        bucket[size + 2] = extra;
        bucket[size + 3] = extraBits;
        bucketSize[position] = size + 4;
    }

    private void flushEobRun() {
        if (eobRun == 0) {
            return;
        }
        int run = eobRun;
        eobRun = 0;
        if (run <= 3) {
            emit(eobFirstPosition, run - 1, 0, 0, eobFirstChroma);
        } else if (run <= 7) {
            emit(eobFirstPosition, 3, run - 4, 2, eobFirstChroma);
        } else if (run <= 15) {
            emit(eobFirstPosition, 4, run - 8, 3, eobFirstChroma);
        } else if (run <= 31) {
            emit(eobFirstPosition, 5, run - 16, 4, eobFirstChroma);
        } else {
            emit(eobFirstPosition, 6, run, 12, eobFirstChroma);
        }
    }

    private void emit(int position, int token, int extra, int extraBits, boolean chroma) {
        int group = group(position);
        counts[group][chroma ? 1 : 0][token]++;
        (position == 0 ? dc : ac).add(token, extra, extraBits, group, chroma);
    }

    /** The Huffman table group of a coefficient index (spec: 0, 1-5, 6-14, 15-27, 28-63). */
    static int group(int position) {
        if (position == 0) {
            return 0;
        }
        if (position <= 5) {
            return 1;
        }
        if (position <= 14) {
            return 2;
        }
        return position <= 27 ? 3 : 4;
    }
}
