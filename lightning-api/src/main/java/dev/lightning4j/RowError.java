package dev.lightning4j;

/**
 * One source row that was not imported and was counted against the error budget.
 *
 * @param table  the target table
 * @param file   the source file, relative to the source root
 * @param offset the byte offset of the row in the (decompressed) file
 * @param kind   what went wrong
 * @param reason the server's or parser's message
 * @param row    the row's values as text, shortened for display
 */
public record RowError(TableName table, String file, long offset, Kind kind, String reason, String row) {

    /** Classes of row errors, after Lightning's {@code type_error} and {@code conflict_error}. */
    public enum Kind {
        /** The value does not fit the column (out of range, invalid date, bad number, too long, NULL into NOT NULL). */
        TYPE,
        /** A duplicate primary or unique key under the {@code error} conflict strategy. */
        CONFLICT,
        /** The row has a different number of values than the columns it is written to. */
        COLUMN_COUNT
    }

    @Override
    public String toString() {
        return kind + " error in " + table + " (file " + file + " at byte " + offset + "): " + reason
                + (row == null ? "" : " row: " + row);
    }
}
