package dev.lightning4j.sources.csv;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.spi.SourceRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static dev.lightning4j.sources.csv.CsvTesting.read;
import static dev.lightning4j.sources.csv.CsvTesting.row;
import static dev.lightning4j.sources.csv.CsvTesting.values;
import static org.assertj.core.api.Assertions.assertThat;

/** Each {@code [mydumper.csv]} option, alone and combined, read the way Lightning reads it. */
class CsvDialectTest {
    private static final CsvOptions NO_HEADER = CsvOptions.builder().header(false).build();
    private static final CsvOptions PLAIN = NO_HEADER.toBuilder().backslashEscape(false).build();

    @Test
    void defaultsReadHeaderQuotesAndBackslashNull() {
        List<SourceRow> rows = read(CsvOptions.DEFAULT, "id,name,note\n1,\"x,y\",\\N\n2,,\"\"\n");
        assertThat(values(rows)).containsExactly(row("1", "x,y", null), row("2", "", ""));
        assertThat(rows.get(0).columns()).containsExactly("id", "name", "note");
        assertThat(rows.get(1).columns()).isSameAs(rows.get(0).columns());
    }

    @Test
    void emptyUnquotedFieldIsEmptyStringNotNull() {
        assertThat(values(read(NO_HEADER, ",\n"))).containsExactly(row("", ""));
        assertThat(values(read(PLAIN, "a,,b\n"))).containsExactly(row("a", "", "b"));
    }

    @Test
    void quotedBackslashNIsNullButEscapedBackslashNIsText() {
        assertThat(values(read(NO_HEADER, "\"\\N\",\\N,\\\\N,\"\\\\N\",N,\"N\"\n")))
                .containsExactly(row(null, null, "\\N", "\\N", "N", "N"));
    }

    @Test
    void backslashEscapesMapLikeMysql() {
        String data = "\\0\\b\\n\\r\\t\\Z\\\\,\\x\\\"\\,\\',\"q\\\"q\\\\\"\n";
        assertThat(values(read(NO_HEADER, data))).containsExactly(
                row("\0\b\n\r\t\u001a\\", "x\",'", "q\"q\\"));
    }

    @Test
    void escapedLineBreakIsALiteralLineFeedInQuotedAndUnquotedFields() {
        assertThat(values(read(NO_HEADER, "a\\\nb,\"c\\\nd\"\nnext\n")))
                .containsExactly(row("a\nb", "c\nd"), row("next"));
    }

    @Test
    void withoutBackslashEscapeBackslashesAreData() {
        assertThat(values(read(PLAIN, "a\\tb,\\N,\"\\N\",\"x\\\"\n")))
                .containsExactly(row("a\\tb", null, null, "x\\"));
    }

    @Test
    void notNullKeepsNullMarkersAsText() {
        CsvOptions notNull = PLAIN.toBuilder().notNull(true).build();
        assertThat(values(read(notNull, "\\N,\"\\N\",\n"))).containsExactly(row("\\N", "\\N", ""));
        // With escapes on, \N is an escaped N (Lightning unescapes it), never NULL.
        CsvOptions escapedNotNull = NO_HEADER.toBuilder().notNull(true).build();
        assertThat(values(read(escapedNotNull, "\\N,x\n"))).containsExactly(row("N", "x"));
    }

    @Test
    void customNullValuesApplyToQuotedAndUnquotedFields() {
        CsvOptions o = NO_HEADER.toBuilder().nullValues("NULL", "").build();
        assertThat(values(read(o, "NULL,\"NULL\",,\"\",null,\\N\n")))
                .containsExactly(row(null, null, null, null, "null", "N"));
    }

    @Test
    void multiByteSeparatorAndTerminator() {
        CsvOptions o = NO_HEADER.toBuilder().separator("|+|").terminator("|||\n").build();
        String data = "a|+|b|c|+|\"q|+|x|||\ny\"|||\n1|+||+|\\N|||\n";
        assertThat(values(read(o, data))).containsExactly(row("a", "b|c", "q|+|x|||\ny"), row("1", "", null));
    }

    @Test
    void customTerminatorMakesLineFeedsData() {
        CsvOptions o = NO_HEADER.toBuilder().terminator(";").build();
        assertThat(values(read(o, "a\nb,c;d,\"e;f\";"))).containsExactly(row("a\nb", "c"), row("d", "e;f"));
        CsvOptions crlf = PLAIN.toBuilder().terminator("\r\n").build();
        assertThat(values(read(crlf, "a\nb,c\r\nd\re\r\n"))).containsExactly(row("a\nb", "c"), row("d\re"));
    }

    @Test
    void emptyDelimiterMeansNoQuoting() {
        CsvOptions o = PLAIN.toBuilder().delimiter("").build();
        assertThat(values(read(o, "\"a\",b\"c,\"\"\n"))).containsExactly(row("\"a\"", "b\"c", "\"\""));
        CsvOptions escaped = NO_HEADER.toBuilder().delimiter("").build();
        assertThat(values(read(escaped, "\"a\\,b\",\\N\n"))).containsExactly(row("\"a,b\"", null));
    }

    @Test
    void otherAndMultiCharDelimiters() {
        CsvOptions single = NO_HEADER.toBuilder().delimiter("'").build();
        assertThat(values(read(single, "'a,''b',\"c\"\n"))).containsExactly(row("a,'b", "\"c\""));
        CsvOptions multi = NO_HEADER.toBuilder().delimiter("$$").build();
        assertThat(values(read(multi, "$$a$$$$b,$$,$c\n"))).containsExactly(row("a$$b,", "$c"));
    }

    @Test
    void crlfAndLoneCrEndRowsWithTheDefaultTerminator() {
        assertThat(values(read(PLAIN, "a,b\r\nc,d\re\n"))).containsExactly(row("a", "b"), row("c", "d"),
                row("e"));
    }

    @Test
    void quotedFieldsKeepSeparatorsTerminatorsAndLineBreaks() {
        assertThat(values(read(NO_HEADER, "\"a,b\nc\r\nd\",\"\"\"x\"\"\"\n")))
                .containsExactly(row("a,b\nc\r\nd", "\"x\""));
    }

    @Test
    void emptyAndWhiteSpaceLinesAreSkippedAsLightningDoes() {
        assertThat(values(read(NO_HEADER, "\n\na\n\r\n  \t\n\u00a0\nb\n\n")))
                .containsExactly(row("a"), row("b"));
        // A quoted empty field is a row; a blank last line without terminator is kept, as in Lightning.
        assertThat(values(read(NO_HEADER, "\"\"\n  "))).containsExactly(row(""), row("  "));
    }

    @Test
    void lastRowWithoutTerminator() {
        assertThat(values(read(NO_HEADER, "a,b\nc,d"))).containsExactly(row("a", "b"), row("c", "d"));
    }

    @Test
    void nulBytesAndFourByteUtf8AreText() {
        assertThat(values(read(NO_HEADER, "a\0b,\"\0\",😀𝄞\n"))).containsExactly(row("a\0b", "\0", "😀𝄞"));
    }

    @Test
    void invalidUtf8FieldsAreRawBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'a', ',', (byte) 0xFF, (byte) 0xFE, 0, ',', '"', (byte) 0xC3, '"', ',', 'x',
            '\n'});
        List<SourceRow> rows = read(NO_HEADER, out.toByteArray());
        assertThat(values(rows)).containsExactly(row("a", "0xfffe00", "0xc3", "x"));
        assertThat(rows.get(0).values()[1]).isInstanceOf(byte[].class);
    }

    @Test
    void headerWithoutSchemaMatchIsSkippedAndColumnsAreNull() {
        CsvOptions o = CsvOptions.builder().headerSchemaMatch(false).build();
        List<SourceRow> rows = read(o, "a,b\n1,2\n");
        assertThat(values(rows)).containsExactly(row("1", "2"));
        assertThat(rows.get(0).columns()).isNull();
    }

    @Test
    void headerNamesAreTrimmedAndUnquoted() {
        List<SourceRow> rows = read(CsvOptions.DEFAULT, " id ,\"full name\",\"a,b\"\n1,2,3\n");
        assertThat(rows.get(0).columns()).containsExactly("id", "full name", "a,b");
    }

    @Test
    void withoutHeaderTheFirstLineIsData() {
        List<SourceRow> rows = read(NO_HEADER, "a,b\n");
        assertThat(values(rows)).containsExactly(row("a", "b"));
        assertThat(rows.get(0).columns()).isNull();
    }

    @Test
    void emptyFileAndHeaderOnlyFileHaveNoRows() {
        assertThat(read(CsvOptions.DEFAULT, "")).isEmpty();
        assertThat(read(CsvOptions.DEFAULT, "a,b\n")).isEmpty();
        assertThat(read(NO_HEADER, "\n\n")).isEmpty();
    }

    @Test
    void rowsWithOtherFieldCountsAreYielded() {
        assertThat(values(read(CsvOptions.DEFAULT, "a,b\n1\n1,2,3\n"))).containsExactly(row("1"),
                row("1", "2", "3"));
    }
}
