package dev.lightning4j.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array the generator renders rows into. Rendering to bytes directly (no String per
 * value, no Writer) is what keeps the generator at disk speed.
 */
final class ByteSink {
    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    ByteSink(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    int length() {
        return len;
    }

    void reset() {
        len = 0;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    /** The backing array, valid up to {@link #length()} until the next append. */
    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    ByteSink put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    ByteSink put(byte[] bytes) {
        return put(bytes, 0, bytes.length);
    }

    ByteSink put(byte[] bytes, int off, int n) {
        ensure(n);
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
        return this;
    }

    /** Appends a string that is known to be ASCII (SQL keywords, identifiers of our own schemas). */
    ByteSink ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Appends a signed decimal integer. */
    ByteSink decimal(long v) {
        if (v < 0) {
            put('-');
            if (v == Long.MIN_VALUE) {
                return ascii("9223372036854775808");
            }
            v = -v;
        }
        return padded(v, 1);
    }

    /** Appends a fixed-point number given as its unscaled value: {@code (-12345, 2)} is {@code -123.45}. */
    ByteSink scaled(long unscaled, int scale) {
        if (scale == 0) {
            return decimal(unscaled);
        }
        if (unscaled < 0) {
            put('-');
            unscaled = -unscaled;
        }
        long pow = 1;
        for (int i = 0; i < scale; i++) {
            pow *= 10;
        }
        return padded(unscaled / pow, 1).put('.').padded(unscaled % pow, scale);
    }

    /** Appends a non-negative integer left-padded with zeros to at least {@code width} digits. */
    ByteSink padded(long v, int width) {
        int digits = 1;
        for (long t = v / 10; t != 0; t /= 10) {
            digits++;
        }
        int n = Math.max(digits, width);
        ensure(n);
        int end = len + n;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = DIGITS[(int) (v % 10)];
            v /= 10;
        }
        len = end;
        return this;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
