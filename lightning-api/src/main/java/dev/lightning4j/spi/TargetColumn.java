package dev.lightning4j.spi;

/**
 * A column of a target table, read from the server's {@code information_schema.COLUMNS}.
 *
 * @param name      the column name
 * @param position  1-based ordinal position
 * @param dataType  the base type in lower case ({@code int}, {@code varchar}, {@code decimal}, {@code bit}, ...)
 * @param columnType the full type ({@code int(10) unsigned}, {@code enum('a','b')})
 * @param nullable  whether NULL is allowed
 * @param charset   the character set of a string column, or null
 * @param generated whether the column is generated (it never receives imported values)
 */
public record TargetColumn(String name, int position, String dataType, String columnType, boolean nullable,
        String charset, boolean generated) {

    /**
     * Whether the column holds binary strings: binary, varbinary and the blob types.
     *
     * @return true for those types
     */
    public boolean isBinary() {
        return switch (dataType) {
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> true;
            default -> false;
        };
    }

    /**
     * Whether the column is an unsigned number.
     *
     * @return true when the full type contains {@code unsigned}
     */
    public boolean isUnsigned() {
        return columnType.contains("unsigned");
    }
}
