package dev.lightning4j.physical.codec;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;

/**
 * One typed value as TiDB stores it, after conversion to its column's type. Immutable. Only the fields
 * that belong to the kind are meaningful.
 */
public final class Datum {
    /** Value kinds, after TiDB's {@code types.Kind*}. */
    public enum Kind {
        NULL,
        /** Signed 64-bit integer (signed ints, YEAR). */
        INT,
        /** Unsigned 64-bit integer held in a long's bits. */
        UINT,
        /** FLOAT column: a float32 value widened to double. */
        FLOAT32,
        FLOAT64,
        /** A string with a collation; bytes are UTF-8. */
        STRING,
        /** A binary string (binary collation, BLOB, BINARY, VARBINARY). */
        BYTES,
        DECIMAL,
        /** DATE, DATETIME, TIMESTAMP: the packed uint64 (TIMESTAMP already in UTC). */
        TIME,
        /** TIME: signed nanoseconds. */
        DURATION,
        /** ENUM: 1-based index. */
        ENUM,
        /** SET: bitmask. */
        SET,
        /** BIT: the value as an unsigned integer. */
        BIT,
        /** JSON: TiDB binary JSON, first byte the type code. */
        JSON
    }

    public static final Datum NULL = new Datum(Kind.NULL, 0, 0, null, null, null, 0, 0);

    private final Kind kind;
    private final long bits;
    private final double real;
    private final byte[] bytes;
    private final Collation collation;
    private final BigDecimal decimal;
    private final int precision;
    private final int frac;

    private Datum(Kind kind, long bits, double real, byte[] bytes, Collation collation, BigDecimal decimal,
                  int precision, int frac) {
        this.kind = kind;
        this.bits = bits;
        this.real = real;
        this.bytes = bytes;
        this.collation = collation;
        this.decimal = decimal;
        this.precision = precision;
        this.frac = frac;
    }

    public static Datum ofInt(long v) {
        return new Datum(Kind.INT, v, 0, null, null, null, 0, 0);
    }

    public static Datum ofUint(long v) {
        return new Datum(Kind.UINT, v, 0, null, null, null, 0, 0);
    }

    public static Datum ofFloat32(float v) {
        return new Datum(Kind.FLOAT32, 0, v, null, null, null, 0, 0);
    }

    public static Datum ofFloat64(double v) {
        return new Datum(Kind.FLOAT64, 0, v, null, null, null, 0, 0);
    }

    public static Datum ofString(byte[] utf8, Collation collation) {
        return new Datum(Kind.STRING, 0, 0, utf8, Objects.requireNonNull(collation), null, 0, 0);
    }

    public static Datum ofString(String s, Collation collation) {
        return ofString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), collation);
    }

    public static Datum ofBytes(byte[] b) {
        return new Datum(Kind.BYTES, 0, 0, b, null, null, 0, 0);
    }

    /** A decimal with the column's precision and scale (the value must already be at that scale). */
    public static Datum ofDecimal(BigDecimal v, int precision, int frac) {
        return new Datum(Kind.DECIMAL, 0, 0, null, null, v, precision, frac);
    }

    public static Datum ofTime(long packed) {
        return new Datum(Kind.TIME, packed, 0, null, null, null, 0, 0);
    }

    public static Datum ofDuration(long nanos) {
        return new Datum(Kind.DURATION, nanos, 0, null, null, null, 0, 0);
    }

    public static Datum ofEnum(long index) {
        return new Datum(Kind.ENUM, index, 0, null, null, null, 0, 0);
    }

    public static Datum ofSet(long mask) {
        return new Datum(Kind.SET, mask, 0, null, null, null, 0, 0);
    }

    public static Datum ofBit(long v) {
        return new Datum(Kind.BIT, v, 0, null, null, null, 0, 0);
    }

    /** @param binary type code followed by the binary JSON value */
    public static Datum ofJson(byte[] binary) {
        return new Datum(Kind.JSON, 0, 0, binary, null, null, 0, 0);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    /** The integer bits: INT, UINT, TIME, DURATION, ENUM, SET, BIT. */
    public long longValue() {
        return bits;
    }

    public double doubleValue() {
        return real;
    }

    /** STRING (UTF-8), BYTES, JSON. */
    public byte[] bytes() {
        return bytes;
    }

    public Collation collation() {
        return collation;
    }

    public BigDecimal decimal() {
        return decimal;
    }

    public int precision() {
        return precision;
    }

    public int frac() {
        return frac;
    }

    /** A copy of this string/bytes datum with other bytes (prefix truncation). */
    public Datum withBytes(byte[] b) {
        return new Datum(kind, bits, real, b, collation, decimal, precision, frac);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Datum d)) {
            return false;
        }
        return kind == d.kind && bits == d.bits && Double.compare(real, d.real) == 0
                && Arrays.equals(bytes, d.bytes) && Objects.equals(collation, d.collation)
                && Objects.equals(decimal, d.decimal) && precision == d.precision && frac == d.frac;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, bits, real, Arrays.hashCode(bytes), decimal);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NULL -> "NULL";
            case INT, TIME, DURATION, ENUM, SET -> kind + "(" + bits + ")";
            case UINT, BIT -> kind + "(" + Long.toUnsignedString(bits) + ")";
            case FLOAT32, FLOAT64 -> kind + "(" + real + ")";
            case STRING -> "STRING(" + new String(bytes, java.nio.charset.StandardCharsets.UTF_8) + ")";
            case BYTES, JSON -> kind + "(" + HexFormatHolder.HEX.formatHex(bytes) + ")";
            case DECIMAL -> "DECIMAL(" + decimal + ", " + precision + ", " + frac + ")";
        };
    }

    private static final class HexFormatHolder {
        static final java.util.HexFormat HEX = java.util.HexFormat.of();
    }
}
