package nightjar.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** The blocks a reader visits, kept to compare decodes: each a copy with its quantization applied. */
final class DequantizedBlocks {
    private DequantizedBlocks() {
    }

    /** Keeps a copy of every block, dequantized, and its component; checks each non-zero mask on the way. */
    static BlockVisitor collector(List<short[]> blocks, List<Integer> components) {
        return new BlockVisitor() {
            private final int[][] tables = new int[3][];

            @Override
            public void start(int width, int height, Sampling sampling) {
            }

            @Override
            public void quantization(int component, int[] table) {
                tables[component] = table.clone();
            }

            @Override
            public void block(int component, int x, int y, short[] coefficients, long nonZero) {
                short[] copy = new short[64];
                for (int i = 0; i < 64; i++) {
                    copy[i] = (short) (coefficients[i] * tables[component][i]);
                    assertEquals(coefficients[i] != 0, (nonZero & (1L << i)) != 0, "non-zero mask at " + i);
                }
                blocks.add(copy);
                components.add(component);
            }
        };
    }
}
