package nightjar.codec.theora;

import nightjar.codec.jpeg.Sampling;

/**
 * The block structure of a Theora frame (spec "Blocks and Super Blocks", "Macro Blocks"): planes of
 * 8x8 blocks counted from the bottom-left, 4x4-block superblocks, the Hilbert-curve coded order of
 * blocks, and the macroblock order.
 *
 * <p>A block's id is its place in storage: plane by plane, rows from the top, the order in which a
 * JPEG delivers its blocks, so filling a frame walks memory forwards. {@link #codedOrder} gives the
 * bitstream's order of the same ids.
 */
final class Geometry {
    /** Position i of the Hilbert curve inside a superblock, as (dx, dy) with dy counted upward. */
    private static final int[][] HILBERT = {
        {0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 2}, {0, 3}, {1, 3}, {1, 2},
        {2, 2}, {2, 3}, {3, 3}, {3, 2}, {3, 1}, {2, 1}, {2, 0}, {3, 0}};
    /** Macroblocks of a luma superblock in coded order, as (dx, dy) in macroblock units. */
    private static final int[][] MACROBLOCK_ORDER = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};

    final int macroblocksAcross;
    final int macroblocksDown;
    final Sampling sampling;
    /** Blocks across and down each plane. */
    final int[] blocksAcross = new int[3];
    final int[] blocksDown = new int[3];
    /** First coded index of each plane, and one past the last. */
    final int[] planeStart = new int[4];
    /** Per block id: its plane. */
    final int[] plane;
    /** The block ids in coded (bitstream) order. */
    final int[] codedOrder;
    /** Per superblock (all planes, raster order): the ids of its blocks, in coded order. */
    final int[][] superblocks;
    /** Macroblocks in coded order: the ids of all their blocks, luma first. */
    final int[][] macroblocks;

    Geometry(int macroblocksAcross, int macroblocksDown, Sampling sampling) {
        this.macroblocksAcross = macroblocksAcross;
        this.macroblocksDown = macroblocksDown;
        this.sampling = sampling;
        int h = sampling.horizontalFactor();
        int v = sampling.verticalFactor();
        for (int p = 0; p < 3; p++) {
            blocksAcross[p] = p == 0 ? 2 * macroblocksAcross : 2 * macroblocksAcross / h;
            blocksDown[p] = p == 0 ? 2 * macroblocksDown : 2 * macroblocksDown / v;
            planeStart[p + 1] = planeStart[p] + blocksAcross[p] * blocksDown[p];
        }
        int total = planeStart[3];
        plane = new int[total];
        codedOrder = new int[total];
        for (int p = 0; p < 3; p++) {
            java.util.Arrays.fill(plane, planeStart[p], planeStart[p + 1], p);
        }
        int superblockCount = 0;
        for (int p = 0; p < 3; p++) {
            superblockCount += ((blocksAcross[p] + 3) / 4) * ((blocksDown[p] + 3) / 4);
        }
        superblocks = new int[superblockCount][];
        int coded = 0;
        int sb = 0;
        for (int p = 0; p < 3; p++) {
            for (int sy = 0; sy < (blocksDown[p] + 3) / 4; sy++) {
                for (int sx = 0; sx < (blocksAcross[p] + 3) / 4; sx++) {
                    int[] members = new int[16];
                    int count = 0;
                    for (int[] position : HILBERT) {
                        int x = sx * 4 + position[0];
                        int y = sy * 4 + position[1];
                        if (x < blocksAcross[p] && y < blocksDown[p]) {
                            int id = block(p, x, y);
                            codedOrder[coded++] = id;
                            members[count++] = id;
                        }
                    }
                    superblocks[sb++] = java.util.Arrays.copyOf(members, count);
                }
            }
        }
        macroblocks = macroblockOrder(h, v);
    }

    private int[][] macroblockOrder(int h, int v) {
        int[][] result = new int[macroblocksAcross * macroblocksDown][];
        int index = 0;
        for (int sy = 0; sy < (macroblocksDown + 1) / 2; sy++) {
            for (int sx = 0; sx < (macroblocksAcross + 1) / 2; sx++) {
                for (int[] position : MACROBLOCK_ORDER) {
                    int mx = sx * 2 + position[0];
                    int my = sy * 2 + position[1];
                    if (mx < macroblocksAcross && my < macroblocksDown) {
                        result[index++] = blocksOf(mx, my, h, v);
                    }
                }
            }
        }
        return result;
    }

    private int[] blocksOf(int mx, int my, int h, int v) {
        int chromaAcross = 2 / h;
        int chromaDown = 2 / v;
        int[] blocks = new int[4 + 2 * chromaAcross * chromaDown];
        int n = 0;
        // Luma in coded order: the macroblock is one quadrant of the superblock's Hilbert curve.
        blocks[n++] = block(0, 2 * mx, 2 * my);
        blocks[n++] = block(0, 2 * mx + 1, 2 * my);
        blocks[n++] = block(0, 2 * mx + 1, 2 * my + 1);
        blocks[n++] = block(0, 2 * mx, 2 * my + 1);
        for (int p = 1; p < 3; p++) {
            for (int dy = 0; dy < chromaDown; dy++) {
                for (int dx = 0; dx < chromaAcross; dx++) {
                    int x = mx * chromaAcross + dx;
                    int y = my * chromaDown + dy;
                    blocks[n++] = block(p, x, y);
                }
            }
        }
        return blocks;
    }

    /** The id of the block at column x, row y counted from the bottom, of a plane. */
    int block(int p, int x, int y) {
        return planeStart[p] + (blocksDown[p] - 1 - y) * blocksAcross[p] + x;
    }

    /** The id of the block at column x, row y counted from the top, as a JPEG numbers them. */
    int blockFromTop(int p, int x, int y) {
        return planeStart[p] + y * blocksAcross[p] + x;
    }

    int blockCount() {
        return planeStart[3];
    }

    int lumaBlockCount() {
        return planeStart[1];
    }

    /** The superblock count (NSBS). */
    int superblockCount() {
        return superblocks.length;
    }
}
