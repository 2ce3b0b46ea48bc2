package dev.lightning4j.sources.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns raw field bytes into a value: a {@link String} when the bytes are well-formed UTF-8, otherwise the
 * bytes themselves, so binary columns (BLOBs, other charsets) reach the target unchanged.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** A String when {@code b[off, off+len)} is valid UTF-8, else a copy of those bytes. */
    public static Object decode(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            // ASCII: the Latin-1 constructor copies straight into a compact String.
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        if (isValid(b, i, end)) {
            return new String(b, off, len, StandardCharsets.UTF_8);
        }
        return Arrays.copyOfRange(b, off, end);
    }

    /**
     * Strict UTF-8 check as the Unicode standard defines it: no overlong forms, no surrogates, nothing above
     * U+10FFFF, no truncated sequences.
     */
    public static boolean isValid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                if (c == 0xE0) {
                    min2 = 0xA0;
                } else if (c == 0xED) {
                    max2 = 0x9F;
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                if (c == 0xF0) {
                    min2 = 0x90;
                } else if (c == 0xF4) {
                    max2 = 0x8F;
                }
            } else {
                return false;
            }
            if (i + n >= to) {
                return false;
            }
            int c2 = b[i + 1] & 0xFF;
            if (c2 < min2 || c2 > max2) {
                return false;
            }
            for (int k = 2; k <= n; k++) {
                int ck = b[i + k] & 0xFF;
                if (ck < 0x80 || ck > 0xBF) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }
}
