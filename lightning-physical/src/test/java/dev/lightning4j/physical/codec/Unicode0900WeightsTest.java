package dev.lightning4j.physical.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled UCA 9.0.0 weights against the DUCET they were generated from, code point by code point, when
 * {@code allkeys-9.0.0.txt} is at hand: Debian's {@code python3-pyuca} installs it at
 * {@value Unicode0900WeightsGenerator#DEFAULT_INPUT}; {@code -Dlightning.allkeys900=<file>} names another
 * copy.
 */
class Unicode0900WeightsTest {

    private static Path allkeys() {
        return Path.of(System.getProperty("lightning.allkeys900", Unicode0900WeightsGenerator.DEFAULT_INPUT));
    }

    @Test
    void everyCodePointWeighsAsTheDucetSays() throws Exception {
        Path file = allkeys();
        assumeTrue(Files.isReadable(file), file + " not found: install python3-pyuca (apt-get install python3-pyuca)"
                + " or pass -Dlightning.allkeys900=<allkeys-9.0.0.txt> to check the bundled weights against the DUCET");
        char[][] listed = Unicode0900WeightsGenerator.parse(Files.readAllBytes(file));
        List<String> diffs = new ArrayList<>();
        int checked = 0;
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            char[] expected = Unicode0900WeightsGenerator.expected(listed, cp);
            if (!Arrays.equals(Unicode0900Weights.weights(cp), expected) && diffs.size() < 20) {
                diffs.add(String.format("U+%04X", cp));
            }
            byte[] key = Collations.UTF8MB4_0900_AI_CI.key(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            if (key.length != expected.length * 2 && diffs.size() < 20) {
                diffs.add(String.format("key of U+%04X", cp));
            }
            checked++;
        }
        assertThat(diffs).isEmpty();
        assertThat(checked).isEqualTo(0x110000 - 0x800);
        // The resource is exactly what the generator writes from this file.
        try (InputStream in = Unicode0900Weights.class.getResourceAsStream("utf8mb4_0900_ai_ci_weights.tsv")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo(Unicode0900WeightsGenerator.render(listed));
        }
    }

    /** The parser follows TiDB's reading of the DUCET line by line. */
    @Test
    void parserReadsLinesAsTidbDoes() {
        String text = """
                # comment
                @version 9.0.0

                @implicitweights 17000..18AFF; FB00 # Tangut and Tangut Components

                0000  ; [.0000.0000.0000] # NULL
                0041  ; [.1C47.0020.0008] # LATIN CAPITAL LETTER A
                0041 030A ; [.1C47.0020.0008][.0000.0029.0002] # contraction
                0020  ; [*0209.0020.0002] # SPACE
                00BD  ; [.1C3E.0020.001E][*0626.0020.001E][.1C3F.0020.001E] # VULGAR FRACTION ONE HALF
                0301  ; [.0000.0024.0002] # COMBINING ACUTE ACCENT
                2F800 ; [.FB40.0020.0002][.CE3D.0000.0000] # above the table end
                """;
        char[][] w = Unicode0900WeightsGenerator.parseUnchecked(text.getBytes(StandardCharsets.US_ASCII));
        assertThat(w[0]).isEmpty();
        assertThat(w[0x41]).containsExactly('\u1C47');
        assertThat(w[0x20]).containsExactly('\u0209');
        assertThat(w[0xBD]).containsExactly('\u1C3E', '\u0626', '\u1C3F');
        assertThat(w[0x301]).isEmpty();
        assertThat(w[0x42]).isNull();
        assertThat(w.length).isEqualTo(Unicode0900Weights.TABLE_END);
    }
}
