package dev.lightning4j.physical.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes {@code utf8mb4_0900_ai_ci_weights.tsv}: the UCA 9.0.0 primary weights TiDB's
 * {@code utf8mb4_0900_ai_ci} takes from the DUCET, kept only where they differ from the implicit weights
 * ({@link Unicode0900Weights#implicit}).
 *
 * <p>Input: {@code allkeys-9.0.0.txt} (the DUCET of UCA 9.0.0, the same file TiDB's generator embeds), as
 * Debian ships it in the package {@code python3-pyuca} ({@code apt-get download python3-pyuca}; version
 * 1.2-5 installs it as {@value #DEFAULT_INPUT}), 1,808,188 bytes, sha256 {@value #SHA256}.
 *
 * <p>The file is read with TiDB's rules: a line's first code point and the primaries of its bracketed
 * elements ({@code [.1C47.0020.0002]} and {@code [*0209...]} alike: no variable weighting); a line with
 * several code points (a contraction) lists no weights of its own and changes nothing, since TiDB keys
 * single code points only; zero primaries are dropped; U+FDFA keeps its first 8 elements of 18 (TiDB's
 * cap); lines at or above {@link Unicode0900Weights#TABLE_END} are ignored.
 *
 * <p>Run: {@code java -cp <test classpath> dev.lightning4j.physical.codec.Unicode0900WeightsGenerator
 * [allkeys-9.0.0.txt [out.tsv]]}.
 */
public final class Unicode0900WeightsGenerator {
    static final String DEFAULT_INPUT = "/usr/lib/python3/dist-packages/pyuca/allkeys-9.0.0.txt";
    static final String SHA256 = "0633f4520c99f249b0c53aa1442cd2521702041fb00a32df944fec13c9da3ed5";

    private Unicode0900WeightsGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args.length > 0 ? args[0] : DEFAULT_INPUT);
        Path out = Path.of(args.length > 1 ? args[1]
                : "lightning-physical/src/main/resources/dev/lightning4j/physical/codec/utf8mb4_0900_ai_ci_weights.tsv");
        Files.writeString(out, render(parse(Files.readAllBytes(in))), StandardCharsets.US_ASCII);
        System.out.println("wrote " + out);
    }

    /**
     * The listed weights of every code point below {@link Unicode0900Weights#TABLE_END} (null where the
     * DUCET lists nothing), after checking the input is the expected file.
     */
    static char[][] parse(byte[] allkeys) {
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(allkeys));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!sha.equals(SHA256)) {
            throw new IllegalArgumentException("allkeys-9.0.0.txt has sha256 " + sha + ", expected " + SHA256);
        }
        return parseUnchecked(allkeys);
    }

    /** {@link #parse} without checking which file it is. */
    static char[][] parseUnchecked(byte[] allkeys) {
        char[][] w = new char[Unicode0900Weights.TABLE_END][];
        for (String line : new String(allkeys, StandardCharsets.US_ASCII).split("\n")) {
            int i = 0;
            int cp = 0;
            while (i < line.length() && hex(line.charAt(i)) >= 0) {
                cp = cp << 4 | hex(line.charAt(i++));
            }
            if (i == 0) {
                continue; // comment, @version, @implicitweights, blank
            }
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ';')) {
                i++;
            }
            List<Character> primaries = new ArrayList<>();
            while (i < line.length() && line.charAt(i) == '[') {
                char kind = line.charAt(i + 1);
                if (kind != '.' && kind != '*') {
                    throw new IllegalArgumentException("unexpected element in: " + line);
                }
                int close = line.indexOf(']', i);
                String[] levels = line.substring(i + 2, close).split("\\.");
                primaries.add((char) Integer.parseInt(levels[0], 16));
                i = close + 1;
            }
            if (cp >= Unicode0900Weights.TABLE_END) {
                continue;
            }
            if (cp == 0xFDFA) {
                primaries = primaries.subList(0, 8);
            }
            StringBuilder nonZero = new StringBuilder();
            for (char p : primaries) {
                if (p != 0) {
                    nonZero.append(p);
                }
            }
            if (nonZero.length() > 8) {
                throw new IllegalArgumentException("U+" + Integer.toHexString(cp) + " has more than 8 weights");
            }
            char[] mine = nonZero.toString().toCharArray();
            // TiDB adds a line's weights to what the code point has: only a contraction line follows a
            // code point's own line, and it adds nothing.
            w[cp] = w[cp] == null ? mine : concat(w[cp], mine);
        }
        return w;
    }

    private static char[] concat(char[] a, char[] b) {
        char[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * What TiDB keys a code point with: below the table end the listed weights, else the implicit ones
     * (Hangul syllables from the listed jamo weights).
     */
    static char[] expected(char[][] listed, int cp) {
        if (cp < listed.length && listed[cp] != null) {
            return listed[cp];
        }
        return Unicode0900Weights.implicit(cp, j -> listed[j][0]);
    }

    private static boolean omitted(char[][] w, int cp) {
        return w[cp] == null || Arrays.equals(w[cp], Unicode0900Weights.implicit(cp, j -> w[j][0]));
    }

    /** The TSV: the code points whose listed weights differ from the implicit ones ({@link WeightsTsvWriter}). */
    static String render(char[][] w) {
        String header = "# utf8mb4_0900_ai_ci (UCA 9.0.0) primary weights, as TiDB's new collation framework uses them.\n"
                + "# Source: allkeys-9.0.0.txt (sha256 " + SHA256.substring(0, 16)
                + "...) read by Unicode0900WeightsGenerator with TiDB's\n"
                + "# rules (single code points below U+2CEA1, zero primaries dropped, U+FDFA cut to 8 weights). Line:\n"
                + "# START[-END] TAB weights (hex; empty = ignorable; '+W' = W, W+1, ... per code point). Unlisted code\n"
                + "# points weigh implicitly (Hangul jamo, Tangut FB00, CJK FB40/FB80, others FBC0).\n";
        return WeightsTsvWriter.render(header, w, cp -> omitted(w, cp));
    }
}
