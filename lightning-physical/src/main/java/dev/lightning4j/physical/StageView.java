package dev.lightning4j.physical;

import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.physical.engine.SortedPairs;
import dev.lightning4j.physical.kv.KvPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongPredicate;

/**
 * A sorting engine's pairs as TiKV receives them, read in place instead of copied into a final engine: each
 * stage key is shown as its TiKV key (the row ID suffix stripped), the pairs of dropped rows (duplicates that
 * the conflict strategy removed, rows imported early already) are left out, and of pairs that still share a
 * TiKV key only the first is shown, so keys are unique and ascending as in an engine. The notes below the pairs
 * are never shown. The sorting engine must not change while the view is read (the table's gate keeps writers
 * out).
 *
 * <p>Split keys come from {@link Sizes} counted over exactly the pairs the view shows, when the checksum pass
 * read them; otherwise from a scan of the view.
 */
final class StageView implements SortedPairs {
    /** Every pair's stage key: the notes sort below it (they start with {@code 0x00}). */
    private static final byte[] PAIRS_LOWER = {StageKeys.META + 1};
    private static final LongPredicate NONE = id -> false;

    private final LocalEngine stage;
    private final LongPredicate dropped;
    private volatile List<Granule> granules;

    /**
     * @param stage   the sorting engine
     * @param dropped the row IDs whose pairs are left out, or null for none
     */
    StageView(LocalEngine stage, LongPredicate dropped) {
        this.stage = stage;
        this.dropped = dropped == null ? NONE : dropped;
    }

    /** Uses the sizes counted over this view's pairs for {@link #splitKeys} instead of a scan. */
    StageView withSizes(Sizes sizes) {
        this.granules = sizes == null ? null : sizes.granules();
        return this;
    }

    private static byte[] stageLower(byte[] lower) {
        if (lower == null) {
            return PAIRS_LOWER;
        }
        byte[] b = StageKeys.bound(lower);
        return Arrays.compareUnsigned(b, PAIRS_LOWER) < 0 ? PAIRS_LOWER : b;
    }

    /** An empty upper bound is open too, as in {@link dev.lightning4j.physical.ingest.KeyRange}. */
    private static byte[] stageUpper(byte[] upper) {
        return upper == null || upper.length == 0 ? null : StageKeys.bound(upper);
    }

    @Override
    public ViewCursor iterator(byte[] lower, byte[] upper) {
        return new ViewCursor(stage.iterator(stageLower(lower), stageUpper(upper)));
    }

    @Override
    public byte[] lastKey(byte[] lower, byte[] upper) {
        // A later pair sharing the TiKV key of an earlier shown one has that same key: the result is the same.
        byte[] last = stage.lastKey(stageLower(lower), stageUpper(upper),
                k -> !dropped.test(StageKeys.rowId(k)));
        return last == null ? null : StageKeys.tikvKey(last);
    }

    @Override
    public List<byte[]> splitKeys(long maxBytes, long maxKeys) {
        List<Granule> counted = granules;
        if (counted != null && counted.stream().allMatch(g -> g.bytes() <= maxBytes && g.keys() <= maxKeys)) {
            List<byte[]> keys = new ArrayList<>();
            long bytes = 0;
            long count = 0;
            for (Granule g : counted) {
                if (count > 0 && (bytes + g.bytes() > maxBytes || count + g.keys() > maxKeys)) {
                    keys.add(g.first().clone());
                    bytes = 0;
                    count = 0;
                }
                bytes += g.bytes();
                count += g.keys();
            }
            return keys;
        }
        return SortedPairs.splitKeysByScan(iterator(null, null), maxBytes, maxKeys);
    }

    /**
     * The shown pairs of a stage key range, each under its TiKV key. The stage keys, TiKV keys and values are read
     * into reused arrays (the ingest streams millions of pairs through one cursor); only {@link #next()} makes new
     * ones.
     */
    final class ViewCursor implements SortedPairs.Cursor {
        private final LocalEngine.KvIterator it;
        /** The stage key read last, and that of the next pair to show (for the pairs sharing its TiKV key). */
        private byte[] stageKey = new byte[64];
        private int stageLength;
        private byte[] shown = new byte[64];
        private int shownLength = -1;
        /** The next pair to show, when {@link #ready}, and its row ID. */
        private boolean ready;
        private byte[] key = new byte[64];
        private int keyLength;
        private byte[] value = new byte[256];
        private int valueLength;
        private long rowId;
        private long lastRowId = -1;

        private ViewCursor(LocalEngine.KvIterator it) {
            this.it = it;
            advance();
        }

        private void advance() {
            ready = false;
            while (it.hasNext()) {
                stageLength = it.peekKey(stageKey);
                if (stageLength > stageKey.length) {
                    stageKey = new byte[stageLength * 2];
                    it.peekKey(stageKey);
                }
                long id = 0;
                for (int i = stageLength - 8; i < stageLength; i++) {
                    id = (id << 8) | (stageKey[i] & 0xFF);
                }
                if (dropped.test(id) || (shownLength == stageLength
                        && Arrays.equals(stageKey, 0, stageLength - 8, shown, 0, shownLength - 8))) {
                    it.skip();
                    continue;
                }
                valueLength = it.peekValue(value);
                if (valueLength > value.length) {
                    value = new byte[valueLength * 2];
                    it.peekValue(value);
                }
                it.skip();
                byte[] t = shown;
                shown = stageKey;
                shownLength = stageLength;
                stageKey = t;
                unwrap();
                rowId = id;
                ready = true;
                return;
            }
        }

        /** The TiKV key of {@link #shown} (memcomparable groups of 8 bytes and a marker) into {@link #key}. */
        private void unwrap() {
            int end = shownLength - 8;
            if (key.length < end) {
                key = new byte[end];
            }
            int n = 0;
            for (int p = 0; p + 9 <= end; p += 9) {
                int pad = 0xFF - (shown[p + 8] & 0xFF);
                if (pad > 8) {
                    throw new IllegalStateException("bad memcomparable marker in a stage key");
                }
                System.arraycopy(shown, p, key, n, 8 - pad);
                n += 8 - pad;
                if (pad != 0) {
                    break;
                }
            }
            keyLength = n;
        }

        @Override
        public boolean hasNext() {
            return ready;
        }

        @Override
        public KvPair next() {
            if (!ready) {
                throw new NoSuchElementException();
            }
            KvPair p = new KvPair(Arrays.copyOf(key, keyLength), Arrays.copyOf(value, valueLength));
            skip();
            return p;
        }

        /** The row ID of the pair {@link #next()} or {@link #skip()} passed last. */
        long rowId() {
            return lastRowId;
        }

        @Override
        public int peekKey(byte[] dst) {
            if (keyLength <= dst.length) {
                System.arraycopy(key, 0, dst, 0, keyLength);
            }
            return keyLength;
        }

        @Override
        public int peekValue(byte[] dst) {
            if (valueLength <= dst.length) {
                System.arraycopy(value, 0, dst, 0, valueLength);
            }
            return valueLength;
        }

        @Override
        public void skip() {
            if (!ready) {
                throw new NoSuchElementException();
            }
            lastRowId = rowId;
            advance();
        }

        @Override
        public void close() {
            it.close();
        }
    }

    /** A run of shown pairs: its first key, key+value bytes and pairs. */
    record Granule(byte[] first, long bytes, long keys) {
    }

    /**
     * The sizes of shown pairs, counted in key order into granules of about 4 MiB or 40,960 pairs (as a local
     * engine counts its sent runs) for split keys without another scan. Past {@value #MAX_GRANULES} granules
     * every two neighbours merge, which bounds memory.
     */
    static final class Sizes {
        static final long GRANULE_BYTES = 4L << 20;
        static final long GRANULE_KEYS = 40_960;
        static final int MAX_GRANULES = 1 << 16;
        private List<Granule> done = new ArrayList<>();
        private byte[] first;
        private long bytes;
        private long keys;
        private long granuleBytes;
        private long granuleKeys;

        Sizes() {
            this(GRANULE_BYTES, GRANULE_KEYS);
        }

        /** With other granule sizes (tests use small ones). */
        Sizes(long granuleBytes, long granuleKeys) {
            this.granuleBytes = granuleBytes;
            this.granuleKeys = granuleKeys;
        }

        /** Counts the next pair, whose key is larger than every key counted before. */
        void add(byte[] key, long size) {
            if (first == null) {
                first = key;
            }
            bytes += size;
            keys++;
            if (bytes >= granuleBytes || keys >= granuleKeys) {
                close();
            }
        }

        private void close() {
            if (first == null) {
                return;
            }
            done.add(new Granule(first, bytes, keys));
            first = null;
            bytes = 0;
            keys = 0;
            if (done.size() > MAX_GRANULES) {
                List<Granule> merged = new ArrayList<>(done.size() / 2 + 1);
                for (int i = 0; i < done.size(); i += 2) {
                    Granule a = done.get(i);
                    merged.add(i + 1 == done.size() ? a : new Granule(a.first(), a.bytes() + done.get(i + 1).bytes(),
                            a.keys() + done.get(i + 1).keys()));
                }
                done = merged;
                granuleBytes *= 2;
                granuleKeys *= 2;
            }
        }

        /** The granules counted, the last one closed. */
        List<Granule> granules() {
            close();
            return List.copyOf(done);
        }
    }
}
