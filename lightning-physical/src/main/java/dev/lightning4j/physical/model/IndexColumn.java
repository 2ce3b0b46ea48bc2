package dev.lightning4j.physical.model;

/**
 * One column of an index.
 *
 * @param offset the column's offset in the table
 * @param length prefix length ({@code KEY (c(10))}), or {@link #FULL}
 */
public record IndexColumn(int offset, int length) {
    public static final int FULL = -1;

    public static IndexColumn full(int offset) {
        return new IndexColumn(offset, FULL);
    }

    public boolean isPrefix() {
        return length != FULL;
    }
}
