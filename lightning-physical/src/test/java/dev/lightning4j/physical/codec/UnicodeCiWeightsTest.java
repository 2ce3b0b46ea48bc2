package dev.lightning4j.physical.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.testing.TestingMariaDb;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled UCA 4.0.0 weights against a real server's utf8mb4_unicode_ci, code point by code point. */
class UnicodeCiWeightsTest {

    @Test
    void everyBmpCodePointWeighsAsTheServerSays() throws Exception {
        char[][] server;
        try (Connection c = TestingMariaDb.shared().connect()) {
            server = UnicodeCiWeightsGenerator.fromServer(c);
        }
        List<String> diffs = new ArrayList<>();
        for (int cp = 0; cp < 0x10000; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            String mine = new String(UnicodeCiWeights.weights(cp));
            if (!mine.equals(new String(server[cp])) && diffs.size() < 20) {
                diffs.add(String.format("U+%04X", cp));
            }
        }
        assertThat(diffs).isEmpty();
        // The resource is exactly what the generator writes from the server today.
        try (var in = UnicodeCiWeights.class.getResourceAsStream("utf8mb4_unicode_ci_weights.tsv")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo(UnicodeCiWeightsGenerator.render(server));
        }
    }

    /** TiDB leaves U+FDFA out of its 4.0.0 table (18 weights), so it weighs implicitly there. */
    @Test
    void fdfaWeighsImplicitly() {
        assertThat(Collations.UTF8MB4_UNICODE_CI.key("\uFDFA".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(0xFB, 0xC1, 0xFD, 0xFA);
    }

    @Test
    void wholeStringsKeyAsTheServerWeighsThem() throws Exception {
        String[] samples = {"Straße", "ÀÉÎõü", "½ ¼", "ﷻ", "中文字", "Ǆemal", "ﬁne", "a\u0301b", "Œuvre", "Ⅻ", "㍿",
            "x\u0000y", "ǅ", "\uD83D\uDE00"};
        try (Connection c = TestingMariaDb.shared().connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT HEX(WEIGHT_STRING(CONVERT(UNHEX(?) USING utf8mb4) COLLATE utf8mb4_unicode_ci))")) {
            for (String s : samples) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                ps.setString(1, HexFormat.of().formatHex(utf8));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(HexFormat.of().withUpperCase().formatHex(Collations.UTF8MB4_UNICODE_CI.key(utf8)))
                            .as(s).isEqualTo(rs.getString(1));
                }
            }
        }
    }
}
