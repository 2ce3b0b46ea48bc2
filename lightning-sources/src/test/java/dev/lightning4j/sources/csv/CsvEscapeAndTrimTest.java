package dev.lightning4j.sources.csv;

import static dev.lightning4j.sources.csv.CsvTesting.read;
import static dev.lightning4j.sources.csv.CsvTesting.row;
import static dev.lightning4j.sources.csv.CsvTesting.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.CsvOptions;
import org.junit.jupiter.api.Test;

/** {@code escaped-by} other than backslash and {@code trim-last-separator}, with Lightning's semantics. */
class CsvEscapeAndTrimTest {
    private static final CsvOptions NO_HEADER = CsvOptions.builder().header(false).build();

    @Test
    void escapedByFollowsBackslashEscapeAsInLightning() {
        assertThat(CsvOptions.DEFAULT.escapedBy()).isEqualTo("\\");
        assertThat(NO_HEADER.toBuilder().backslashEscape(false).build().escapedBy()).isEmpty();
        assertThat(NO_HEADER.toBuilder().backslashEscape(false).escapedBy("#").build().escapedBy()).isEqualTo("#");
        assertThat(new CsvOptions(",", "\"", "", false, true, java.util.List.of("\\N"), true, false).escapedBy())
                .isEqualTo("\\");
        assertThatThrownBy(() -> NO_HEADER.toBuilder().escapedBy("##").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("escaped-by");
        assertThatThrownBy(() -> NO_HEADER.toBuilder().escapedBy("é").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one-byte");
        assertThatThrownBy(() -> NO_HEADER.toBuilder().escapedBy(",").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("escaped-by");
    }

    @Test
    void anotherEscapeCharacterEscapesAndBackslashIsPlainData() {
        CsvOptions hash = NO_HEADER.toBuilder().escapedBy("#").build();
        assertThat(values(read(hash, "a#,b,c\\d,#N,\"q#\"x\",##N,#n\n")))
                .containsExactly(row("a,b", "c\\d", null, "q\"x", "#N", "\n"));
    }

    @Test
    void noEscapeAtAllKeepsBackslashesAndHashes() {
        CsvOptions none = NO_HEADER.toBuilder().backslashEscape(false).build();
        assertThat(values(read(none, "a\\,b#c\n"))).containsExactly(row("a\\", "b#c"));
    }

    @Test
    void trimLastSeparatorDropsTheEmptyFieldAfterATrailingSeparator() {
        CsvOptions trim = NO_HEADER.toBuilder().separator("|").trimLastSeparator(true).build();
        assertThat(values(read(trim, "1|a|\n2|b|\n3|\"\"\n4||\n"))).containsExactly(row("1", "a"), row("2", "b"),
                row("3", ""), row("4", ""));
        CsvOptions keep = NO_HEADER.toBuilder().separator("|").build();
        assertThat(values(read(keep, "1|a|\n"))).containsExactly(row("1", "a", ""));
    }

    @Test
    void headerWithTrailingSeparatorUnderTrimHasNoEmptyName() {
        CsvOptions trim = CsvOptions.builder().trimLastSeparator(true).build();
        var rows = read(trim, "id,name,\n1,x,\n");
        assertThat(rows.get(0).columns()).containsExactly("id", "name");
        assertThat(values(rows)).containsExactly(row("1", "x"));
    }

    @Test
    void gbkFieldsAreDecodedAndInvalidBytesNameTheRow() throws Exception {
        byte[] gbk = "id,名字\n1,中文\n".getBytes(java.nio.charset.Charset.forName("GBK"));
        var ctx = new dev.lightning4j.spi.FormatContext(CsvOptions.DEFAULT, "gbk", null);
        var reader = new CsvFormatProvider().open(CsvTesting.chunk(0, -1), new java.io.ByteArrayInputStream(gbk), ctx);
        var row1 = reader.next();
        assertThat(row1.columns()).containsExactly("id", "名字");
        assertThat(row1.values()).containsExactly("1", "中文");

        byte[] bad = {'1', ',', 'a', '\n', '2', ',', 'b', (byte) 0x81, '\n'};
        var r2 = new CsvFormatProvider().open(CsvTesting.chunk(0, -1), new java.io.ByteArrayInputStream(bad),
                new dev.lightning4j.spi.FormatContext(NO_HEADER, "gbk", null));
        assertThat(r2.next().values()).containsExactly("1", "a");
        assertThatThrownBy(r2::next).isInstanceOfSatisfying(dev.lightning4j.ImportException.class, e -> {
            assertThat(e.offset()).isEqualTo(4);
            assertThat(e.file()).isEqualTo(CsvTesting.FILE);
            assertThat(e.getMessage()).contains("field 2", "gbk");
        });
    }
}
