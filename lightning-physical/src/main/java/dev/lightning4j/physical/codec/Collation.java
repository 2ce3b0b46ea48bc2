package dev.lightning4j.physical.codec;

/**
 * A collation as TiDB's new collation framework sees it: the sort key that goes into index and common
 * handle keys, and the two properties that decide what an index value must carry to restore the
 * original string.
 */
public interface Collation {
    /** The collation name, lower case ({@code utf8mb4_general_ci}). */
    String name();

    /** The comparable key of a UTF-8 string. */
    byte[] key(byte[] utf8);

    /** {@code binary}: strings are raw bytes, nothing to restore. */
    default boolean isBinary() {
        return false;
    }

    /**
     * A padding {@code _bin} collation (TiDB {@code collate.IsBinCollation}): the key is the string with
     * trailing spaces removed, so only the number of removed spaces needs restoring.
     */
    default boolean isPaddingBin() {
        return false;
    }
}
