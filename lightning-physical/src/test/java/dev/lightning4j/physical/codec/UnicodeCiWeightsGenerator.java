package dev.lightning4j.physical.codec;

import dev.lightning4j.testing.TestingMariaDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;

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
     * The TSV: the weights of BMP code points other than surrogates that differ from the implicit ones
     * ({@link WeightsTsvWriter}).
     */
    static String render(char[][] w) {
        String header = "# utf8mb4_unicode_ci / utf8_unicode_ci (UCA 4.0.0) primary weights of BMP code points, as TiDB's new\n"
                + "# collation framework uses them. Source: MariaDB's utf8mb4_unicode_ci WEIGHT_STRING of every code point\n"
                + "# (UnicodeCiWeightsGenerator), checked against TiDB's table built from allkeys-4.0.0 (U+FDFA weighs\n"
                + "# implicitly there). Line: START[-END] TAB weights (hex; empty = ignorable; '+W' = W, W+1, ... per code\n"
                + "# point). Unlisted code points: implicit weights [FB40/FB80/FBC0 + cp>>15][cp&0x7FFF|0x8000].\n";
        return WeightsTsvWriter.render(header, w,
                cp -> cp >= 0xD800 && cp <= 0xDFFF || Arrays.equals(w[cp], UnicodeCiWeights.implicit(cp)));
    }
}
