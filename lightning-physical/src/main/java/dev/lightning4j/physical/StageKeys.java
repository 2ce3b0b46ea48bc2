package dev.lightning4j.physical;

import dev.lightning4j.physical.codec.ByteSink;
import dev.lightning4j.physical.codec.MemComparable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys of the sorting engines. A pair is stored under {@code EncodeBytes(key) || rowId}: the memcomparable
 * wrapping keeps TiKV's key order and makes every key prefix-free, and the row ID makes the keys of two rows
 * that encode the same TiKV key distinct, so duplicates sit next to each other instead of overwriting each
 * other, and are found by one sorted scan. Re-encoding a row gives the same stage key, so a chunk written
 * again replaces its own pairs only.
 *
 * <p>Keys starting with {@code 0x00} are the engine's own notes (a chunk's largest AUTO_INCREMENT value, row ID and AUTO_RANDOM base); TiDB
 * keys start with {@code 't'}.
 */
final class StageKeys {
    static final byte META = 0;
    private static final byte AUTO_INCREMENT = 'a';

    private StageKeys() {
    }

    static byte[] encode(ByteSink buf, byte[] key, long rowId) {
        buf.reset();
        MemComparable.encodeBytes(buf, key);
        buf.putLongBE(rowId);
        return buf.toByteArray();
    }

    static boolean isMeta(byte[] stageKey) {
        return stageKey.length > 0 && stageKey[0] == META;
    }

    /** The TiKV key part, still wrapped; equal for pairs of different rows with the same TiKV key. */
    static boolean sameKey(byte[] a, byte[] b) {
        return a.length == b.length && Arrays.equals(a, 0, a.length - 8, b, 0, b.length - 8);
    }

    /**
     * The stage key bounding the pairs of TiKV keys from {@code tikvKey} on: a pair's TiKV key is at least
     * {@code tikvKey} exactly when its stage key is at least this. The wrapped form of a key sorts as the key does
     * and is never a prefix of another key's wrapped form (its last group's marker is below {@code 0xFF}, every
     * other group's is {@code 0xFF}), so the row ID behind it cannot change the order: the TiKV key range
     * {@code [a, b)} is the stage key range {@code [bound(a), bound(b))}.
     */
    static byte[] bound(byte[] tikvKey) {
        return MemComparable.encodeBytes(tikvKey);
    }

    static byte[] tikvKey(byte[] stageKey) {
        return MemComparable.decodeBytes(stageKey, 0, new int[1]);
    }

    static long rowId(byte[] stageKey) {
        long v = 0;
        for (int i = stageKey.length - 8; i < stageKey.length; i++) {
            v = (v << 8) | (stageKey[i] & 0xFF);
        }
        return v;
    }

    /** The note holding a chunk's largest AUTO_INCREMENT value and row ID. */
    static byte[] autoIncrementKey(String file, long start) {
        byte[] name = (file + "@" + start).getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[2 + name.length];
        k[0] = META;
        k[1] = AUTO_INCREMENT;
        System.arraycopy(name, 0, k, 2, name.length);
        return k;
    }

    static byte[] longs(long a) {
        return new ByteSink(8).putLongBE(a).toByteArray();
    }

    static byte[] longs(long a, long b) {
        return new ByteSink(16).putLongBE(a).putLongBE(b).toByteArray();
    }

    /** A chunk's note: largest AUTO_INCREMENT value, largest row ID, largest AUTO_RANDOM incremental part. */
    static byte[] longs(long a, long b, long c) {
        return new ByteSink(24).putLongBE(a).putLongBE(b).putLongBE(c).toByteArray();
    }

    /** The {@code index}th long of a note; 0 past its end (notes written before the third long existed). */
    static long longAt(byte[] v, int index) {
        if (v.length < index * 8 + 8) {
            return 0;
        }
        long r = 0;
        for (int i = index * 8; i < index * 8 + 8; i++) {
            r = (r << 8) | (v[i] & 0xFF);
        }
        return r;
    }
}
