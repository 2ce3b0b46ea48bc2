package dev.lightning4j.physical.codec;

import java.util.Arrays;

/** A growable byte buffer the encoders append to; reused per row so encoding allocates little. */
public final class ByteSink {
    private byte[] buf;
    private int len;

    public ByteSink() {
        this(64);
    }

    public ByteSink(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public ByteSink put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    public ByteSink put(byte[] bytes) {
        return put(bytes, 0, bytes.length);
    }

    public ByteSink put(byte[] bytes, int off, int n) {
        ensure(n);
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
        return this;
    }

    public ByteSink putLongBE(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[len + i] = (byte) v;
            v >>>= 8;
        }
        len += 8;
        return this;
    }

    /** Little-endian, {@code width} bytes (1, 2, 4 or 8). */
    public ByteSink putLE(long v, int width) {
        ensure(width);
        for (int i = 0; i < width; i++) {
            buf[len++] = (byte) v;
            v >>>= 8;
        }
        return this;
    }

    public ByteSink putShortBE(int v) {
        put(v >>> 8);
        return put(v);
    }

    /** Overwrites one byte already written. */
    public void set(int pos, int b) {
        buf[pos] = (byte) b;
    }

    /** The unsigned byte at {@code pos}. */
    public int get(int pos) {
        return buf[pos] & 0xFF;
    }

    public int length() {
        return len;
    }

    public void reset() {
        len = 0;
    }

    public void truncate(int newLength) {
        len = newLength;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
