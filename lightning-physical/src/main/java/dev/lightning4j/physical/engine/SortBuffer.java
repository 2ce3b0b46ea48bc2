package dev.lightning4j.physical.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One writer's pairs in memory, in a compact layout: keys and values back to back in one byte array, and
 * per pair its offset and lengths in int arrays. {@link #sort()} orders the pairs by unsigned key bytes
 * (TiKV's order) without objects: an LSD radix sort of each key's first 8 bytes after the prefix that all
 * keys share, then a comparison sort only inside runs of equal 8-byte prefixes. A key put twice keeps the
 * value put last; {@link #sort()} drops the earlier ones. Not thread-safe.
 */
final class SortBuffer {
    /**
     * Heap per pair slot besides the key and value: offset and lengths (12 bytes), and at sort time the
     * prefixes and pair numbers with their radix scratch copies and the final order (28 bytes).
     */
    static final int INDEX_BYTES_PER_PAIR = 40;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int FIRST_ARENA = 256 << 10;
    private static final int FIRST_PAIRS = 1024;
    private static final int INSERTION_SORT_MAX = 24;
    /** Radix levels of 8 bytes before a run of equal prefixes is sorted by comparisons. */
    private static final int MAX_DEPTH = 8;

    private final long bound;
    private byte[] arena = new byte[0];
    private int used;
    private int[] offs = new int[0];
    private int[] klens = new int[0];
    private int[] vlens = new int[0];
    private int count;
    /** Length of the prefix all keys so far share. */
    private int lcp;
    private long dataBytes;
    /** Whether every key so far is greater than the one put before it (a copy of sorted pairs): no sort needed. */
    private boolean ascending = true;

    /** After {@link #sort()}: the pairs' numbers in key order, {@link #sortedCount} of them, duplicates dropped. */
    private int[] order = new int[0];
    private int sortedCount;

    SortBuffer(long bound) {
        this.bound = bound;
    }

    /**
     * Heap this buffer holds or will hold to sort what it holds: the arena's capacity and, per pair slot,
     * the index arrays and the sort's scratch. Never above the bound unless one pair alone is larger.
     */
    long memoryBytes() {
        return arena.length + (long) offs.length * INDEX_BYTES_PER_PAIR;
    }

    int count() {
        return count;
    }

    /** Key plus value bytes put (duplicates included). */
    long dataBytes() {
        return dataBytes;
    }

    /**
     * Adds a pair, unless the buffer is not empty and the pair does not fit under the bound: then it returns
     * false and the buffer is unchanged (sort and send it, {@link #clear()} it, and put the pair again).
     */
    boolean put(byte[] key, byte[] value) {
        int need = key.length + value.length;
        if (count == offs.length && !growIndex()) {
            return false;
        }
        if ((long) used + need > arena.length && !growArena(need)) {
            return false;
        }
        if (count == 0) {
            lcp = key.length;
            ascending = true;
        } else if (ascending) {
            int prev = count - 1;
            ascending = Arrays.compareUnsigned(arena, offs[prev], offs[prev] + klens[prev], key, 0, key.length) < 0;
        }
        if (count > 0 && lcp > 0) {
            int n = Math.min(lcp, key.length);
            int m = Arrays.mismatch(arena, offs[0], offs[0] + n, key, 0, n);
            lcp = m < 0 ? n : m;
        }
        System.arraycopy(key, 0, arena, used, key.length);
        System.arraycopy(value, 0, arena, used + key.length, value.length);
        offs[count] = used;
        klens[count] = key.length;
        vlens[count] = value.length;
        used += need;
        dataBytes += need;
        count++;
        return true;
    }

    private boolean growArena(int need) {
        long min = (long) used + need;
        // The arena's share of the bound if every pair were as large as the pairs so far on average, so that
        // the index arrays keep room to grow.
        long avg = Math.max(1, min / (count + 1));
        long share = bound / (avg + INDEX_BYTES_PER_PAIR) * avg;
        long cap = Math.min(bound - (long) offs.length * INDEX_BYTES_PER_PAIR, share);
        long want = Math.min(Math.max(min, Math.max(FIRST_ARENA, (long) arena.length * 2)), cap);
        if (want < min) {
            if (count > 0) {
                return false;
            }
            want = min; // one pair larger than the bound: it alone goes
        }
        if (want > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a local engine writer's buffer cannot exceed 2 GiB");
        }
        arena = Arrays.copyOf(arena, (int) want);
        return true;
    }

    private boolean growIndex() {
        long room = (bound - arena.length) / INDEX_BYTES_PER_PAIR;
        long want = Math.min(Math.max(FIRST_PAIRS, (long) count * 2), room);
        if (want <= count) {
            if (count > 0) {
                return false;
            }
            want = 1;
        }
        int n = (int) want;
        offs = Arrays.copyOf(offs, n);
        klens = Arrays.copyOf(klens, n);
        vlens = Arrays.copyOf(vlens, n);
        return true;
    }

    /** Empties the buffer, keeping its arrays for the next pairs. */
    void clear() {
        used = 0;
        count = 0;
        sortedCount = 0;
        dataBytes = 0;
        lcp = 0;
        ascending = true;
    }

    byte[] arena() {
        return arena;
    }

    int sortedCount() {
        return sortedCount;
    }

    /** The i-th pair in key order: its number, for {@link #keyOffset} and friends. */
    int sorted(int i) {
        return order[i];
    }

    int keyOffset(int pair) {
        return offs[pair];
    }

    int keyLength(int pair) {
        return klens[pair];
    }

    int valueOffset(int pair) {
        return offs[pair] + klens[pair];
    }

    int valueLength(int pair) {
        return vlens[pair];
    }

    byte[] key(int pair) {
        return Arrays.copyOfRange(arena, offs[pair], offs[pair] + klens[pair]);
    }

    /** Sorts the pairs by key and drops all but the last of equal keys. */
    void sort() {
        int n = count;
        if (ascending) {
            if (order.length < n) {
                order = new int[n];
            }
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            sortedCount = n;
            return;
        }
        long[] pre = new long[n];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            pre[i] = prefix(i);
            idx[i] = i;
        }
        radixSort(pre, idx, n);
        sortTies(pre, idx, 0, n, 0);
        if (order.length < n) {
            order = new int[n];
        }
        int m = 0;
        for (int k = 0; k < n; k++) {
            if (k + 1 < n && pre[k] == pre[k + 1] && compareKeys(idx[k], idx[k + 1]) == 0) {
                continue; // a later put of the same key follows
            }
            order[m++] = idx[k];
        }
        sortedCount = m;
    }

    /**
     * Orders each run of equal prefixes in {@code [from, to)}: by the next 8 key bytes (radix again) while
     * runs are long and keys go on, then by the whole key and put order.
     */
    private void sortTies(long[] pre, int[] idx, int from, int to, int depth) {
        int i = from;
        while (i < to) {
            int j = i + 1;
            while (j < to && pre[j] == pre[i]) {
                j++;
            }
            if (j - i > INSERTION_SORT_MAX && depth < MAX_DEPTH && keysGoOn(idx, i, j, depth + 1)) {
                int m = j - i;
                long[] sub = new long[m];
                int[] subIdx = new int[m];
                for (int k = 0; k < m; k++) {
                    subIdx[k] = idx[i + k];
                    sub[k] = prefix(subIdx[k], lcp + 8 * (depth + 1));
                }
                radixSort(sub, subIdx, m);
                sortTies(sub, subIdx, 0, m, depth + 1);
                System.arraycopy(subIdx, 0, idx, i, m);
            } else if (j - i > 1) {
                sortRun(idx, i, j);
            }
            i = j;
        }
    }

    /** Whether some key in the run is longer than {@code depth} 8-byte steps after the shared prefix. */
    private boolean keysGoOn(int[] idx, int from, int to, int depth) {
        int at = lcp + 8 * depth;
        for (int k = from; k < to; k++) {
            if (klens[idx[k]] > at) {
                return true;
            }
        }
        return false;
    }

    /** The 8 key bytes after the shared prefix, big-endian, zero-padded. */
    private long prefix(int pair) {
        return prefix(pair, lcp);
    }

    /** The 8 key bytes from {@code at}, big-endian, zero-padded. */
    private long prefix(int pair, int at) {
        int off = offs[pair] + at;
        int len = klens[pair] - at;
        if (len >= 8) {
            return (long) LONG_BE.get(arena, off);
        }
        long p = 0;
        for (int b = 0; b < 8; b++) {
            p = (p << 8) | (b < len ? arena[off + b] & 0xFFL : 0);
        }
        return p;
    }

    private static void radixSort(long[] pre, int[] idx, int n) {
        if (n < 2) {
            return;
        }
        int[][] counts = new int[8][257];
        for (int i = 0; i < n; i++) {
            long p = pre[i];
            for (int b = 0; b < 8; b++) {
                counts[b][(int) ((p >>> (b * 8)) & 0xFF) + 1]++;
            }
        }
        long[] pre2 = new long[n];
        int[] idx2 = new int[n];
        long[] src = pre;
        int[] srcIdx = idx;
        long[] dst = pre2;
        int[] dstIdx = idx2;
        for (int b = 0; b < 8; b++) {
            int[] c = counts[b];
            boolean single = false;
            for (int v = 1; v <= 256; v++) {
                if (c[v] == n) {
                    single = true;
                    break;
                }
            }
            if (single) {
                continue; // every key has the same byte here
            }
            for (int v = 1; v <= 256; v++) {
                c[v] += c[v - 1];
            }
            int shift = b * 8;
            for (int i = 0; i < n; i++) {
                long p = src[i];
                int pos = c[(int) ((p >>> shift) & 0xFF)]++;
                dst[pos] = p;
                dstIdx[pos] = srcIdx[i];
            }
            long[] t = src;
            src = dst;
            dst = t;
            int[] ti = srcIdx;
            srcIdx = dstIdx;
            dstIdx = ti;
        }
        if (src != pre) {
            System.arraycopy(src, 0, pre, 0, n);
            System.arraycopy(srcIdx, 0, idx, 0, n);
        }
    }

    private void sortRun(int[] idx, int from, int to) {
        if (to - from <= INSERTION_SORT_MAX) {
            for (int i = from + 1; i < to; i++) {
                int v = idx[i];
                int j = i - 1;
                while (j >= from && compareThenOrder(idx[j], v) > 0) {
                    idx[j + 1] = idx[j];
                    j--;
                }
                idx[j + 1] = v;
            }
            return;
        }
        Integer[] boxed = new Integer[to - from];
        for (int i = from; i < to; i++) {
            boxed[i - from] = idx[i];
        }
        Arrays.sort(boxed, this::compareThenOrder);
        for (int i = from; i < to; i++) {
            idx[i] = boxed[i - from];
        }
    }

    private int compareThenOrder(int a, int b) {
        int c = compareKeys(a, b);
        return c != 0 ? c : Integer.compare(a, b);
    }

    private int compareKeys(int a, int b) {
        return Arrays.compareUnsigned(arena, offs[a], offs[a] + klens[a], arena, offs[b], offs[b] + klens[b]);
    }
}
