package dev.lightning4j.sources.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code data-character-set}: each set turns bytes into the same text the server would, or reports bad bytes. */
class TextDecoderTest {
    private static final String CHINESE = "中文数据，测试：一二三";

    private static Object decode(TextDecoder d, byte[] b) {
        return d.decode(b, 0, b.length);
    }

    @Test
    void binaryKeepsTodaysBehaviourTextWhenValidUtf8ElseBytes() {
        TextDecoder d = TextDecoder.of("binary", "?");
        assertThat(decode(d, CHINESE.getBytes(StandardCharsets.UTF_8))).isEqualTo(CHINESE);
        byte[] gbk = CHINESE.getBytes(Charset.forName("GBK"));
        assertThat(decode(d, gbk)).isEqualTo(gbk);
    }

    @Test
    void gbkAndGb18030BecomeUnicodeText() {
        assertThat(decode(TextDecoder.of("gbk", null), CHINESE.getBytes(Charset.forName("GBK")))).isEqualTo(CHINESE);
        // GB18030 also covers what GBK cannot: four-byte sequences for characters outside the BMP.
        String wide = CHINESE + " 𠀀 €";
        assertThat(decode(TextDecoder.of("gb18030", null), wide.getBytes(Charset.forName("GB18030"))))
                .isEqualTo(wide);
    }

    @Test
    void invalidBytesAreReplacedPerSequenceOrReportedAtTheirIndex() {
        byte[] gbk = CHINESE.getBytes(Charset.forName("GBK"));
        byte[] bad = new byte[gbk.length + 3];
        System.arraycopy(gbk, 0, bad, 0, 4);
        bad[4] = (byte) 0x81; // a lead byte followed by a byte that cannot trail it
        bad[5] = (byte) 0x20;
        bad[6] = 'x';
        System.arraycopy(gbk, 4, bad, 7, gbk.length - 4);
        Object replaced = decode(TextDecoder.of("gbk", "<?>"), bad);
        assertThat(replaced).isEqualTo("中文<?> x" + CHINESE.substring(2));
        assertThatThrownBy(() -> decode(TextDecoder.of("gbk", null), bad))
                .isInstanceOfSatisfying(TextDecoder.InvalidTextException.class, e -> {
                    assertThat(e.index()).isEqualTo(4);
                    assertThat(e.describe()).contains("gbk", "data-invalid-char-replace");
                });
    }

    @Test
    void utf8mb4ValidatesAndReplacesWithTheDefaultReplacement() {
        byte[] b = {'a', (byte) 0xC3, '(', 'b', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80};
        assertThat(decode(TextDecoder.of("utf8mb4", "\uFFFD"), b)).isEqualTo("a\uFFFD(b😀");
        assertThatThrownBy(() -> decode(TextDecoder.of("utf8mb4", null), b))
                .isInstanceOfSatisfying(TextDecoder.InvalidTextException.class, e -> assertThat(e.index()).isEqualTo(1));
    }

    @Test
    void latin1IsWindows1252LikeMysqlAndAsciiRejectsHighBytes() {
        byte[] b = {'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0x80, (byte) 0x81};
        assertThat(decode(TextDecoder.of("latin1", null), b)).isEqualTo("café €\u0081");
        assertThat(decode(TextDecoder.of("ascii", "_"), b)).isEqualTo("caf_ __");
        assertThatThrownBy(() -> decode(TextDecoder.of("ascii", null), b))
                .isInstanceOfSatisfying(TextDecoder.InvalidTextException.class, e -> assertThat(e.index()).isEqualTo(3));
    }

    @Test
    void asciiIsTheSameInEverySetAndAnUnknownSetIsRefused() {
        byte[] b = "plain 123".getBytes(StandardCharsets.US_ASCII);
        for (String cs : new String[] {"binary", "utf8mb4", "gbk", "gb18030", "latin1", "ascii"}) {
            assertThat(decode(TextDecoder.of(cs, null), b)).as(cs).isEqualTo("plain 123");
        }
        assertThatThrownBy(() -> TextDecoder.of("ebcdic", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longValuesDecodeWhole() {
        String big = CHINESE.repeat(500);
        assertThat(decode(TextDecoder.of("gb18030", null), big.getBytes(Charset.forName("GB18030")))).isEqualTo(big);
    }
}
