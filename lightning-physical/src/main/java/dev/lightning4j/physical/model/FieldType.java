package dev.lightning4j.physical.model;

import dev.lightning4j.physical.codec.Collation;
import dev.lightning4j.physical.codec.Collations;
import java.util.List;
import java.util.Objects;

/**
 * A column's type as the encoder needs it.
 *
 * @param type      the type
 * @param unsigned  UNSIGNED (integers, FLOAT/DOUBLE/DECIMAL)
 * @param length    display length: characters for CHAR/VARCHAR, max bytes for TEXT/BLOB, digits for DECIMAL,
 *                  bits for BIT; -1 when not applicable
 * @param scale     DECIMAL scale, fractional-second precision of DATETIME/TIMESTAMP/TIME; 0 otherwise
 * @param charset   character set of string types ({@code utf8mb4}, {@code binary}, {@code ascii}, ...)
 * @param collation collation of string types, {@link Collations#BINARY} for binary strings and non-strings
 * @param elements  ENUM/SET members in order, else empty
 */
public record FieldType(ColumnType type, boolean unsigned, int length, int scale, String charset,
                        Collation collation, List<String> elements) {

    public FieldType {
        Objects.requireNonNull(type, "type");
        charset = charset == null ? "binary" : charset;
        collation = collation == null ? Collations.BINARY : collation;
        elements = elements == null ? List.of() : List.copyOf(elements);
        if (type == ColumnType.DECIMAL && (length < 1 || length > 65 || scale < 0 || scale > 30 || scale > length)) {
            throw new IllegalArgumentException("DECIMAL(" + length + "," + scale + ") is not a valid decimal type");
        }
    }

    public static FieldType of(ColumnType type) {
        return new FieldType(type, false, -1, 0, null, null, null);
    }

    public static FieldType unsigned(ColumnType type) {
        return new FieldType(type, true, -1, 0, null, null, null);
    }

    public static FieldType decimal(int precision, int scale) {
        return new FieldType(ColumnType.DECIMAL, false, precision, scale, null, null, null);
    }

    /** DATETIME/TIMESTAMP/TIME with a fractional-second precision. */
    public static FieldType temporal(ColumnType type, int fsp) {
        return new FieldType(type, false, -1, fsp, null, null, null);
    }

    /** A text type with a collation (charset taken from the collation name's prefix). */
    public static FieldType string(ColumnType type, int length, Collation collation) {
        String cs = collation.isBinary() ? "binary" : collation.name().substring(0, collation.name().indexOf('_'));
        return new FieldType(type, false, length, 0, cs, collation, null);
    }

    /** BINARY(n), VARBINARY(n), BLOB: strings with the binary collation. */
    public static FieldType binary(ColumnType type, int length) {
        return new FieldType(type, false, length, 0, "binary", Collations.BINARY, null);
    }

    public static FieldType enumOf(ColumnType type, List<String> elements, Collation collation) {
        return new FieldType(type, false, -1, 0, "utf8mb4", collation, elements);
    }

    public static FieldType bit(int bits) {
        return new FieldType(ColumnType.BIT, true, bits, 0, null, null, null);
    }

    /** A string type whose values are raw bytes (binary collation). */
    public boolean isBinaryString() {
        return type.family() == ColumnType.Family.STRING && collation.isBinary();
    }

    /**
     * Whether index values must carry this column's original value (TiDB {@code types.NeedRestoredData}):
     * a non-binary string whose key loses information, i.e. not a padding _bin CHAR/TEXT and not
     * utf8mb4_0900_bin.
     */
    public boolean needsRestoredData(boolean newCollation) {
        return newCollation
                && type.family() == ColumnType.Family.STRING
                && !collation.isBinary()
                && (!collation.isPaddingBin() || type == ColumnType.VARCHAR)
                && !collation.name().equals("utf8mb4_0900_bin");
    }

    /** Prefix lengths count bytes for binary and ascii strings, characters otherwise. */
    public boolean prefixCountsBytes() {
        return charset.equals("binary") || charset.equals("ascii");
    }
}
