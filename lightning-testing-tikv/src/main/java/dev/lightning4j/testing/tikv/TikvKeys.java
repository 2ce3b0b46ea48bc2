package dev.lightning4j.testing.tikv;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * Key helpers shared by the stand-in and its users: TiKV's memcomparable {@code EncodeBytes} (region
 * boundaries, PD lookups and SST ranges are encoded; pairs and split keys are raw), its inverse, unsigned
 * byte order and hex for messages.
 */
public final class TikvKeys {
    /** Unsigned lexicographic order, the order of keys in TiKV. */
    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private static final int GROUP = 8;
    private static final byte MARKER = (byte) 0xFF;

    private TikvKeys() {
    }

    /**
     * TiKV's memcomparable encoding: 8-byte groups, the last one zero-padded, each followed by
     * {@code 0xFF - padding}; there is always a final group, so {@code []} becomes {@code 00x8 F7}.
     *
     * @param raw the raw key
     * @return the encoded key
     */
    public static byte[] encode(byte[] raw) {
        int groups = raw.length / GROUP + 1;
        byte[] out = new byte[groups * (GROUP + 1)];
        int o = 0;
        for (int i = 0; i <= raw.length; i += GROUP) {
            int remain = raw.length - i;
            int pad = remain >= GROUP ? 0 : GROUP - remain;
            System.arraycopy(raw, i, out, o, GROUP - pad);
            o += GROUP;
            out[o++] = (byte) (0xFF - pad);
        }
        return out;
    }

    /**
     * The inverse of {@link #encode}.
     *
     * @param encoded a key produced by {@link #encode}
     * @return the raw key
     * @throws IllegalArgumentException when {@code encoded} is not a complete memcomparable key
     */
    public static byte[] decode(byte[] encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length);
        int i = 0;
        while (true) {
            if (i + GROUP + 1 > encoded.length) {
                throw new IllegalArgumentException("not a memcomparable key (truncated group): " + hex(encoded));
            }
            int marker = encoded[i + GROUP] & 0xFF;
            int pad = 0xFF - marker;
            if (pad > GROUP) {
                throw new IllegalArgumentException("not a memcomparable key (bad marker " + marker + "): " + hex(encoded));
            }
            out.write(encoded, i, GROUP - pad);
            for (int p = GROUP - pad; p < GROUP; p++) {
                if (encoded[i + p] != 0) {
                    throw new IllegalArgumentException("not a memcomparable key (non-zero padding): " + hex(encoded));
                }
            }
            i += GROUP + 1;
            if (encoded[i - 1] != MARKER) {
                if (i != encoded.length) {
                    throw new IllegalArgumentException("not a memcomparable key (bytes after the last group): "
                            + hex(encoded));
                }
                return out.toByteArray();
            }
        }
    }

    /**
     * Lower-case hex of {@code key}, {@code ""} for an empty key.
     *
     * @param key any bytes
     * @return the hex text
     */
    public static String hex(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** Whether encoded {@code key} lies in {@code [start, end)}, an empty end being unbounded. */
    static boolean inRange(byte[] key, byte[] start, byte[] end) {
        return compare(key, start) >= 0 && (end.length == 0 || compare(key, end) < 0);
    }
}
