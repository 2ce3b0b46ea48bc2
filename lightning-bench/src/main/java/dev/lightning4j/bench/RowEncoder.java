package dev.lightning4j.bench;

/**
 * Renders the values of one row in a dump format. A {@link Dataset} calls these in column order
 * between {@link #beginRow()} and {@link #endRow()}; the format decides quoting and escaping.
 */
interface RowEncoder {
    void beginRow();

    void integer(long value);

    /** A DECIMAL value given as its unscaled integer and scale: {@code (12345, 2)} is {@code 123.45}. */
    void decimal(long unscaled, int scale);

    /** A character value, given as UTF-8 bytes. */
    void string(byte[] utf8, int off, int len);

    default void string(byte[] utf8) {
        string(utf8, 0, utf8.length);
    }

    /** A binary value (BLOB) of arbitrary bytes. */
    void binary(byte[] bytes, int off, int len);

    /** A DATETIME in UTC, seconds since the epoch. */
    void datetime(long epochSecond);

    /** A DATE, days since the epoch. */
    void date(long epochDay);

    void nullValue();

    void endRow();
}
