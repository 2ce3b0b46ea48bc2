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
 * The bundled weights against excerpts of TiDB's own generated table: U+0000..U+0383, U+FD3E..U+FFFF and
 * every code point with more than four weights.
 */
class UnicodeCiTidbTableTest {
    private static final long LONG_RUNE = 0xFFFD;
    private static final Pattern HEX = Pattern.compile("0x([0-9A-F]+)");

    @Test
    void bundledWeightsEqualTidbs() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("tidb_unicode_ci_excerpt.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Map<Integer, long[]> packed = new HashMap<>();
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
                    packed.put(cp++, new long[] {v});
                }
            }
        }
        assertThat(packed).hasSize(900 + 706);
        assertThat(longMap).hasSize(22);
        int checked = 0;
        for (Map.Entry<Integer, long[]> e : packed.entrySet()) {
            long v = e.getValue()[0];
            List<Character> tidb = v == LONG_RUNE ? longMap.getOrDefault(e.getKey(), List.of()) : unpack(v);
            assertThat(chars(UnicodeCiWeights.weights(e.getKey()))).as("U+%04X", e.getKey()).isEqualTo(tidb);
            checked++;
        }
        for (Map.Entry<Integer, List<Character>> e : longMap.entrySet()) {
            assertThat(chars(UnicodeCiWeights.weights(e.getKey()))).as("U+%04X", e.getKey()).isEqualTo(e.getValue());
            assertThat(e.getValue().size()).isGreaterThan(4);
        }
        assertThat(checked).isEqualTo(1606);
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
