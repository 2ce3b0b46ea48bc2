package dev.lightning4j.physical.ingest;

import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.engine.SortedPairs;
import dev.lightning4j.physical.kv.KvPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.tikv.kvproto.Kvrpcpb;

/**
 * How the keys of an import are laid out in TiKV: API V1 (TiDB's keys as they are) or API V2 with a keyspace, where
 * every transactional key of the keyspace starts with {@code 'x'} and the keyspace ID as 3 bytes big-endian
 * (client-go's {@code codec_v2}) and every request says {@code api_version = V2}.
 *
 * <p>The local engines hold TiDB's keys without the prefix; the codec is applied where keys go to the cluster (the
 * pairs and ranges of an ingest, split keys, scheduling rules, checksum ranges, TiDB's meta keys) and where TiKV's
 * view is mirrored locally (the checksum, {@link #newChecksum()}). Region boundaries in PD stay the memcomparable
 * encoding of the keys TiKV stores, so prefixed keys are looked up as they are. Immutable.
 */
public final class KeyspaceCodec {
    /** API V1: no keyspace, keys unchanged. */
    public static final KeyspaceCodec V1 = new KeyspaceCodec("", -1);
    /** The largest keyspace ID (3 bytes). */
    public static final int MAX_ID = 0xFF_FFFF;
    /** The mode byte of transactional keys in API V2. */
    static final byte TXN_MODE = 'x';
    /** The length of a keyspace prefix. */
    public static final int PREFIX_LENGTH = 4;

    private final String name;
    private final int id;
    private final byte[] prefix;
    /** The first key after the keyspace: the next keyspace's prefix. */
    private final byte[] end;

    private KeyspaceCodec(String name, int id) {
        this.name = name;
        this.id = id;
        if (id < 0) {
            this.prefix = new byte[0];
            this.end = new byte[0];
        } else {
            this.prefix = prefixOf(TXN_MODE, id);
            this.end = id == MAX_ID ? new byte[] {TXN_MODE + 1, 0, 0, 0} : prefixOf(TXN_MODE, id + 1);
        }
    }

    private static byte[] prefixOf(byte mode, int id) {
        return new byte[] {mode, (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
    }

    /**
     * The codec of a keyspace in API V2.
     *
     * @param name the keyspace's name, for messages
     * @param id   the keyspace's ID, 0..{@value #MAX_ID}
     * @return the codec
     */
    public static KeyspaceCodec v2(String name, long id) {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("keyspace " + name + " has ID " + id + ", outside 0.." + MAX_ID);
        }
        return new KeyspaceCodec(name, (int) id);
    }

    /** Whether keys carry a keyspace prefix (API V2). */
    public boolean isV2() {
        return id >= 0;
    }

    /** The keyspace's name, empty in API V1. */
    public String name() {
        return name;
    }

    /** The keyspace's ID, -1 in API V1. */
    public int id() {
        return id;
    }

    /** The API version every request names. */
    public Kvrpcpb.APIVersion apiVersion() {
        return isV2() ? Kvrpcpb.APIVersion.V2 : Kvrpcpb.APIVersion.V1;
    }

    /** The key prefix (a copy), empty in API V1. */
    public byte[] prefix() {
        return prefix.clone();
    }

    /** The length of the key prefix: 4 in API V2, else 0. */
    public int prefixLength() {
        return prefix.length;
    }

    /**
     * TiDB's key as TiKV stores it.
     *
     * @param key TiDB's raw key
     * @return the key with the keyspace prefix (the same array in API V1)
     */
    public byte[] encodeKey(byte[] key) {
        if (!isV2()) {
            return key;
        }
        byte[] out = new byte[prefix.length + key.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(key, 0, out, prefix.length, key.length);
        return out;
    }

    /**
     * TiDB's key from a key TiKV stores.
     *
     * @param key a key of the keyspace
     * @return the key without the prefix (the same array in API V1)
     * @throws IllegalArgumentException when the key is outside the keyspace
     */
    public byte[] decodeKey(byte[] key) {
        if (!isV2()) {
            return key;
        }
        if (!owns(key)) {
            throw new IllegalArgumentException("key " + HexFormat.of().formatHex(key) + " is not in " + this);
        }
        return Arrays.copyOfRange(key, prefix.length, key.length);
    }

    /**
     * Whether a key as TiKV stores it lies in the keyspace (always in API V1).
     *
     * @param key the stored key
     * @return whether it starts with the prefix
     */
    public boolean owns(byte[] key) {
        return !isV2() || key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * A range of TiDB keys as a range of stored keys: both bounds prefixed, an unbounded end ending at the
     * keyspace's end (never beyond it).
     *
     * @param range TiDB keys
     * @return the stored keys (the same range in API V1)
     */
    public KeyRange encodeRange(KeyRange range) {
        if (!isV2()) {
            return range;
        }
        byte[] e = range.end();
        return new KeyRange(encodeKey(range.start()), e.length == 0 ? end.clone() : encodeKey(e));
    }

    /** A checksum that counts keys as TiKV stores them (see {@link KvChecksum#withKeyPrefix}). */
    public KvChecksum newChecksum() {
        return KvChecksum.withKeyPrefix(prefix);
    }

    /**
     * The pairs under their stored keys: a view that prefixes every key read and takes bounds in stored keys (those
     * outside the keyspace are clamped to it).
     *
     * @param pairs pairs under TiDB's keys
     * @return the view ({@code pairs} itself in API V1)
     */
    public SortedPairs encode(SortedPairs pairs) {
        return isV2() ? new Prefixed(pairs) : pairs;
    }

    @Override
    public String toString() {
        return isV2() ? "keyspace " + name + " (ID " + id + ", key prefix " + HexFormat.of().formatHex(prefix) + ")"
                : "API V1 (no keyspace)";
    }

    /** Sentinel of a bound that leaves nothing. */
    private static final byte[] NOTHING = new byte[0];

    /** A lower bound in stored keys as one in TiDB's keys; null = open, {@link #NOTHING} = nothing above it. */
    private byte[] lower(byte[] stored) {
        if (stored == null || Arrays.compareUnsigned(stored, prefix) <= 0) {
            return null;
        }
        if (Arrays.compareUnsigned(stored, end) >= 0) {
            return NOTHING;
        }
        return Arrays.copyOfRange(stored, prefix.length, stored.length);
    }

    /** An upper bound in stored keys as one in TiDB's keys; null = open, {@link #NOTHING} = nothing below it. */
    private byte[] upper(byte[] stored) {
        if (stored == null || Arrays.compareUnsigned(stored, end) >= 0) {
            return null;
        }
        if (Arrays.compareUnsigned(stored, prefix) <= 0) {
            return NOTHING;
        }
        return Arrays.copyOfRange(stored, prefix.length, stored.length);
    }

    /** The view {@link #encode} gives. */
    private final class Prefixed implements SortedPairs {
        private final SortedPairs inner;

        Prefixed(SortedPairs inner) {
            this.inner = inner;
        }

        @Override
        public Cursor iterator(byte[] lowerBound, byte[] upperBound) {
            byte[] lo = lower(lowerBound);
            byte[] hi = upper(upperBound);
            if (lo == NOTHING || hi == NOTHING) {
                return new PrefixedCursor(null);
            }
            return new PrefixedCursor(inner.iterator(lo, hi));
        }

        @Override
        public byte[] lastKey(byte[] lowerBound, byte[] upperBound) {
            byte[] lo = lower(lowerBound);
            byte[] hi = upper(upperBound);
            if (lo == NOTHING || hi == NOTHING) {
                return null;
            }
            byte[] last = inner.lastKey(lo, hi);
            return last == null ? null : encodeKey(last);
        }

        @Override
        public List<byte[]> splitKeys(long maxBytes, long maxKeys) {
            List<byte[]> out = new ArrayList<>();
            for (byte[] k : inner.splitKeys(maxBytes, maxKeys)) {
                out.add(encodeKey(k));
            }
            return out;
        }
    }

    /** A cursor that puts the prefix in front of every key; over nothing when {@code inner} is null. */
    private final class PrefixedCursor implements SortedPairs.Cursor {
        private final SortedPairs.Cursor inner;
        private byte[] key = new byte[256];

        PrefixedCursor(SortedPairs.Cursor inner) {
            this.inner = inner;
        }

        @Override
        public boolean hasNext() {
            return inner != null && inner.hasNext();
        }

        @Override
        public KvPair next() {
            if (inner == null) {
                throw new java.util.NoSuchElementException();
            }
            KvPair p = inner.next();
            return new KvPair(encodeKey(p.key()), p.value());
        }

        @Override
        public int peekKey(byte[] dst) {
            int n = inner.peekKey(key);
            if (n > key.length) {
                key = new byte[n * 2];
                inner.peekKey(key);
            }
            int total = prefix.length + n;
            if (total <= dst.length) {
                System.arraycopy(prefix, 0, dst, 0, prefix.length);
                System.arraycopy(key, 0, dst, prefix.length, n);
            }
            return total;
        }

        @Override
        public int peekValue(byte[] dst) {
            return inner.peekValue(dst);
        }

        @Override
        public void skip() {
            inner.skip();
        }

        @Override
        public void close() {
            if (inner != null) {
                inner.close();
            }
        }
    }
}
