package dev.lightning4j.physical.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads row format v2 and comparable keys back: for verifying what the encoders wrote (round trips,
 * diagnosing a mismatching checksum), not on the import path.
 */
public final class RowDecoder {
    private RowDecoder() {
    }

    /**
     * The raw value bytes of every column in a v2 row, by column ID; NULL columns map to null.
     *
     * @throws IllegalArgumentException when the bytes are not a v2 row
     */
    public static Map<Long, byte[]> columns(byte[] row) {
        if (row.length < 6 || (row[0] & 0xFF) != RowEncoder.CODEC_VER) {
            throw new IllegalArgumentException("not a row format v2 value");
        }
        boolean large = (row[1] & RowEncoder.FLAG_LARGE) != 0;
        int notNull = u16(row, 2);
        int nulls = u16(row, 4);
        int idSize = large ? 4 : 1;
        int offSize = large ? 4 : 2;
        int pos = 6;
        long[] ids = new long[notNull + nulls];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = readLE(row, pos, idSize);
            pos += idSize;
        }
        int[] ends = new int[notNull];
        for (int i = 0; i < notNull; i++) {
            ends[i] = (int) readLE(row, pos, offSize);
            pos += offSize;
        }
        Map<Long, byte[]> out = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i < notNull; i++) {
            out.put(ids[i], Arrays.copyOfRange(row, pos + start, pos + ends[i]));
            start = ends[i];
        }
        if (pos + start != row.length) {
            throw new IllegalArgumentException("row has " + (row.length - pos - start) + " trailing bytes");
        }
        for (int i = notNull; i < ids.length; i++) {
            out.put(ids[i], null);
        }
        return out;
    }

    /** A signed integer stored in 1, 2, 4 or 8 little-endian bytes. */
    public static long signed(byte[] v) {
        return switch (v.length) {
            case 1 -> v[0];
            case 2 -> (short) readLE(v, 0, 2);
            case 4 -> (int) readLE(v, 0, 4);
            case 8 -> readLE(v, 0, 8);
            default -> throw new IllegalArgumentException("integer of " + v.length + " bytes");
        };
    }

    /** An unsigned integer stored in 1, 2, 4 or 8 little-endian bytes. */
    public static long unsigned(byte[] v) {
        if (v.length != 1 && v.length != 2 && v.length != 4 && v.length != 8) {
            throw new IllegalArgumentException("integer of " + v.length + " bytes");
        }
        return readLE(v, 0, v.length);
    }

    /** A float stored in memcomparable form. */
    public static double real(byte[] v, int off) {
        long u = 0;
        for (int i = 0; i < 8; i++) {
            u = (u << 8) | (v[off + i] & 0xFF);
        }
        u = (u & 0x8000000000000000L) != 0 ? u & ~0x8000000000000000L : ~u;
        return Double.longBitsToDouble(u);
    }

    /** A decimal stored as precision, frac, binary; {@code consumed[0]} receives its length. */
    public static Datum decimal(byte[] v, int off, int[] consumed) {
        int precision = v[off] & 0xFF;
        int frac = v[off + 1] & 0xFF;
        int size = DecimalBin.binSize(precision, frac);
        byte[] b = Arrays.copyOfRange(v, off + 2, off + 2 + size);
        b[0] ^= (byte) 0x80;
        boolean negative = (b[0] & 0x80) != 0;
        if (negative) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) ~b[i];
            }
        }
        int[] dig2bytes = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
        int digitsInt = precision - frac;
        StringBuilder digits = new StringBuilder();
        int pos = 0;
        int lead = digitsInt % 9;
        if (lead > 0) {
            digits.append(pad(readBE(b, pos, dig2bytes[lead]), lead));
            pos += dig2bytes[lead];
        }
        for (int w = 0; w < digitsInt / 9; w++, pos += 4) {
            digits.append(pad(readBE(b, pos, 4), 9));
        }
        for (int w = 0; w < frac / 9; w++, pos += 4) {
            digits.append(pad(readBE(b, pos, 4), 9));
        }
        int trail = frac % 9;
        if (trail > 0) {
            digits.append(pad(readBE(b, pos, dig2bytes[trail]), trail));
        }
        BigDecimal d = new BigDecimal(new BigInteger(digits.length() == 0 ? "0" : digits.toString()), frac);
        consumed[0] = 2 + size;
        return Datum.ofDecimal(negative ? d.negate() : d, precision, frac);
    }

    /**
     * Decodes comparable-encoded datums ({@link KeyEncoder}) from {@code key[from..]} until the end.
     * Strings come back as BYTES holding the collation key (a key cannot tell more).
     */
    public static java.util.List<Datum> keyDatums(byte[] key, int from) {
        java.util.List<Datum> out = new java.util.ArrayList<>();
        int pos = from;
        while (pos < key.length) {
            int flag = key[pos++] & 0xFF;
            switch (flag) {
                case KeyEncoder.NIL_FLAG -> out.add(Datum.NULL);
                case KeyEncoder.INT_FLAG -> {
                    out.add(Datum.ofInt(readBE8(key, pos) ^ 0x8000000000000000L));
                    pos += 8;
                }
                case KeyEncoder.UINT_FLAG -> {
                    out.add(Datum.ofUint(readBE8(key, pos)));
                    pos += 8;
                }
                case KeyEncoder.FLOAT_FLAG -> {
                    out.add(Datum.ofFloat64(real(key, pos)));
                    pos += 8;
                }
                case KeyEncoder.DURATION_FLAG -> {
                    out.add(Datum.ofDuration(readBE8(key, pos) ^ 0x8000000000000000L));
                    pos += 8;
                }
                case KeyEncoder.BYTES_FLAG -> {
                    int[] next = new int[1];
                    out.add(Datum.ofBytes(MemComparable.decodeBytes(key, pos, next)));
                    pos = next[0];
                }
                case KeyEncoder.DECIMAL_FLAG -> {
                    int[] used = new int[1];
                    out.add(decimal(key, pos, used));
                    pos += used[0];
                }
                default -> throw new IllegalArgumentException("unknown key flag " + flag + " at " + (pos - 1));
            }
        }
        return out;
    }

    private static String pad(long v, int width) {
        String s = Long.toString(v);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }

    private static long readBE(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static long readBE8(byte[] b, int off) {
        return readBE(b, off, 8);
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static long readLE(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
