package dev.lightning4j.sources.sql;

import java.util.Arrays;

/** A reusable, growable byte array for the contents of one token (a string value, a number, a word). */
final class ByteBuilder {
    byte[] data;
    int size;

    ByteBuilder(int initialCapacity) {
        data = new byte[initialCapacity];
    }

    void clear() {
        size = 0;
    }

    void append(byte b) {
        if (size == data.length) {
            grow(size + 1);
        }
        data[size++] = b;
    }

    void append(byte[] src, int off, int len) {
        if (len == 0) {
            return;
        }
        if (size + len > data.length) {
            grow(size + len);
        }
        System.arraycopy(src, off, data, size, len);
        size += len;
    }

    /** Drops a buffer that one huge value blew up, so it is not held for the rest of the file. */
    void shrinkTo(int maxCapacity, int initialCapacity) {
        if (data.length > maxCapacity) {
            data = new byte[initialCapacity];
            size = 0;
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }

    /** True when the contents equal {@code ascii}, ignoring ASCII letter case. */
    boolean equalsIgnoreCase(String ascii) {
        if (size != ascii.length()) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            int a = data[i] & 0xff;
            int b = ascii.charAt(i);
            if (a != b && upper(a) != upper(b)) {
                return false;
            }
        }
        return true;
    }

    int capacity() {
        return data.length;
    }

    private static int upper(int c) {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }

    private void grow(int needed) {
        data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
    }
}
