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
 * The bundled and implicit weights against excerpts of TiDB's own generated UCA 9.0.0 table: U+0000..U+0383,
 * the end of the Hangul syllables TiDB decomposes and the jamo after them (U+D7A0..U+D7FE), the last
 * entries of the table (U+2CE98..U+2CEA0) and every code point with more than four weights.
 */
class Unicode0900TidbTableTest {

    @Test
    void weightsEqualTidbs() throws IOException {
        TidbWeightsExcerpt excerpt = TidbWeightsExcerpt.read("tidb_0900_ai_ci_excerpt.txt");
        Map<Integer, Long> packed = excerpt.packed();
        Map<Integer, List<Character>> longMap = excerpt.longMap();
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
}
