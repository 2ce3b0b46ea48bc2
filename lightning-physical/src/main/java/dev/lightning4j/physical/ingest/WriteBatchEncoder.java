package dev.lightning4j.physical.ingest;

import java.util.Arrays;

/**
 * Builds one ImportSST {@code WriteRequest} holding one {@code WriteBatch}, as protobuf bytes written
 * straight from the pairs: exactly the bytes protobuf writes for {@code WriteRequest{batch:
 * WriteBatch{commit_ts, pairs: [Pair{key, value, op}, ...]}}} (fields in number order, empty bytes and zero
 * values, such as the op of a put, left out), without a message object per pair. The bytes are made once and sent to every peer.
 * Reusable: {@link #finish()} hands out the message and starts the next one. One thread.
 */
final class WriteBatchEncoder {
    /** {@code WriteRequest.batch} (field 2, length-delimited). */
    private static final int TAG_REQUEST_BATCH = 2 << 3 | 2;
    /** {@code WriteBatch.commit_ts} (field 1, varint). */
    private static final int TAG_COMMIT_TS = 1 << 3;
    /** {@code WriteBatch.pairs} (field 2, length-delimited). */
    private static final int TAG_PAIR = 2 << 3 | 2;
    /** {@code Pair.key} (field 1, length-delimited). */
    private static final int TAG_KEY = 1 << 3 | 2;
    /** {@code Pair.value} (field 2, length-delimited). */
    private static final int TAG_VALUE = 2 << 3 | 2;
    /** {@code Pair.op} (field 3, varint). */
    private static final int TAG_OP = 3 << 3;
    /** {@code Pair.OP.Delete}. */
    private static final int OP_DELETE = 1;

    private final long commitTs;
    /** The encoded pairs of the batch so far (the body of the WriteBatch after its commit_ts). */
    private byte[] buf;
    private int len;
    private int pairs;
    private long payload;

    WriteBatchEncoder(long commitTs, int initialBytes) {
        this.commitTs = commitTs;
        this.buf = new byte[Math.max(64, initialBytes)];
    }

    /** Adds one put pair from {@code key[0, keyLength)} and {@code value[0, valueLength)}. */
    void add(byte[] key, int keyLength, byte[] value, int valueLength) {
        int body = fieldSize(keyLength) + fieldSize(valueLength);
        ensure(1 + varintSize(body) + body);
        buf[len++] = TAG_PAIR;
        len = putVarint(buf, len, body);
        len = putField(TAG_KEY, key, keyLength);
        len = putField(TAG_VALUE, value, valueLength);
        pairs++;
        payload += keyLength + valueLength;
    }

    /** Adds a delete of {@code key[0, keyLength)} (op Delete, no value). */
    void addDelete(byte[] key, int keyLength) {
        int body = fieldSize(keyLength) + 2;
        ensure(1 + varintSize(body) + body);
        buf[len++] = TAG_PAIR;
        len = putVarint(buf, len, body);
        len = putField(TAG_KEY, key, keyLength);
        buf[len++] = TAG_OP;
        buf[len++] = OP_DELETE;
        pairs++;
        payload += keyLength;
    }

    /** Pairs added since the last {@link #finish()}. */
    int pairs() {
        return pairs;
    }

    /** Key and value bytes (of deletes, the key's) added since the last {@link #finish()}. */
    long payloadBytes() {
        return payload;
    }

    /** The serialized WriteRequest of the pairs added; the encoder then starts an empty batch. */
    byte[] finish() {
        int batchBody = (commitTs != 0 ? 1 + varintSize(commitTs) : 0) + len;
        byte[] out = new byte[1 + varintSize(batchBody) + batchBody];
        out[0] = TAG_REQUEST_BATCH;
        int p = putVarint(out, 1, batchBody);
        if (commitTs != 0) {
            out[p++] = TAG_COMMIT_TS;
            p = putVarint(out, p, commitTs);
        }
        System.arraycopy(buf, 0, out, p, len);
        len = 0;
        pairs = 0;
        payload = 0;
        return out;
    }

    private int putField(int tag, byte[] b, int n) {
        if (n == 0) {
            return len; // proto3 leaves empty bytes out
        }
        buf[len++] = (byte) tag;
        int p = putVarint(buf, len, n);
        System.arraycopy(b, 0, buf, p, n);
        return p + n;
    }

    private static int fieldSize(int n) {
        return n == 0 ? 0 : 1 + varintSize(n) + n;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static int putVarint(byte[] b, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }
}
