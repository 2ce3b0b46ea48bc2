package dev.lightning4j.physical.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The collations this codec can produce keys for, by name. */
public final class Collations {

    public static final Collation BINARY = new Simple("binary", true, false);
    public static final Collation UTF8MB4_BIN = new Simple("utf8mb4_bin", false, true);
    public static final Collation UTF8MB4_0900_BIN = new Simple("utf8mb4_0900_bin", false, false);
    public static final Collation UTF8MB4_GENERAL_CI = new GeneralCi("utf8mb4_general_ci");
    /** UCA 4.0.0, PAD SPACE: TiDB's {@code utf8mb4_unicode_ci} (and {@code utf8_unicode_ci}). */
    public static final Collation UTF8MB4_UNICODE_CI = new UnicodeCi("utf8mb4_unicode_ci");
    /**
     * UCA 9.0.0, NO PAD: TiDB's {@code utf8mb4_0900_ai_ci}. TiDB has no {@code utf8_0900_ai_ci} (nor any
     * other alias), so neither has this codec.
     */
    public static final Collation UTF8MB4_0900_AI_CI = new Unicode0900AiCi("utf8mb4_0900_ai_ci");

    private static final Map<String, Collation> BY_NAME = Map.ofEntries(
            Map.entry("binary", BINARY),
            Map.entry("utf8mb4_bin", UTF8MB4_BIN),
            Map.entry("utf8_bin", new Simple("utf8_bin", false, true)),
            Map.entry("ascii_bin", new Simple("ascii_bin", false, true)),
            Map.entry("latin1_bin", new Simple("latin1_bin", false, true)),
            Map.entry("utf8mb4_0900_bin", UTF8MB4_0900_BIN),
            Map.entry("utf8mb4_general_ci", UTF8MB4_GENERAL_CI),
            Map.entry("utf8_general_ci", new GeneralCi("utf8_general_ci")),
            Map.entry("utf8mb4_unicode_ci", UTF8MB4_UNICODE_CI),
            Map.entry("utf8_unicode_ci", new UnicodeCi("utf8_unicode_ci")),
            Map.entry("utf8mb4_0900_ai_ci", UTF8MB4_0900_AI_CI));

    private Collations() {
    }

    /** The collation of that name, or empty when this codec has no sort keys for it (gbk_chinese_ci, ...). */
    public static Optional<Collation> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    static int trimmedLength(byte[] s) {
        int n = s.length;
        while (n > 0 && s[n - 1] == ' ') {
            n--;
        }
        return n;
    }

    /** Number of trailing ASCII spaces (TiDB {@code stringutil.GetTailSpaceCount}). */
    public static int tailSpaceCount(byte[] s) {
        return s.length - trimmedLength(s);
    }

    private record Simple(String name, boolean isBinary, boolean isPaddingBin) implements Collation {
        @Override
        public byte[] key(byte[] utf8) {
            return isPaddingBin ? Arrays.copyOf(utf8, trimmedLength(utf8)) : utf8;
        }
    }

    /** utf8mb4_general_ci: one 16-bit weight per rune; runes above U+FFFF weigh as U+FFFD. */
    private record GeneralCi(String name) implements Collation {
        @Override
        public byte[] key(byte[] utf8) {
            int n = trimmedLength(utf8);
            byte[] out = new byte[n * 2];
            int o = 0;
            int i = 0;
            while (i < n) {
                long cp = Utf8.decodeRune(utf8, i, n);
                int rune = (int) cp;
                i += (int) (cp >>> 32);
                int w = GeneralCiWeights.weight(rune);
                out[o++] = (byte) (w >>> 8);
                out[o++] = (byte) w;
            }
            return Arrays.copyOf(out, o);
        }
    }

    /**
     * utf8mb4_unicode_ci as TiDB keys it: trailing spaces removed (PAD SPACE), then for each rune its UCA
     * 4.0.0 primary weights, big-endian, ignorables contributing nothing. Runes above U+FFFF weigh 0xFFFD.
     * The key ends at the first invalid UTF-8 byte, as TiDB's does.
     */
    private record UnicodeCi(String name) implements Collation {
        @Override
        public byte[] key(byte[] utf8) {
            return ucaKey(utf8, trimmedLength(utf8), UnicodeCiWeights::append);
        }
    }

    /**
     * utf8mb4_0900_ai_ci as TiDB keys it: NO PAD (trailing spaces weigh like any other space), then for
     * each rune its UCA 9.0.0 primary weights, big-endian, ignorables contributing nothing; code points
     * above U+FFFF have their own weights too. No contractions (TiDB implements none). The key ends at
     * the first invalid UTF-8 byte, as TiDB's does.
     */
    private record Unicode0900AiCi(String name) implements Collation {
        @Override
        public byte[] key(byte[] utf8) {
            return ucaKey(utf8, utf8.length, Unicode0900Weights::append);
        }
    }

    /** Appends the big-endian weights of a code point. */
    @FunctionalInterface
    private interface RuneWeights {
        void append(int rune, ByteSink out);
    }

    /**
     * The UCA sort key of {@code utf8[0, n)}: the weights of each rune in turn, ending at the first invalid
     * UTF-8 byte, as TiDB's does.
     */
    private static byte[] ucaKey(byte[] utf8, int n, RuneWeights weights) {
        ByteSink out = new ByteSink(n * 2 + 8);
        int i = 0;
        while (i < n) {
            long cp = Utf8.decodeRune(utf8, i, n);
            int rune = (int) cp;
            int width = (int) (cp >>> 32);
            if (rune == Utf8.RUNE_ERROR && width == 1) {
                break;
            }
            i += width;
            weights.append(rune, out);
        }
        return out.toByteArray();
    }

    /** The weight table, loaded once from the bundled TSV (plane, then 256 hex weights). */
    static final class GeneralCiWeights {
        private static final char[][] PLANES = load();

        static int weight(int rune) {
            if (rune > 0xFFFF) {
                return 0xFFFD;
            }
            char[] plane = PLANES[rune >>> 8];
            return plane == null ? rune : plane[rune & 0xFF];
        }

        private static char[][] load() {
            char[][] planes = new char[256][];
            WeightsResource.forEachLine("utf8mb4_general_ci_weights.tsv", line -> {
                String[] parts = line.split("\t");
                int plane = Integer.parseInt(parts[0].trim(), 16);
                String[] ws = parts[1].trim().split(" ");
                if (ws.length != 256) {
                    throw new IllegalStateException("plane " + parts[0] + " has " + ws.length + " weights");
                }
                char[] p = new char[256];
                for (int k = 0; k < 256; k++) {
                    p[k] = (char) Integer.parseInt(ws[k], 16);
                }
                planes[plane] = p;
            });
            return planes;
        }
    }
}
