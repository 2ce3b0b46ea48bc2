package dev.lightning4j.physical.codec;

import static dev.lightning4j.physical.codec.TidbWeightsExcerpt.LONG_RUNE;
import static dev.lightning4j.physical.codec.TidbWeightsExcerpt.chars;
import static dev.lightning4j.physical.codec.TidbWeightsExcerpt.unpack;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bundled weights against excerpts of TiDB's own generated table: U+0000..U+0383, U+FD3E..U+FFFF and
 * every code point with more than four weights.
 */
class UnicodeCiTidbTableTest {

    @Test
    void bundledWeightsEqualTidbs() throws IOException {
        TidbWeightsExcerpt excerpt = TidbWeightsExcerpt.read("tidb_unicode_ci_excerpt.txt");
        Map<Integer, Long> packed = excerpt.packed();
        Map<Integer, List<Character>> longMap = excerpt.longMap();
        assertThat(packed).hasSize(900 + 706);
        assertThat(longMap).hasSize(22);
        int checked = 0;
        for (Map.Entry<Integer, Long> e : packed.entrySet()) {
            long v = e.getValue();
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
}
