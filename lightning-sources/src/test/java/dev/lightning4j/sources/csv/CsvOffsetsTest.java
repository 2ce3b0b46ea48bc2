package dev.lightning4j.sources.csv;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.spi.SourceRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;

import static dev.lightning4j.sources.csv.CsvTesting.Scanner;
import static dev.lightning4j.sources.csv.CsvTesting.chunk;
import static dev.lightning4j.sources.csv.CsvTesting.describe;
import static dev.lightning4j.sources.csv.CsvTesting.read;
import static dev.lightning4j.sources.csv.CsvTesting.row;
import static dev.lightning4j.sources.csv.CsvTesting.utf8;
import static dev.lightning4j.sources.csv.CsvTesting.values;
import static org.assertj.core.api.Assertions.assertThat;

/** Row offsets are absolute file offsets, chunk ends are honoured, and buffer boundaries change nothing. */
class CsvOffsetsTest {
    private static final CsvOptions PLAIN = CsvOptions.builder().backslashEscape(false).build();

    private static List<long[]> offsets(List<SourceRow> rows) {
        return rows.stream().map(r -> new long[] {r.startOffset(), r.endOffset()}).toList();
    }

    /** Reads the part of {@code data} from {@code start}, as the engine hands a chunk to the reader. */
    private static List<SourceRow> readChunk(Scanner kind, CsvOptions o, byte[] data, long start, long end) {
        byte[] tail = Arrays.copyOfRange(data, (int) start, data.length);
        return read(kind, o, new ByteArrayInputStream(tail), chunk(start, end));
    }

    @ParameterizedTest
    @EnumSource(value = Scanner.class, names = {"BYTES", "FASTCSV"})
    void offsetsCountBytesIncludingHeaderMultiByteCharsCrlfAndSkippedLines(Scanner kind) {
        // header 0-4, "é,1\r\n" 4-10 (é is two bytes), blank lines 10-12, quoted row 12-21, last row 21-24
        byte[] data = utf8("a,b\né,1\r\n\n\n\"x\ny\",\"\"\n3,4");
        List<SourceRow> rows = read(kind, PLAIN, new ByteArrayInputStream(data), chunk(0, -1));
        assertThat(values(rows)).containsExactly(row("é", "1"), row("x\ny", ""), row("3", "4"));
        assertThat(offsets(rows)).containsExactly(new long[] {4, 10}, new long[] {12, 21}, new long[] {21, 24});
    }

    @ParameterizedTest
    @EnumSource(value = Scanner.class, names = {"BYTES", "FASTCSV"})
    void chunksAfterTheFirstReadNoHeaderAndReportAbsoluteOffsets(Scanner kind) {
        byte[] data = utf8("a,b\n1,2\n3,4\n5,6\n");
        List<SourceRow> first = readChunk(kind, PLAIN, data, 0, 8);
        assertThat(values(first)).containsExactly(row("1", "2"));
        assertThat(offsets(first)).containsExactly(new long[] {4, 8});
        List<SourceRow> second = readChunk(kind, PLAIN, data, 8, 16);
        assertThat(values(second)).containsExactly(row("3", "4"), row("5", "6"));
        assertThat(offsets(second)).containsExactly(new long[] {8, 12}, new long[] {12, 16});
        assertThat(second.get(0).columns()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Scanner.class, names = {"BYTES", "FASTCSV"})
    void chunkEndStopsAfterTheRowHoldingTheLastByte(Scanner kind) {
        byte[] data = utf8("1,2\n3,4\n5,6\n");
        CsvOptions o = PLAIN.toBuilder().header(false).build();
        assertThat(values(readChunk(kind, o, data, 0, 4))).containsExactly(row("1", "2"));
        // byte 4 is the first byte of the second row: that row is read whole, the third is not
        assertThat(values(readChunk(kind, o, data, 0, 5))).containsExactly(row("1", "2"), row("3", "4"));
        assertThat(values(readChunk(kind, o, data, 4, 8))).containsExactly(row("3", "4"));
        // empty lines before the end are not rows: the next row starts at the end and is not read
        byte[] gaps = utf8("1\n\n\n2\n");
        assertThat(values(readChunk(kind, o, gaps, 0, 4))).containsExactly(row("1"));
        assertThat(values(readChunk(kind, o, gaps, 4, -1))).containsExactly(row("2"));
    }

    @Test
    void chunkEndWithCustomTerminatorAndEscapes() {
        CsvOptions o = CsvOptions.builder().header(false).separator("|+|").terminator("|||\n").build();
        byte[] data = utf8("a|+|b|||\nc\\|||\n|+|d|||\ne|+|f|||\n");
        // the escaped '|' leaves "||\n", which is not a terminator, so the second row runs to byte 23
        List<SourceRow> first = readChunk(Scanner.BYTES, o, data, 0, 23);
        assertThat(values(first)).containsExactly(row("a", "b"), row("c|||\n", "d"));
        assertThat(offsets(first)).containsExactly(new long[] {0, 9}, new long[] {9, 23});
        List<SourceRow> second = readChunk(Scanner.BYTES, o, data, 23, -1);
        assertThat(values(second)).containsExactly(row("e", "f"));
        assertThat(offsets(second)).containsExactly(new long[] {23, 32});
    }

    @ParameterizedTest
    @EnumSource(value = Scanner.class, names = {"BYTES", "FASTCSV"})
    void oneByteReadsGiveTheSameRowsAndOffsets(Scanner kind) {
        String data = "h1,h2\r\n\"a,\"\"b\",c\r\n\n\"multi\r\nline\",😀\nlast,\"\"";
        CsvOptions[] options = {PLAIN, PLAIN.toBuilder().delimiter("'").separator("\t").build(),
            PLAIN.toBuilder().delimiter("").build()};
        for (CsvOptions o : options) {
            List<String> whole = describe(read(kind, o, new ByteArrayInputStream(utf8(data)), chunk(0, -1)));
            List<String> bytewise = describe(read(kind, o, CsvTesting.oneByteAtATime(utf8(data)), chunk(0, -1)));
            assertThat(bytewise).isEqualTo(whole).isNotEmpty();
        }
    }

    @Test
    void oneByteReadsSplitMultiByteTokensAndEscapes() {
        CsvOptions o = CsvOptions.builder().separator("|+|").terminator("|||\n").delimiter("$$").build();
        String data = "c1|+|c2|||\n$$x|+|$$$$y$$|+|a\\|+|b|||\n|+||+||||\n|||\n$$q|||\n$$|+|\\N|||\n";
        List<String> whole = describe(read(Scanner.BYTES, o, new ByteArrayInputStream(utf8(data)), chunk(0, -1)));
        List<String> bytewise = describe(read(Scanner.BYTES, o, CsvTesting.oneByteAtATime(utf8(data)),
                chunk(0, -1)));
        assertThat(bytewise).isEqualTo(whole);
        // "|||\n" alone (47-51) is an empty line and skipped
        assertThat(whole).containsExactly(
                "[x|+|$$y, a|+|b]@11-37 cols=[c1, c2]",
                "[, , ]@37-47 cols=[c1, c2]",
                "[q|||\n, null]@51-69 cols=[c1, c2]");
    }

    @ParameterizedTest
    @EnumSource(value = Scanner.class, names = {"BYTES", "FASTCSV"})
    void rowsLargerThanTheBufferAndManyRowsAcrossBoundaries(Scanner kind) {
        StringBuilder sb = new StringBuilder();
        String big = "x".repeat(200_000);
        sb.append("\"").append(big).append("\",").append(big).append('\n');
        for (int i = 0; i < 20_000; i++) {
            sb.append(i).append(",\"v").append(i).append("\"\r\n");
        }
        byte[] data = utf8(sb.toString());
        CsvOptions o = PLAIN.toBuilder().header(false).build();
        List<SourceRow> rows = read(kind, o, new ByteArrayInputStream(data), chunk(0, -1));
        assertThat(rows).hasSize(20_001);
        assertThat(values(rows.get(0))).containsExactly(big, big);
        assertThat(values(rows.get(20_000))).containsExactly("19999", "v19999");
        long expected = 0;
        for (SourceRow r : rows) {
            assertThat(r.startOffset()).isEqualTo(expected);
            expected = r.endOffset();
        }
        assertThat(expected).isEqualTo(data.length);
    }
}
