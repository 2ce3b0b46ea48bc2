package dev.lightning4j.physical.codec;

/**
 * TiDB's order-preserving primitive encodings ({@code pkg/util/codec}): comparing the encoded bytes
 * unsigned, left to right, gives the same order as comparing the values.
 */
public final class MemComparable {
    private static final long SIGN_MASK = 0x8000000000000000L;
    private static final int GROUP_SIZE = 8;
    private static final int MARKER = 0xFF;
    private static final byte[] PAD = new byte[GROUP_SIZE];

    private MemComparable() {
    }

    /** Signed 64-bit: the sign bit flipped, big-endian. */
    public static void encodeInt(ByteSink out, long v) {
        out.putLongBE(v ^ SIGN_MASK);
    }

    /** Unsigned 64-bit, big-endian. */
    public static void encodeUint(ByteSink out, long v) {
        out.putLongBE(v);
    }

    public static long floatToCmp(double f) {
        long u = Double.doubleToRawLongBits(f);
        // -0.0 >= 0 holds, so it takes the positive branch; its bits equal +0.0 once the sign bit is set.
        if (f >= 0) {
            u |= SIGN_MASK;
        } else {
            u = ~u;
        }
        return u;
    }

    public static void encodeFloat(ByteSink out, double f) {
        out.putLongBE(floatToCmp(f));
    }

    /**
     * Groups of 8 bytes, each followed by {@code 0xFF - padding}; the last group is zero-padded and
     * there is always one, so a prefix sorts before any extension of it.
     */
    public static void encodeBytes(ByteSink out, byte[] data) {
        encodeBytes(out, data, 0, data.length);
    }

    public static void encodeBytes(ByteSink out, byte[] data, int off, int n) {
        for (int idx = 0; idx <= n; idx += GROUP_SIZE) {
            int remain = n - idx;
            if (remain >= GROUP_SIZE) {
                out.put(data, off + idx, GROUP_SIZE);
                out.put(MARKER);
            } else {
                int pad = GROUP_SIZE - remain;
                out.put(data, off + idx, remain);
                out.put(PAD, 0, pad);
                out.put(MARKER - pad);
            }
        }
    }

    public static byte[] encodeBytes(byte[] data) {
        ByteSink s = new ByteSink(data.length / GROUP_SIZE * (GROUP_SIZE + 1) + GROUP_SIZE + 1);
        encodeBytes(s, data);
        return s.toByteArray();
    }

    /** Not order-preserving: a zig-zag varint length, then the bytes. */
    public static void encodeCompactBytes(ByteSink out, byte[] data) {
        encodeVarint(out, data.length);
        out.put(data);
    }

    /** Go's {@code binary.PutVarint}: zig-zag, then base-128 little-endian groups. */
    public static void encodeVarint(ByteSink out, long v) {
        encodeUvarint(out, (v << 1) ^ (v >> 63));
    }

    /** Go's {@code binary.PutUvarint}. */
    public static void encodeUvarint(ByteSink out, long v) {
        while (Long.compareUnsigned(v, 0x80) >= 0) {
            out.put((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.put((int) v);
    }

    /** Decodes one memcomparable byte group sequence; returns the bytes and sets {@code next[0]}. */
    public static byte[] decodeBytes(byte[] in, int pos, int[] next) {
        // Find the last group first, so the bytes go straight into an array of their length.
        int end = pos;
        int length = 0;
        while (true) {
            if (end + GROUP_SIZE + 1 > in.length) {
                throw new IllegalArgumentException("truncated memcomparable bytes");
            }
            int marker = in[end + GROUP_SIZE] & 0xFF;
            int pad = MARKER - marker;
            if (pad > GROUP_SIZE) {
                throw new IllegalArgumentException("bad memcomparable marker " + marker);
            }
            length += GROUP_SIZE - pad;
            end += GROUP_SIZE + 1;
            if (pad != 0) {
                break;
            }
        }
        byte[] out = new byte[length];
        for (int o = 0, p = pos; o < length; o += GROUP_SIZE, p += GROUP_SIZE + 1) {
            System.arraycopy(in, p, out, o, Math.min(GROUP_SIZE, length - o));
        }
        next[0] = end;
        return out;
    }
}
