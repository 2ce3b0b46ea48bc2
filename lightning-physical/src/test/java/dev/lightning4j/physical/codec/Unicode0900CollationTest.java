package dev.lightning4j.physical.codec;

import static dev.lightning4j.physical.codec.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * utf8mb4_0900_ai_ci keys against TiDB's own expectations (util/collate collate_test.go TestUTF8CollatorKey,
 * TestUTF8CollatorCompare, TestCampareInvalidUTF8Rune; unicode_0900_ai_ci_impl_test.go; ucadata tests).
 */
class Unicode0900CollationTest {
    private static final Collation CI = Collations.UTF8MB4_0900_AI_CI;

    private static byte[] key(String s) {
        return SortKeys.key(CI, s);
    }

    private static int compare(String a, String b) {
        return SortKeys.compare(CI, a, b);
    }

    private static String cp(int codePoint) {
        return new String(Character.toChars(codePoint));
    }

    @Test
    void tidbGoldenKeys() {
        assertThat(key("a")).containsExactly(bytes(0x1C, 0x47));
        assertThat(key("A")).containsExactly(bytes(0x1C, 0x47));
        assertThat(key("Foo © bar 𝌆 baz ☃ qux")).containsExactly(bytes(0x1c, 0xe5, 0x1d, 0xdd, 0x1d, 0xdd, 0x2, 0x9,
                0x5, 0x84, 0x2, 0x9, 0x1c, 0x60, 0x1c, 0x47, 0x1e, 0x33, 0x2, 0x9, 0xe, 0xf0, 0x2, 0x9, 0x1c, 0x60,
                0x1c, 0x47, 0x1f, 0x21, 0x2, 0x9, 0x9, 0x1b, 0x2, 0x9, 0x1e, 0x21, 0x1e, 0xb5, 0x1e, 0xff));
        // NO PAD: the trailing space is weighed.
        assertThat(key("a ")).containsExactly(bytes(0x1c, 0x47, 0x2, 0x9));
        // Eight weights, TiDB's long-rune path.
        assertThat(key("ﷻ")).containsExactly(bytes(0x23, 0x25, 0x23, 0x9c, 0x2, 0x9, 0x23, 0x25, 0x23, 0x9c, 0x23,
                0xb, 0x23, 0x9c, 0x23, 0xb1));
        assertThat(key("中文")).containsExactly(bytes(0xFB, 0x40, 0xCE, 0x2D, 0xfB, 0x40, 0xE5, 0x87));
        // Hangul syllables decompose into jamo weights, then a digit.
        assertThat(key("갟감1")).containsExactly(bytes(0x3b, 0xf5, 0x3c, 0x74, 0x3c, 0xd3, 0x3b, 0xf5, 0x3c, 0x73,
                0x3c, 0xe0, 0x1c, 0x3e));
        // Supplementary private use: implicit weights of the unassigned base, not 0xFFFD.
        assertThat(key("\uDBBF\uDFFE\uDBBF\uDFFF")).containsExactly(bytes(0xfb, 0xdf, 0xff, 0xfe, 0xfb, 0xdf, 0xff,
                0xff));
    }

    @Test
    void tidbCompareOrders() {
        assertThat(compare("a", "b")).isEqualTo(-1);
        assertThat(compare("a", "A")).isZero();
        assertThat(compare("À", "A")).isZero();
        assertThat(compare("abc", "abc")).isZero();
        assertThat(compare("abc", "ab")).isEqualTo(1);
        assertThat(compare("😜", "😃")).isEqualTo(1);
        assertThat(compare("a", "a ")).isEqualTo(-1);
        assertThat(compare("a ", "a  ")).isEqualTo(-1);
        assertThat(compare("a\t", "a")).isEqualTo(1);
        assertThat(compare("ß", "s")).isEqualTo(1);
        assertThat(compare("ß", "ss")).isZero();
        assertThat(compare("啊", "吧")).isEqualTo(1);
        assertThat(compare("中文", "汉字")).isEqualTo(-1);
        assertThat(compare("æ", "ae")).isZero();
        assertThat(compare("A\u030A", "A")).isZero();
        assertThat(compare("Å", "A")).isZero();
        assertThat(compare(cp(0x1730F), "啊")).isEqualTo(-1);
        assertThat(compare("가", "㉡")).isEqualTo(-1);
        assertThat(compare("갟", "감1")).isEqualTo(1);
        assertThat(compare(cp(0xFFFFE), cp(0xFFFFF))).isEqualTo(-1);
    }

    /** TiDB compares strings with invalid UTF-8 as equal up to the first bad byte; the key stops there. */
    @Test
    void keyEndsAtFirstInvalidByte() {
        assertThat(CI.key(bytes(0xFF))).isEmpty();
        assertThat(CI.key(bytes(0xFE))).isEmpty();
        assertThat(CI.key(bytes(0xFF, 0x3E))).isEmpty();
        assertThat(CI.key(bytes(0x3E, 0xFF, 0x3E))).containsExactly(CI.key(bytes(0x3E, 0xFF)));
        assertThat(CI.key(bytes(0x3E, 0xFF))).containsExactly(key(">"));
        // A surrogate encoded in UTF-8 and a truncated sequence are invalid for Go too.
        assertThat(CI.key(bytes('a', 0xED, 0xA0, 0x80, 'b'))).containsExactly(key("a"));
        assertThat(CI.key(bytes('a', 0xF0, 0x9F, 0x98))).containsExactly(key("a"));
        // A real U+FFFD is a character with its own weight.
        assertThat(key("\uFFFD")).containsExactly(bytes(0xFF, 0xFD));
    }

    /**
     * TiDB's table ends before U+2CEA1, the last extension E ideograph: from there on code points take the
     * unassigned base, so U+2CEA1 sorts after U+2CEA0 and before U+2CEA2.
     */
    @Test
    void tableBoundary() {
        assertThat(key(cp(0x2CEA0))).containsExactly(bytes(0xFB, 0x85, 0xCE, 0xA0));
        assertThat(key(cp(0x2CEA1))).containsExactly(bytes(0xFB, 0xC5, 0xCE, 0xA1));
        assertThat(compare(cp(0x2CEA0), cp(0x2CEA1))).isEqualTo(-1);
        assertThat(compare(cp(0x2CEA1), cp(0x2CEA1))).isZero();
        assertThat(compare(cp(0x2CEA1), cp(0x2CEA2))).isEqualTo(-1);
        // The DUCET lists these, but above the table end TiDB weighs them as unassigned.
        assertThat(key(cp(0x2F800))).containsExactly(bytes(0xFB, 0xC5, 0xF8, 0x00));
        assertThat(key(cp(0xE0100))).containsExactly(bytes(0xFB, 0xDC, 0x81, 0x00));
        assertThat(key(cp(0x10FFFF))).containsExactly(bytes(0xFB, 0xE1, 0xFF, 0xFF));
    }

    @Test
    void implicitWeightRanges() {
        // Tangut: FB00, then the offset from U+17000.
        assertThat(key(cp(0x17000))).containsExactly(bytes(0xFB, 0x00, 0x80, 0x00));
        assertThat(key(cp(0x18AF2))).containsExactly(bytes(0xFB, 0x00, 0x9A, 0xF2));
        // Nushu (Unicode 10) is not special in 9.0.0.
        assertThat(key(cp(0x1B170))).containsExactly(bytes(0xFB, 0xC3, 0xB1, 0x70));
        // Extension A and B ideographs: FB80 base; U+9FD5 is the last core one (FB40), U+9FD6 unassigned.
        assertThat(key("\u3400")).containsExactly(bytes(0xFB, 0x80, 0xB4, 0x00));
        assertThat(key(cp(0x20000))).containsExactly(bytes(0xFB, 0x84, 0x80, 0x00));
        assertThat(key("\u9FD5")).containsExactly(bytes(0xFB, 0x41, 0x9F, 0xD5));
        assertThat(key("\u9FD6")).containsExactly(bytes(0xFB, 0xC1, 0x9F, 0xD6));
        assertThat(key("\uFA0E")).containsExactly(bytes(0xFB, 0x41, 0xFA, 0x0E));
        // A compatibility ideograph in the DUCET weighs as its unified one.
        assertThat(key("\uF900")).containsExactly(key("\u8C48"));
        // An unassigned BMP code point and the last syllable TiDB decomposes (U+D7AF, past U+D7A3).
        assertThat(key("\u0378")).containsExactly(bytes(0xFB, 0xC0, 0x83, 0x78));
        assertThat(key("\uD7AF")).containsExactly(bytes(0x3C, 0x08, 0x3C, 0x73, 0x3C, 0xDB));
        // Ignorables (controls, combining marks, U+0000) contribute nothing.
        assertThat(key("a\u0000\u0301\u200Bb")).containsExactly(key("ab"));
        // Supplementary characters listed in the DUCET have real weights.
        assertThat(key("😀")).isNotEqualTo(key("😃")).hasSize(2);
        assertThat(key(cp(0x1D306))).containsExactly(bytes(0x0E, 0xF0));
    }

    /** ucadata tests: every jamo has exactly one weight, which the syllable decomposition relies on. */
    @Test
    void hangulJamoHaveOneWeight() {
        for (int cp = 0x1100; cp < 0x11FF; cp++) {
            assertThat(Unicode0900Weights.weights(cp)).as("U+%04X", cp).hasSize(1);
        }
    }

    @Test
    void nameAndProperties() {
        assertThat(Collations.forName("UTF8MB4_0900_AI_CI")).containsSame(CI);
        assertThat(CI.name()).isEqualTo("utf8mb4_0900_ai_ci");
        assertThat(CI.isPaddingBin()).isFalse();
        assertThat(CI.isBinary()).isFalse();
        // TiDB registers no utf8 (utf8mb3) variant.
        assertThat(Collations.forName("utf8_0900_ai_ci")).isEmpty();
        assertThat(Collations.forName("utf8mb3_0900_ai_ci")).isEmpty();
    }
}
