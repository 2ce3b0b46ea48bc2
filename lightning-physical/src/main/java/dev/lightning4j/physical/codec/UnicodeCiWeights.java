package dev.lightning4j.physical.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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
        try (InputStream in = UnicodeCiWeights.class.getResourceAsStream("utf8mb4_unicode_ci_weights.tsv")) {
            if (in == null) {
                throw new IllegalStateException("utf8mb4_unicode_ci_weights.tsv missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String range = line.substring(0, tab);
                String ws = line.substring(tab + 1).trim();
                int dash = range.indexOf('-');
                int start = Integer.parseInt(dash < 0 ? range : range.substring(0, dash), 16);
                int end = dash < 0 ? start : Integer.parseInt(range.substring(dash + 1), 16);
                boolean counting = ws.startsWith("+");
                if (counting) {
                    ws = ws.substring(1);
                }
                char[] w = NONE;
                if (!ws.isEmpty()) {
                    String[] parts = ws.split(" ");
                    w = new char[parts.length];
                    for (int k = 0; k < parts.length; k++) {
                        w[k] = (char) Integer.parseInt(parts[k], 16);
                        if (w[k] == 0) {
                            throw new IllegalStateException("zero weight listed for U+" + range);
                        }
                    }
                }
                if (w.length > 8 || counting && w.length != 1) {
                    throw new IllegalStateException("bad weights for U+" + range);
                }
                for (int cp = start; cp <= end; cp++) {
                    table[cp] = counting ? new char[] {(char) (w[0] + cp - start)} : w;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
