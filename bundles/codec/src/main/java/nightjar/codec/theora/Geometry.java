package nightjar.codec.theora;

import nightjar.codec.jpeg.Sampling;

/**
 * The block structure of a Theora frame (spec "Blocks and Super Blocks", "Macro Blocks"): planes of
 * 8x8 blocks counted from the bottom-left, 4x4-block superblocks, the Hilbert-curve coded order of
 * blocks, and the macroblock order. Block indices are coded-order indices across the three planes.
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
    /** Per coded index: plane, column, row (from the bottom). */
    final int[] plane;
    final int[] column;
    final int[] row;
    /** Per plane, raster index (row from the bottom) to coded index. */
    final int[][] rasterToCoded = new int[3][];
    /** Per superblock (all planes, raster order): the coded indices of its blocks, in coded order. */
    final int[][] superblocks;
    /** Macroblocks in coded order: the coded indices of all their blocks, luma first. */
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
        column = new int[total];
        row = new int[total];
        int superblockCount = 0;
        for (int p = 0; p < 3; p++) {
            superblockCount += ((blocksAcross[p] + 3) / 4) * ((blocksDown[p] + 3) / 4);
        }
        superblocks = new int[superblockCount][];
        int coded = 0;
        int sb = 0;
        for (int p = 0; p < 3; p++) {
            rasterToCoded[p] = new int[blocksAcross[p] * blocksDown[p]];
            for (int sy = 0; sy < (blocksDown[p] + 3) / 4; sy++) {
                for (int sx = 0; sx < (blocksAcross[p] + 3) / 4; sx++) {
                    int[] members = new int[16];
                    int count = 0;
                    for (int[] position : HILBERT) {
                        int x = sx * 4 + position[0];
                        int y = sy * 4 + position[1];
                        if (x < blocksAcross[p] && y < blocksDown[p]) {
                            plane[coded] = p;
                            column[coded] = x;
                            row[coded] = y;
                            rasterToCoded[p][y * blocksAcross[p] + x] = coded;
                            members[count++] = coded++;
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
        for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
                blocks[n++] = rasterToCoded[0][(2 * my + dy) * blocksAcross[0] + 2 * mx + dx];
            }
        }
        for (int p = 1; p < 3; p++) {
            for (int dy = 0; dy < chromaDown; dy++) {
                for (int dx = 0; dx < chromaAcross; dx++) {
                    int x = mx * chromaAcross + dx;
                    int y = my * chromaDown + dy;
                    blocks[n++] = rasterToCoded[p][y * blocksAcross[p] + x];
                }
            }
        }
        return blocks;
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
