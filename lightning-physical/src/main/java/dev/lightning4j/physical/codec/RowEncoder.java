package dev.lightning4j.physical.codec;

import java.util.Arrays;

/**
 * TiDB row format v2 ({@code rowcodec}): {@code 0x80, flags, u16 notNullCount, u16 nullCount,
 * column IDs (not-null ascending, then null ascending), end offsets of not-null values, values}.
 * IDs are one byte and offsets two unless a column ID exceeds 255 or the values exceed 65535 bytes
 * ("large": four bytes each, flag 0x01). Not thread-safe; one per encoding thread.
 */
public final class RowEncoder {
    public static final int CODEC_VER = 0x80;
    public static final int FLAG_LARGE = 0x01;

    private final ByteSink values = new ByteSink(256);
    private long[] ids = new long[16];
    private Datum[] datums = new Datum[16];
    private Integer[] order = new Integer[16];

    /**
     * Appends the row to {@code out}.
     *
     * @param colIds column IDs, any order, no duplicates
     * @param row    the datums, parallel to colIds; {@link Datum#NULL} goes to the null IDs
     */
    public void encode(ByteSink out, long[] colIds, Datum[] row, int n) {
        if (ids.length < n) {
            ids = new long[n];
            datums = new Datum[n];
            order = new Integer[n];
        }
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Not-null first, each part by column ID.
        Arrays.sort(order, 0, n, (a, b) -> {
            boolean na = row[a].isNull();
            boolean nb = row[b].isNull();
            if (na != nb) {
                return na ? 1 : -1;
            }
            return Long.compare(colIds[a], colIds[b]);
        });
        int notNull = 0;
        boolean large = false;
        for (int i = 0; i < n; i++) {
            ids[i] = colIds[order[i]];
            datums[i] = row[order[i]];
            if (!datums[i].isNull()) {
                notNull++;
            }
            if (ids[i] > 255) {
                large = true;
            }
        }
        values.reset();
        int[] ends = new int[notNull];
        for (int i = 0; i < notNull; i++) {
            encodeValue(values, datums[i]);
            ends[i] = values.length();
        }
        if (values.length() > 0xFFFF) {
            large = true;
        }
        out.put(CODEC_VER);
        out.put(large ? FLAG_LARGE : 0);
        out.putLE(notNull, 2);
        out.putLE(n - notNull, 2);
        for (int i = 0; i < n; i++) {
            out.putLE(ids[i], large ? 4 : 1);
        }
        for (int e : ends) {
            out.putLE(e, large ? 4 : 2);
        }
        out.put(values.toByteArray());
    }

    public byte[] encode(long[] colIds, Datum[] row) {
        ByteSink s = new ByteSink();
        encode(s, colIds, row, colIds.length);
        return s.toByteArray();
    }

    /** One value's bytes inside a v2 row. */
    public static void encodeValue(ByteSink out, Datum d) {
        switch (d.kind()) {
            case INT, DURATION -> putSigned(out, d.longValue());
            case UINT, TIME, ENUM, SET, BIT -> putUnsigned(out, d.longValue());
            case FLOAT32, FLOAT64 -> MemComparable.encodeFloat(out, d.doubleValue());
            case STRING, BYTES, JSON -> out.put(d.bytes());
            case DECIMAL -> {
                out.put(d.precision());
                out.put(d.frac());
                DecimalBin.write(out, d.decimal(), d.precision(), d.frac());
            }
            case NULL -> throw new IllegalArgumentException("NULL has no value bytes");
        }
    }

    static void putSigned(ByteSink out, long v) {
        if (v == (byte) v) {
            out.putLE(v, 1);
        } else if (v == (short) v) {
            out.putLE(v, 2);
        } else if (v == (int) v) {
            out.putLE(v, 4);
        } else {
            out.putLE(v, 8);
        }
    }

    static void putUnsigned(ByteSink out, long v) {
        if ((v & ~0xFFL) == 0) {
            out.putLE(v, 1);
        } else if ((v & ~0xFFFFL) == 0) {
            out.putLE(v, 2);
        } else if ((v & ~0xFFFFFFFFL) == 0) {
            out.putLE(v, 4);
        } else {
            out.putLE(v, 8);
        }
    }
}
