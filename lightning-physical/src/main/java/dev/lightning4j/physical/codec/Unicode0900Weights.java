package dev.lightning4j.physical.codec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * UCA 9.0.0 primary weights as TiDB's {@code utf8mb4_0900_ai_ci} uses them: zero to eight non-zero 16-bit
 * weights per code point, loaded on first use from the bundled {@code utf8mb4_0900_ai_ci_weights.tsv}
 * (the DUCET entries below {@link #TABLE_END} whose weights differ from the implicit ones); every other
 * code point weighs implicitly ({@link #implicit}).
 *
 * <p>In memory: pages of 256 code points, allocated only where the file lists something (about 150 of
 * them), each slot holding {@code offset << 4 | count} into one shared pool of weights, or
 * {@link #IMPLICIT}.
 */
final class Unicode0900Weights {
    /**
     * TiDB's table covers U+0000..U+2CEA0 (its length is the last CJK extension E code point, U+2CEA1);
     * from this code point on, DUCET entries are ignored and every code point weighs as an unassigned one.
     */
    static final int TABLE_END = 0x2CEA1;

    private static final int IMPLICIT = -1;

    private Unicode0900Weights() {
    }

    /** The table, read when a key first needs it. */
    private static final class Table {
        static final int[][] PAGES = new int[(TABLE_END + 0xFF) >>> 8][];
        static final char[] POOL = load(PAGES);

        private Table() {
        }
    }

    /** Appends the big-endian weights of {@code cp} (any code point up to U+10FFFF) to {@code out}. */
    static void append(int cp, ByteSink out) {
        int slot = slot(cp);
        if (slot == IMPLICIT) {
            appendImplicit(cp, Unicode0900Weights::jamo, out);
            return;
        }
        char[] pool = Table.POOL;
        int off = slot >>> 4;
        for (int end = off + (slot & 0xF); off < end; off++) {
            out.putShortBE(pool[off]);
        }
    }

    /** The weights of a code point, as a new array (for tests and the generator). */
    static char[] weights(int cp) {
        int slot = slot(cp);
        if (slot == IMPLICIT) {
            return implicit(cp);
        }
        return Arrays.copyOfRange(Table.POOL, slot >>> 4, (slot >>> 4) + (slot & 0xF));
    }

    private static int slot(int cp) {
        if (cp >= TABLE_END) {
            return IMPLICIT;
        }
        int[] page = Table.PAGES[cp >>> 8];
        return page == null ? IMPLICIT : page[cp & 0xFF];
    }

    /**
     * The weights TiDB computes for a code point its table does not list, following UCA 9.0.0: U+FFFD
     * and surrogates weigh 0xFFFD; Hangul syllables U+AC00..U+D7AF decompose arithmetically into jamo
     * (whose single listed weights are taken); Tangut and its components U+17000..U+18AFF weigh
     * [FB00][(cp - 0x17000) | 0x8000]; CJK unified ideographs (U+4E00..U+9FD5, U+FA0E..U+FA29) have base
     * FB40, extensions A to E base FB80, everything else (unassigned code points, and all code points
     * from {@link #TABLE_END} on, whatever the DUCET says) base FBC0, as [base + (cp >> 15)][(cp & 0x7FFF)
     * | 0x8000]. Nushu is not special (it came with Unicode 10). U+0000 is listed (ignorable).
     */
    static char[] implicit(int cp) {
        return implicit(cp, Unicode0900Weights::jamo);
    }

    /** {@link #implicit(int)} with the single weight of each Hangul jamo given by {@code jamoWeight}. */
    static char[] implicit(int cp, IntUnaryOperator jamoWeight) {
        ByteSink out = new ByteSink(8);
        appendImplicit(cp, jamoWeight, out);
        byte[] b = out.toByteArray();
        char[] w = new char[b.length / 2];
        for (int i = 0; i < w.length; i++) {
            w[i] = (char) ((b[2 * i] & 0xFF) << 8 | b[2 * i + 1] & 0xFF);
        }
        return w;
    }

    private static void appendImplicit(int cp, IntUnaryOperator jamoWeight, ByteSink out) {
        if (cp >= TABLE_END) {
            appendBase(0xFBC0, cp, out);
            return;
        }
        if (cp >= 0xD800 && cp <= 0xDFFF || cp == 0xFFFD) {
            out.putShortBE(0xFFFD);
            return;
        }
        if (cp >= 0xAC00 && cp <= 0xD7AF) {
            int s = cp - 0xAC00;
            out.putShortBE(jamoWeight.applyAsInt(0x1100 + s / (21 * 28)));
            out.putShortBE(jamoWeight.applyAsInt(0x1161 + s % (21 * 28) / 28));
            if (s % 28 != 0) {
                out.putShortBE(jamoWeight.applyAsInt(0x11A7 + s % 28));
            }
            return;
        }
        if (cp >= 0x17000 && cp <= 0x18AFF) {
            out.putShortBE(0xFB00);
            out.putShortBE((cp - 0x17000) | 0x8000);
            return;
        }
        int base;
        if (cp >= 0x3400 && cp <= 0x4DB5 || cp >= 0x20000 && cp <= 0x2A6D6 || cp >= 0x2A700 && cp <= 0x2B734
                || cp >= 0x2B740 && cp <= 0x2B81D || cp >= 0x2B820 && cp <= 0x2CEA1) {
            base = 0xFB80;
        } else if (cp >= 0x4E00 && cp <= 0x9FD5 || cp >= 0xFA0E && cp <= 0xFA29) {
            base = 0xFB40;
        } else {
            base = 0xFBC0;
        }
        appendBase(base, cp, out);
    }

    private static void appendBase(int base, int cp, ByteSink out) {
        out.putShortBE(base + (cp >> 15));
        out.putShortBE((cp & 0x7FFF) | 0x8000);
    }

    /** The first weight of a (listed) jamo; TiDB's table holds exactly one for each. */
    private static int jamo(int cp) {
        int slot = slot(cp);
        if (slot == IMPLICIT || (slot & 0xF) != 1) {
            throw new IllegalStateException("jamo U+" + Integer.toHexString(cp) + " has not one listed weight");
        }
        return Table.POOL[slot >>> 4];
    }

    /** Reads the TSV ({@link WeightsResource#forEachCodePoint}) into {@code pages} and returns the pool. */
    private static char[] load(int[][] pages) {
        Pool pool = new Pool();
        WeightsResource.forEachCodePoint("utf8mb4_0900_ai_ci_weights.tsv", TABLE_END, (cp, w) -> {
            int[] page = pages[cp >>> 8];
            if (page == null) {
                page = new int[256];
                Arrays.fill(page, IMPLICIT);
                pages[cp >>> 8] = page;
            }
            page[cp & 0xFF] = pool.offsetOf(w) << 4 | w.length;
        });
        return Arrays.copyOf(pool.chars, pool.used);
    }

    /** The weights while loading: identical weight sequences share one place. */
    private static final class Pool {
        private final Map<String, Integer> shared = new HashMap<>();
        private char[] chars = new char[1 << 15];
        private int used;

        int offsetOf(char[] w) {
            return shared.computeIfAbsent(new String(w), k -> {
                if (used + w.length > chars.length) {
                    chars = Arrays.copyOf(chars, chars.length * 2);
                }
                System.arraycopy(w, 0, chars, used, w.length);
                used += w.length;
                return used - w.length;
            });
        }
    }
}
