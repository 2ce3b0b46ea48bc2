package dev.lightning4j.physical.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bundled and implicit weights against excerpts of TiDB's own generated UCA 9.0.0 table: U+0000..U+0383,
 * the end of the Hangul syllables TiDB decomposes and the jamo after them (U+D7A0..U+D7FE), the last
 * entries of the table (U+2CE98..U+2CEA0) and every code point with more than four weights.
 */
class Unicode0900TidbTableTest {
    private static final long LONG_RUNE = 0xFFFD;
    private static final Pattern HEX = Pattern.compile("0x([0-9A-F]+)");

    @Test
    void weightsEqualTidbs() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("tidb_0900_ai_ci_excerpt.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Map<Integer, Long> packed = new HashMap<>();
        Map<Integer, List<Character>> longMap = new HashMap<>();
        int cp = -1;
        boolean inLong = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (line.startsWith("@ ")) {
                inLong = line.equals("@ long");
                cp = inLong ? -1 : Integer.parseInt(line.substring(2), 16);
                continue;
            }
            Matcher m = HEX.matcher(line);
            List<Long> vals = new ArrayList<>();
            while (m.find()) {
                vals.add(Long.parseUnsignedLong(m.group(1), 16));
            }
            if (inLong) {
                List<Character> ws = new ArrayList<>();
                for (long v : vals.subList(1, vals.size())) {
                    ws.addAll(unpack(v));
                }
                longMap.put(vals.get(0).intValue(), ws);
            } else {
                for (long v : vals) {
                    packed.put(cp++, v);
                }
            }
        }
        assertThat(packed).hasSize(900 + 95 + 9);
        assertThat(longMap).hasSize(27);
        for (Map.Entry<Integer, Long> e : packed.entrySet()) {
            long v = e.getValue();
            List<Character> tidb = v == LONG_RUNE ? longMap.get(e.getKey()) : unpack(v);
            assertThat(chars(Unicode0900Weights.weights(e.getKey()))).as("U+%04X", e.getKey()).isEqualTo(tidb);
        }
        for (Map.Entry<Integer, List<Character>> e : longMap.entrySet()) {
            assertThat(chars(Unicode0900Weights.weights(e.getKey()))).as("U+%04X", e.getKey()).isEqualTo(e.getValue());
            assertThat((int) e.getValue().get(0)).isNotZero();
        }
        // Only U+FFFD (whose single weight is TiDB's long-rune marker) and runes of five to eight weights
        // go through TiDB's long map; check that no other code point in the excerpt has more than four.
        for (int c : packed.keySet()) {
            assertThat(Unicode0900Weights.weights(c).length > 4).as("U+%04X", c).isEqualTo(longMap.containsKey(c)
                    && c != 0xFFFD);
        }
    }

    private static List<Character> unpack(long v) {
        List<Character> out = new ArrayList<>();
        while (v != 0) {
            out.add((char) (v & 0xFFFF));
            v >>>= 16;
        }
        return out;
    }

    private static List<Character> chars(char[] w) {
        List<Character> out = new ArrayList<>();
        for (char c : w) {
            out.add(c);
        }
        return out;
    }
}
