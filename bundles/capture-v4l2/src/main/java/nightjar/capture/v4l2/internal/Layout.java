package nightjar.capture.v4l2.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Offsets and size of a C structure, computed for an {@link Abi} with the C rules: each member at
 * the next multiple of its alignment, the size rounded up to the largest alignment (unless packed).
 * Members of nested structures and unions are named {@code outer.inner}.
 */
final class Layout {
    private final String name;
    private final Map<String, Integer> offsets;
    private final int size;
    private final int alignment;

    private Layout(String name, Map<String, Integer> offsets, int size, int alignment) {
        this.name = name;
        this.offsets = offsets;
        this.size = size;
        this.alignment = alignment;
    }

    static Builder struct(String name, Abi abi) {
        return new Builder(name, abi, false);
    }

    /** A union: every member at offset 0. */
    static Builder union(String name, Abi abi) {
        return new Builder(name, abi, true);
    }

    String name() {
        return name;
    }

    int size() {
        return size;
    }

    int alignment() {
        return alignment;
    }

    int offset(String member) {
        Integer offset = offsets.get(member);
        if (offset == null) {
            throw new IllegalArgumentException(name + " has no member " + member);
        }
        return offset;
    }

    /** Every member and nested member with its offset, in declaration order. */
    Map<String, Integer> offsets() {
        return offsets;
    }

    static final class Builder {
        private final String name;
        private final Abi abi;
        private final boolean union;
        private final Map<String, Integer> offsets = new LinkedHashMap<>();
        private int size;
        private int alignment = 1;
        private boolean packed;

        private Builder(String name, Abi abi, boolean union) {
            this.name = name;
            this.abi = abi;
            this.union = union;
        }

        Builder u8(String member, int count) {
            return add(member, count, 1);
        }

        Builder u16(String member) {
            return add(member, 2, 2);
        }

        /** A 32-bit integer, signed or not. */
        Builder u32(String member) {
            return add(member, 4, 4);
        }

        Builder u32(String member, int count) {
            return add(member, 4 * count, 4);
        }

        /** A 64-bit integer, signed or not. */
        Builder u64(String member) {
            return add(member, 8, abi.int64Alignment());
        }

        /** A C {@code long} or {@code unsigned long}. */
        Builder cLong(String member) {
            return add(member, abi.longSize(), abi.longSize());
        }

        Builder pointer(String member) {
            return add(member, abi.pointerSize(), abi.pointerSize());
        }

        /** A {@code struct timeval}: two longs (32-bit {@code time_t} on armhf, as Debian 12 builds it). */
        Builder timeval(String member) {
            add(member, 2 * abi.longSize(), abi.longSize());
            offsets.put(member + ".tv_sec", offsets.get(member));
            offsets.put(member + ".tv_usec", offsets.get(member) + abi.longSize());
            return this;
        }

        Builder nested(String member, Layout layout) {
            add(member, layout.size, layout.alignment);
            int base = offsets.get(member);
            layout.offsets.forEach((inner, offset) -> offsets.put(member + "." + inner, base + offset));
            return this;
        }

        /** A union or structure without a name of its own: its members are named as members of this one. */
        Builder anonymous(Layout layout) {
            String placeholder = "(" + layout.name + ")";
            add(placeholder, layout.size, layout.alignment);
            int base = offsets.remove(placeholder);
            layout.offsets.forEach((inner, offset) -> offsets.put(inner, base + offset));
            return this;
        }

        /** No padding between members, alignment 1 ({@code __attribute__((packed))}). */
        Builder packed() {
            packed = true;
            return this;
        }

        private Builder add(String member, int memberSize, int memberAlignment) {
            int align = packed ? 1 : memberAlignment;
            int offset = union ? 0 : roundUp(size, align);
            offsets.put(member, offset);
            size = union ? Math.max(size, memberSize) : offset + memberSize;
            alignment = Math.max(alignment, align);
            return this;
        }

        Layout build() {
            return new Layout(name, Collections.unmodifiableMap(new LinkedHashMap<>(offsets)), roundUp(size, alignment),
                    alignment);
        }

        private static int roundUp(int value, int alignment) {
            return (value + alignment - 1) / alignment * alignment;
        }
    }
}
