package nightjar.codec.theora;

import java.util.Arrays;

/** A growable list of tokens ready to write: token, extra bits and their count, table group, plane class. */
final class TokenStream {
    int size;
    int[] token = new int[1024];
    int[] extra = new int[1024];
    int[] extraBits = new int[1024];
    int[] group = new int[1024];
    boolean[] chroma = new boolean[1024];

    void clear() {
        size = 0;
    }

    void add(int tokenValue, int extraValue, int extraLength, int tableGroup, boolean isChroma) {
        if (size == token.length) {
            int capacity = size * 2;
            token = Arrays.copyOf(token, capacity);
            extra = Arrays.copyOf(extra, capacity);
            extraBits = Arrays.copyOf(extraBits, capacity);
            group = Arrays.copyOf(group, capacity);
            chroma = Arrays.copyOf(chroma, capacity);
        }
        token[size] = tokenValue;
        extra[size] = extraValue;
        extraBits[size] = extraLength;
        group[size] = tableGroup;
        chroma[size] = isChroma;
        size++;
    }
}
