package nightjar.codec.theora;

import java.util.PriorityQueue;

import nightjar.codec.internal.BitWriter;

/**
 * A Huffman code for the 32 DCT tokens, built from token counts. With 32 symbols no code is longer
 * than 31 bits, within Theora's limit of 32. Every token gets a code (counts are smoothed by one), so
 * any frame can use any table.
 */
final class HuffmanCode {
    static final int TOKENS = 32;

    private final int[] code = new int[TOKENS];
    private final int[] length = new int[TOKENS];

    HuffmanCode(long[] counts) {
        assignLengths(counts);
        assignCanonicalCodes();
    }

    int length(int token) {
        return length[token];
    }

    void write(BitWriter bits, int token) {
        bits.write(code[token], length[token]);
    }

    /** Bits these counts would cost with this code. */
    long cost(long[] counts) {
        long bits = 0;
        for (int t = 0; t < TOKENS; t++) {
            bits += counts[t] * length[t];
        }
        return bits;
    }

    private void assignLengths(long[] counts) {
        // Nodes 0..31 are the tokens; internal nodes follow. Ties break on the node number, so the
        // same counts always give the same code.
        long[] weight = new long[2 * TOKENS];
        int[] parent = new int[2 * TOKENS];
        PriorityQueue<Integer> queue = new PriorityQueue<>((a, b) ->
                weight[a] != weight[b] ? Long.compare(weight[a], weight[b]) : Integer.compare(a, b));
        for (int t = 0; t < TOKENS; t++) {
            weight[t] = counts[t] + 1;
            queue.add(t);
        }
        int next = TOKENS;
        while (queue.size() > 1) {
            int a = queue.poll();
            int b = queue.poll();
            weight[next] = weight[a] + weight[b];
            parent[a] = next;
            parent[b] = next;
            queue.add(next++);
        }
        int root = next - 1;
        for (int t = 0; t < TOKENS; t++) {
            int depth = 0;
            for (int node = t; node != root; node = parent[node]) {
                depth++;
            }
            length[t] = depth;
        }
    }

    /** Codes in order of (length, token): the tree is then walked leaf by leaf in code order. */
    private void assignCanonicalCodes() {
        int value = 0;
        int previousLength = 0;
        for (int len = 1; len <= 32; len++) {
            for (int t = 0; t < TOKENS; t++) {
                if (length[t] == len) {
                    value <<= (len - previousLength);
                    previousLength = len;
                    code[t] = value++;
                }
            }
        }
    }

    /**
     * The tree as the setup header stores it (spec "DCT Token Huffman Tables"): depth first, the 0
     * branch before the 1 branch; an internal node is a 0 bit, a leaf a 1 bit and its 5-bit token.
     */
    void writeTree(BitWriter bits) {
        writeNode(bits, 0, 0);
    }

    private void writeNode(BitWriter bits, int prefix, int depth) {
        for (int t = 0; t < TOKENS; t++) {
            if (length[t] == depth && code[t] == prefix) {
                bits.write(1, 1);
                bits.write(t, 5);
                return;
            }
        }
        bits.write(0, 1);
        writeNode(bits, prefix << 1, depth + 1);
        writeNode(bits, (prefix << 1) | 1, depth + 1);
    }
}
