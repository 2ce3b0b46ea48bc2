package dev.lightning4j.physical.codec;

/** UTF-8 decoding with Go's rules: an invalid sequence is U+FFFD of width 1. */
final class Utf8 {
    static final int RUNE_ERROR = 0xFFFD;

    private Utf8() {
    }

    /** Returns {@code width << 32 | rune} for the rune at {@code i}, reading no further than {@code end}. */
    static long decodeRune(byte[] s, int i, int end) {
        int b0 = s[i] & 0xFF;
        if (b0 < 0x80) {
            return (1L << 32) | b0;
        }
        int need;
        int min;
        int cp;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
            min = 0x80;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            min = 0x800;
            cp = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            min = 0x10000;
            cp = b0 & 0x07;
        } else {
            return (1L << 32) | RUNE_ERROR;
        }
        if (i + need >= end) {
            return (1L << 32) | RUNE_ERROR;
        }
        for (int k = 1; k <= need; k++) {
            int b = s[i + k] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                return (1L << 32) | RUNE_ERROR;
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return (1L << 32) | RUNE_ERROR;
        }
        return ((long) (need + 1) << 32) | cp;
    }
}
