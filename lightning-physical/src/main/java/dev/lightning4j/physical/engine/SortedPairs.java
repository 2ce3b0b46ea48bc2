package dev.lightning4j.physical.engine;

import dev.lightning4j.physical.kv.KvPair;
import java.util.Iterator;
import java.util.List;

/**
 * Sorted key-value pairs an ingest reads: a {@link LocalEngine}, or a view that presents another engine's pairs
 * under other keys. Keys are unique and compare as unsigned bytes (TiKV's order of raw keys). Safe for
 * concurrent readers; each {@link Cursor} is for one thread.
 */
public interface SortedPairs {

    /**
     * The pairs in key order within {@code [lower, upper)}; a null bound is open. Close the cursor after use.
     *
     * @param lower the first key included, or null
     * @param upper the first key excluded, or null
     * @return a cursor over the pairs
     */
    Cursor iterator(byte[] lower, byte[] upper);

    /**
     * The last key within {@code [lower, upper)} (null bounds are open), or null when the range holds no pair.
     *
     * @param lower the first key included, or null
     * @param upper the first key excluded, or null
     * @return the last key, or null
     */
    byte[] lastKey(byte[] lower, byte[] upper);

    /**
     * Keys that cut the pairs into ranges of at most about {@code maxBytes} key+value bytes and {@code maxKeys}
     * pairs (region split sizes), in order; each key starts a new range.
     *
     * @param maxBytes the largest range in key+value bytes
     * @param maxKeys  the largest range in pairs
     * @return the split keys, ascending
     */
    List<byte[]> splitKeys(long maxBytes, long maxKeys);

    /**
     * Split keys from one sorted scan of {@code pairs}: each range as full as the limits allow (a range holds at
     * least one pair).
     *
     * @param pairs    the pairs in key order; closed when done
     * @param maxBytes the largest range in key+value bytes
     * @param maxKeys  the largest range in pairs
     * @return the split keys, ascending
     */
    static List<byte[]> splitKeysByScan(Cursor pairs, long maxBytes, long maxKeys) {
        List<byte[]> keys = new java.util.ArrayList<>();
        long bytes = 0;
        long count = 0;
        try (Cursor it = pairs) {
            while (it.hasNext()) {
                KvPair p = it.next();
                long size = p.key().length + p.value().length;
                if (count > 0 && (bytes + size > maxBytes || count + 1 > maxKeys)) {
                    keys.add(p.key());
                    bytes = 0;
                    count = 0;
                }
                bytes += size;
                count++;
            }
        }
        return keys;
    }

    /** Sorted pairs of a key range, with reads into reused buffers for streaming readers. */
    interface Cursor extends Iterator<KvPair>, AutoCloseable {

        /**
         * Copies the next pair's key into {@code dst} without moving on ({@link #hasNext()} must be true).
         *
         * @param dst where the key goes, when it fits
         * @return the key's length, larger than {@code dst} when it did not fit (read again into a larger array)
         */
        int peekKey(byte[] dst);

        /**
         * Copies the next pair's value into {@code dst} like {@link #peekKey}.
         *
         * @param dst where the value goes, when it fits
         * @return the value's length
         */
        int peekValue(byte[] dst);

        /** Moves past the next pair ({@link #hasNext()} must be true), as {@link #next()} does. */
        void skip();

        /** Releases what the cursor holds. */
        @Override
        void close();
    }
}
