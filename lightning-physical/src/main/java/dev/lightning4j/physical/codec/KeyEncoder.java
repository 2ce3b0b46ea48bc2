package dev.lightning4j.physical.codec;

import java.util.List;

/**
 * TiDB's comparable datum encoding ({@code codec.EncodeKey}): a flag byte, then an order-preserving
 * payload. Used for index values in index keys and for common (clustered) handles.
 */
public final class KeyEncoder {
    public static final int NIL_FLAG = 0;
    public static final int BYTES_FLAG = 1;
    public static final int COMPACT_BYTES_FLAG = 2;
    public static final int INT_FLAG = 3;
    public static final int UINT_FLAG = 4;
    public static final int FLOAT_FLAG = 5;
    public static final int DECIMAL_FLAG = 6;
    public static final int DURATION_FLAG = 7;
    public static final int VARINT_FLAG = 8;
    public static final int UVARINT_FLAG = 9;
    public static final int JSON_FLAG = 10;
    public static final int MAX_FLAG = 250;

    private KeyEncoder() {
    }

    public static void encode(ByteSink out, Datum d) {
        encode(out, d, true);
    }

    /**
     * @param collationKeys whether strings sort by their collation's key (new collations on, TiDB's default)
     *                      or by their raw bytes (clusters bootstrapped with new collations off)
     */
    public static void encode(ByteSink out, Datum d, boolean collationKeys) {
        switch (d.kind()) {
            case NULL -> out.put(NIL_FLAG);
            case INT -> {
                out.put(INT_FLAG);
                MemComparable.encodeInt(out, d.longValue());
            }
            case UINT, TIME, ENUM, SET, BIT -> {
                out.put(UINT_FLAG);
                MemComparable.encodeUint(out, d.longValue());
            }
            case FLOAT32, FLOAT64 -> {
                out.put(FLOAT_FLAG);
                MemComparable.encodeFloat(out, d.doubleValue());
            }
            case STRING -> {
                out.put(BYTES_FLAG);
                MemComparable.encodeBytes(out, collationKeys ? d.collation().key(d.bytes()) : d.bytes());
            }
            case BYTES -> {
                out.put(BYTES_FLAG);
                MemComparable.encodeBytes(out, d.bytes());
            }
            case DECIMAL -> {
                out.put(DECIMAL_FLAG);
                out.put(d.precision());
                out.put(d.frac());
                DecimalBin.write(out, d.decimal(), d.precision(), d.frac());
            }
            case DURATION -> {
                out.put(DURATION_FLAG);
                MemComparable.encodeInt(out, d.longValue());
            }
            case JSON -> {
                out.put(JSON_FLAG);
                out.put(d.bytes());
            }
        }
    }

    public static void encode(ByteSink out, List<Datum> datums) {
        for (Datum d : datums) {
            encode(out, d);
        }
    }

    public static byte[] encode(List<Datum> datums) {
        ByteSink s = new ByteSink();
        encode(s, datums);
        return s.toByteArray();
    }
}
