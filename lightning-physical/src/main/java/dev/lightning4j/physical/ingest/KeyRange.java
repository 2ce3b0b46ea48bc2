package dev.lightning4j.physical.ingest;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A range of raw TiDB keys (not memcomparable-wrapped, no timestamp), start inclusive, end exclusive.
 *
 * @param start first key of the range
 * @param end   first key after the range
 */
public record KeyRange(byte[] start, byte[] end) {
    /** Copies both keys, so later changes to the arrays do not move the range. */
    public KeyRange {
        start = start.clone();
        end = end.clone();
        if (Arrays.compareUnsigned(start, end) > 0) {
            // Not this.toString(): the fields are not assigned yet.
            throw new IllegalArgumentException("key range start after end: [" + HexFormat.of().formatHex(start) + ", "
                    + HexFormat.of().formatHex(end) + ")");
        }
    }

    /** The start key (a copy). */
    @Override
    public byte[] start() {
        return start.clone();
    }

    /** The end key (a copy). */
    @Override
    public byte[] end() {
        return end.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRange r && Arrays.equals(start, r.start) && Arrays.equals(end, r.end);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(start) + Arrays.hashCode(end);
    }

    @Override
    public String toString() {
        return "[" + HexFormat.of().formatHex(start) + ", " + HexFormat.of().formatHex(end) + ")";
    }
}
