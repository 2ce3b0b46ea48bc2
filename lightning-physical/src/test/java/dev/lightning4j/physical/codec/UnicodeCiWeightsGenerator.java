package dev.lightning4j.physical.codec;

import dev.lightning4j.testing.TestingMariaDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes {@code utf8mb4_unicode_ci_weights.tsv}: the UCA 4.0.0 primary weights of every BMP code point as
 * MariaDB's {@code utf8mb4_unicode_ci} gives them ({@code WEIGHT_STRING}), kept only where they differ
 * from the implicit weight TiDB computes for code points missing from allkeys-4.0.0.
 *
 * <p>TiDB builds its table from allkeys-4.0.0 with one exception, applied here too: U+FDFA (18 weights in
 * the DUCET) is left out and so weighs implicitly. {@code UnicodeCiWeightsTest} checks the resource
 * against the server code point by code point, and against TiDB's published keys.
 *
 * <p>Run: {@code java -cp <test classpath> dev.lightning4j.physical.codec.UnicodeCiWeightsGenerator <out.tsv>}
 * (the embedded MariaDB starts, or {@code LIGHTNING_TEST_JDBC_URL} names a server).
 */
public final class UnicodeCiWeightsGenerator {

    private UnicodeCiWeightsGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0]
                : "lightning-physical/src/main/resources/dev/lightning4j/physical/codec/utf8mb4_unicode_ci_weights.tsv");
        char[][] weights;
        try (Connection c = TestingMariaDb.shared().connect()) {
            weights = fromServer(c);
        }
        Files.writeString(out, render(weights), StandardCharsets.US_ASCII);
        System.out.println("wrote " + out);
        System.exit(0); // the embedded server's threads would keep the JVM alive; its shutdown hook stops it
    }

    /** The server's weights of U+0000..U+FFFF (surrogates empty), TiDB's exception applied. */
    static char[][] fromServer(Connection c) throws SQLException {
        char[][] w = new char[0x10000][];
        try (Statement st = c.createStatement()) {
            for (int page = 0; page < 0x100; page++) {
                StringBuilder sql = new StringBuilder("SELECT CONCAT_WS(','");
                for (int k = 0; k < 0x100; k++) {
                    int cp = (page << 8) | k;
                    if (cp >= 0xD800 && cp <= 0xDFFF) {
                        sql.append(",''");
                        continue;
                    }
                    String hex = HexFormat.of().formatHex(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    sql.append(",CONCAT('w',HEX(WEIGHT_STRING(CONVERT(X'").append(hex)
                            .append("' USING utf8mb4) COLLATE utf8mb4_unicode_ci)))");
                }
                sql.append(')');
                try (ResultSet rs = st.executeQuery(sql.toString())) {
                    rs.next();
                    String[] parts = rs.getString(1).split(",", -1);
                    if (parts.length != 0x100) {
                        throw new IllegalStateException("page " + page + ": " + parts.length + " weights");
                    }
                    for (int k = 0; k < 0x100; k++) {
                        String h = parts[k].startsWith("w") ? parts[k].substring(1) : "";
                        char[] ws = new char[h.length() / 4];
                        for (int j = 0; j < ws.length; j++) {
                            ws[j] = (char) Integer.parseInt(h.substring(j * 4, j * 4 + 4), 16);
                        }
                        w[(page << 8) | k] = ws;
                    }
                }
            }
        }
        w[0xFDFA] = UnicodeCiWeights.implicit(0xFDFA);
        return w;
    }

    /**
     * One line per run of code points: {@code START[-END]<TAB>WEIGHTS}. A run repeats the same weights (or
     * none: ignorable), or with {@code +} before a single weight, counts it up by one per code point.
     * Code points not listed weigh implicitly.
     */
    static String render(char[][] w) {
        StringBuilder sb = new StringBuilder();
        sb.append("# utf8mb4_unicode_ci / utf8_unicode_ci (UCA 4.0.0) primary weights of BMP code points, as TiDB's new\n");
        sb.append("# collation framework uses them. Source: MariaDB's utf8mb4_unicode_ci WEIGHT_STRING of every code point\n");
        sb.append("# (UnicodeCiWeightsGenerator), checked against TiDB's table built from allkeys-4.0.0 (U+FDFA weighs\n");
        sb.append("# implicitly there). Line: START[-END] TAB weights (hex; empty = ignorable; '+W' = W, W+1, ... per code\n");
        sb.append("# point). Unlisted code points: implicit weights [FB40/FB80/FBC0 + cp>>15][cp&0x7FFF|0x8000].\n");
        int cp = 0;
        while (cp < 0x10000) {
            if (cp >= 0xD800 && cp <= 0xDFFF || Arrays.equals(w[cp], UnicodeCiWeights.implicit(cp))) {
                cp++;
                continue;
            }
            int end = cp;
            boolean counting = false;
            if (w[cp].length == 1 && cp + 1 < 0x10000 && w[cp + 1].length == 1 && w[cp + 1][0] == w[cp][0] + 1
                    && !Arrays.equals(w[cp + 1], UnicodeCiWeights.implicit(cp + 1))) {
                counting = true;
                while (end + 1 < 0x10000 && w[end + 1].length == 1 && w[end + 1][0] == w[end][0] + 1
                        && !Arrays.equals(w[end + 1], UnicodeCiWeights.implicit(end + 1))) {
                    end++;
                }
            } else {
                while (end + 1 < 0x10000 && !(end + 1 >= 0xD800 && end + 1 <= 0xDFFF) && Arrays.equals(w[end + 1], w[cp])
                        && !Arrays.equals(w[end + 1], UnicodeCiWeights.implicit(end + 1))) {
                    end++;
                }
            }
            sb.append(String.format("%04X", cp));
            if (end > cp) {
                sb.append(String.format("-%04X", end));
            }
            sb.append('\t');
            if (counting) {
                sb.append('+');
            }
            List<String> hs = new ArrayList<>();
            for (char c : w[cp]) {
                hs.add(String.format("%04X", (int) c));
            }
            sb.append(String.join(" ", hs)).append('\n');
            cp = end + 1;
        }
        return sb.toString();
    }
}
