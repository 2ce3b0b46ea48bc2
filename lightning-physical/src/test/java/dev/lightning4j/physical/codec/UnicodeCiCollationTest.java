package dev.lightning4j.physical.codec;

import static dev.lightning4j.physical.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** utf8mb4_unicode_ci keys against TiDB's own expectations (util/collate collate_test.go). */
class UnicodeCiCollationTest {
    private static final Collation CI = Collations.UTF8MB4_UNICODE_CI;

    private static byte[] key(String s) {
        return SortKeys.key(CI, s);
    }

    private static int compare(String a, String b) {
        return SortKeys.compare(CI, a, b);
    }

    @Test
    void tidbGoldenKeys() {
        assertThat(key("a")).containsExactly(bytes(0x0E, 0x33));
        assertThat(key("A")).containsExactly(bytes(0x0E, 0x33));
        assertThat(key("a ")).containsExactly(bytes(0x0E, 0x33));
        assertThat(key("Foo © bar 𝌆 baz ☃ qux")).containsExactly(bytes(0x0E, 0xB9, 0x0F, 0x82, 0x0F, 0x82, 0x02,
                0x09, 0x02, 0xC5, 0x02, 0x09, 0x0E, 0x4A, 0x0E, 0x33, 0x0F, 0xC0, 0x02, 0x09, 0xFF, 0xFD, 0x02, 0x09,
                0x0E, 0x4A, 0x0E, 0x33, 0x10, 0x6A, 0x02, 0x09, 0x06, 0xFF, 0x02, 0x09, 0x0F, 0xB4, 0x10, 0x1F, 0x10,
                0x5A));
        // An expansion: one code point, eight weights.
        assertThat(key("ﷻ")).containsExactly(bytes(0x13, 0x5E, 0x13, 0xAB, 0x02, 0x09, 0x13, 0x5E, 0x13, 0xAB,
                0x13, 0x50, 0x13, 0xAB, 0x13, 0xB7));
        // Implicit weights: CJK, Hangul syllables (not in allkeys-4.0.0), then a digit.
        assertThat(key("中文")).containsExactly(bytes(0xFB, 0x40, 0xCE, 0x2D, 0xFB, 0x40, 0xE5, 0x87));
        assertThat(key("갟감1")).containsExactly(bytes(0xFB, 0xC1, 0xAC, 0x1F, 0xFB, 0xC1, 0xAC, 0x10, 0x0E,
                0x2A));
        // Outside the BMP: 0xFFFD each.
        assertThat(key("\uDBBF\uDFFE\uDBBF\uDFFF")).containsExactly(bytes(0xFF, 0xFD, 0xFF, 0xFD));
    }

    @Test
    void tidbCompareOrders() {
        assertThat(compare("a", "b")).isEqualTo(-1);
        assertThat(compare("a", "A")).isZero();
        assertThat(compare("À", "A")).isZero();
        assertThat(compare("abc", "ab")).isEqualTo(1);
        assertThat(compare("😜", "😃")).isZero();
        assertThat(compare("a", "a ")).isZero();
        assertThat(compare("a ", "a  ")).isZero();
        assertThat(compare("a\t", "a")).isEqualTo(1);
        assertThat(compare("ß", "s")).isEqualTo(1);
        assertThat(compare("ß", "ss")).isZero();
        assertThat(compare("啊", "吧")).isEqualTo(1);
        assertThat(compare("中文", "汉字")).isEqualTo(-1);
        assertThat(compare("æ", "ae")).isEqualTo(1);
        assertThat(compare("Å", "A")).isZero();
        assertThat(compare("A\u030A", "A")).isZero();
        assertThat(compare("\uD81C\uDF0F", "啊")).isEqualTo(1);
        assertThat(compare("가", "㉡")).isEqualTo(1);
        assertThat(compare("갟", "감1")).isEqualTo(1);
    }

    @Test
    void keyEndsAtFirstInvalidByte() {
        assertThat(CI.key(bytes(0xFF))).isEmpty();
        assertThat(CI.key(bytes(0xFF, 0x3E))).isEmpty();
        assertThat(CI.key(bytes(0x3E, 0xFF, 0x3E))).containsExactly(CI.key(bytes(0x3E, 0xFF)));
        assertThat(CI.key(bytes(0x3E, 0xFF))).containsExactly(key(">"));
        // A surrogate encoded in UTF-8 is invalid for Go too.
        assertThat(CI.key(bytes('a', 0xED, 0xA0, 0x80, 'b'))).containsExactly(key("a"));
    }

    @Test
    void utf8AliasSharesTheWeights() {
        Collation utf8 = Collations.forName("UTF8_UNICODE_CI").orElseThrow();
        assertThat(utf8.name()).isEqualTo("utf8_unicode_ci");
        assertThat(utf8.key("Straße".getBytes(StandardCharsets.UTF_8))).containsExactly(key("STRASSE"));
        assertThat(utf8.isPaddingBin()).isFalse();
        assertThat(utf8.isBinary()).isFalse();
    }
}
