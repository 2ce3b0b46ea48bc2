package dev.lightning4j.sources.sql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the raw bytes of a string value into a {@link String} when they are well-formed UTF-8, and into
 * a {@code byte[]} otherwise, so that no byte of the source is ever replaced or lost.
 */
final class Utf8 {
    private Utf8() {
    }

    static Object decode(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            // Pure ASCII: Latin-1 decoding is a plain copy into a compact string.
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        if (isValid(b, i, end)) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        return Arrays.copyOfRange(b, off, end);
    }

    /**
     * Strict UTF-8 check (no overlong forms, no surrogates, nothing above U+10FFFF): exactly the inputs that
     * Java decodes without replacement, so the String re-encodes to the same bytes.
     */
    static boolean isValid(byte[] b, int from, int end) {
        int i = from;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xff;
            if (c < 0xC2) {
                return false;
            } else if (c < 0xE0) {
                if (i + 1 >= end || !cont(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= end) {
                    return false;
                }
                int c1 = b[i + 1] & 0xff;
                if (!cont(b[i + 1]) || !cont(b[i + 2]) || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
                    return false;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= end) {
                    return false;
                }
                int c1 = b[i + 1] & 0xff;
                if (!cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3]) || (c == 0xF0 && c1 < 0x90)
                        || (c == 0xF4 && c1 >= 0x90)) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean cont(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
