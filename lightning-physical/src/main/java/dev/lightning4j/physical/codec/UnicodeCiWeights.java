package dev.lightning4j.physical.codec;

/**
 * UCA 4.0.0 primary weights as TiDB's {@code utf8mb4_unicode_ci} uses them: one to eight non-zero 16-bit
 * weights per BMP code point (none for ignorables), loaded once from the bundled
 * {@code utf8mb4_unicode_ci_weights.tsv}; code points it does not list weigh implicitly.
 */
final class UnicodeCiWeights {
    private static final char[] NONE = new char[0];
    private static final char[][] TABLE = load();

    private UnicodeCiWeights() {
    }

    /** The weights of a BMP code point (shared array: do not modify). */
    static char[] weights(int cp) {
        char[] w = TABLE[cp];
        return w != null ? w : implicit(cp);
    }

    /** Appends the big-endian weights of {@code rune}; runes above U+FFFF weigh 0xFFFD, as in TiDB. */
    static void append(int rune, ByteSink out) {
        if (rune > 0xFFFF) {
            out.putShortBE(0xFFFD);
            return;
        }
        for (char w : weights(rune)) {
            out.putShortBE(w);
        }
    }

    /**
     * The implicit weight of a code point missing from allkeys-4.0.0: CJK unified ideographs and their
     * extension A get their own bases, everything else (Hangul syllables included) the unassigned base.
     * U+0000 weighs nothing.
     */
    static char[] implicit(int cp) {
        if (cp == 0) {
            return NONE;
        }
        int base;
        if (cp >= 0x3400 && cp <= 0x4DB5) {
            base = 0xFB80;
        } else if (cp >= 0x4E00 && cp <= 0x9FA5 || cp >= 0xFA0E && cp <= 0xFA0F) {
            base = 0xFB40;
        } else {
            base = 0xFBC0;
        }
        return new char[] {(char) (base + (cp >> 15)), (char) ((cp & 0x7FFF) | 0x8000)};
    }

    private static char[][] load() {
        char[][] table = new char[0x10000][];
        WeightsResource.forEachCodePoint("utf8mb4_unicode_ci_weights.tsv", table.length, (cp, w) -> table[cp] = w);
        return table;
    }
}
