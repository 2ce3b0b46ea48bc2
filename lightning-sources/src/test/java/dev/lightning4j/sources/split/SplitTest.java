package dev.lightning4j.sources.split;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.TableName;
import dev.lightning4j.sources.csv.CsvFormatProvider;
import dev.lightning4j.sources.sql.SqlFormatProvider;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.SplittableFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * strict-format splitting: the chunks of a file tile it exactly, each starts on a row boundary, and reading
 * every chunk yields exactly the rows (values, offsets, column names) of reading the file whole.
 */
class SplitTest {
    private static final TableName TABLE = new TableName("db", "t");

    private static String csv(int rows, boolean header, String terminator) {
        Random r = new Random(rows);
        StringBuilder sb = new StringBuilder();
        if (header) {
            sb.append("name,id,note").append(terminator);
        }
        for (int i = 0; i < rows; i++) {
            sb.append('"').append("n,").append(i).append('"').append(',').append(i).append(',');
            sb.append(r.nextBoolean() ? "\\N" : "v\\\\" + "x".repeat(r.nextInt(40))).append(terminator);
        }
        return sb.toString();
    }

    private record Split(List<DataChunk> chunks, long bytesRead) {
    }

    private static Split split(SplittableFormat f, byte[] data, String format, long region, FormatContext ctx)
            throws IOException {
        AtomicLong read = new AtomicLong();
        DataChunk whole = new DataChunk(TABLE, "db.t.0." + format, format, null, data.length, 0, -1, 0);
        List<DataChunk> chunks = f.split(whole, region, offset -> new ByteArrayInputStream(data, (int) offset,
                data.length - (int) offset) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (n > 0) {
                    read.addAndGet(n);
                }
                return n;
            }
        }, ctx);
        return new Split(chunks, read.get());
    }

    private static List<String> rows(FormatProvider f, byte[] data, List<DataChunk> chunks, FormatContext ctx)
            throws IOException {
        List<String> out = new ArrayList<>();
        for (DataChunk c : chunks) {
            InputStream in = new ByteArrayInputStream(data, (int) c.start(), data.length - (int) c.start());
            try (RowReader r = f.open(c, in, ctx)) {
                for (SourceRow row = r.next(); row != null; row = r.next()) {
                    out.add(Arrays.toString(row.values()) + "@" + row.startOffset() + "-" + row.endOffset() + " "
                            + row.columns());
                }
            }
        }
        return out;
    }

    private static void assertTiles(List<DataChunk> chunks, long size) {
        assertThat(chunks.get(0).start()).isZero();
        for (int i = 0; i + 1 < chunks.size(); i++) {
            assertThat(chunks.get(i).end()).isEqualTo(chunks.get(i + 1).start());
            assertThat(chunks.get(i).index() + 1).isEqualTo(chunks.get(i + 1).index());
        }
        assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(-1);
        assertThat(chunks.get(chunks.size() - 1).start()).isLessThan(size);
    }

    @Test
    void csvWithHeaderSplitsIntoChunksThatReadLikeTheWholeFile() throws IOException {
        byte[] data = csv(3000, true, "\n").getBytes(StandardCharsets.UTF_8);
        FormatContext ctx = new FormatContext(CsvOptions.DEFAULT);
        CsvFormatProvider f = new CsvFormatProvider();
        Split s = split(f, data, "csv", 16 * 1024, ctx);
        assertThat(s.chunks()).hasSizeGreaterThan(data.length / (16 * 1024) - 2);
        assertTiles(s.chunks(), data.length);
        for (DataChunk c : s.chunks().subList(1, s.chunks().size())) {
            assertThat(data[(int) c.start() - 1]).isEqualTo((byte) '\n');
            assertThat(c.columns()).containsExactly("name", "id", "note");
        }
        assertThat(s.chunks().get(0).columns()).isNull();
        List<String> whole = rows(f, data, List.of(new DataChunk(TABLE, "f", "csv", null, data.length, 0, -1, 0)),
                ctx);
        assertThat(whole).hasSize(3000);
        assertThat(rows(f, data, s.chunks(), ctx)).isEqualTo(whole);
        // planning reads a small window per cut, not the file
        assertThat(s.bytesRead()).isLessThanOrEqualTo(s.chunks().size() * 4096L);
    }

    @Test
    void csvWithCrlfCustomTerminatorAndNoHeaderMapsByPosition() throws IOException {
        CsvOptions crlf = CsvOptions.builder().header(false).build();
        byte[] data = csv(2000, false, "\r\n").getBytes(StandardCharsets.UTF_8);
        CsvFormatProvider f = new CsvFormatProvider();
        FormatContext ctx = new FormatContext(crlf);
        Split s = split(f, data, "csv", 4096, ctx);
        assertTiles(s.chunks(), data.length);
        assertThat(s.chunks()).allSatisfy(c -> assertThat(c.columns()).isNull());
        assertThat(rows(f, data, s.chunks(), ctx))
                .isEqualTo(rows(f, data, List.of(new DataChunk(TABLE, "f", "csv", null, data.length, 0, -1, 0)), ctx));

        CsvOptions bars = CsvOptions.builder().header(false).terminator("|;|").build();
        byte[] barData = csv(2000, false, "|;|").getBytes(StandardCharsets.UTF_8);
        FormatContext barCtx = new FormatContext(bars);
        Split b = split(f, barData, "csv", 4096, barCtx);
        assertThat(b.chunks()).hasSizeGreaterThan(5);
        assertTiles(b.chunks(), barData.length);
        for (DataChunk c : b.chunks().subList(1, b.chunks().size())) {
            assertThat(new String(barData, (int) c.start() - 3, 3, StandardCharsets.UTF_8)).isEqualTo("|;|");
        }
        assertThat(rows(f, barData, b.chunks(), barCtx)).hasSize(2000).isEqualTo(
                rows(f, barData, List.of(new DataChunk(TABLE, "f", "csv", null, barData.length, 0, -1, 0)), barCtx));
    }

    @Test
    void csvCutLandingExactlyOnATerminatorStartsTheNextChunkRightAfterIt() throws IOException {
        // rows of 10 bytes: "aaaaaaaaa\n"; a cut at 20 lands on the byte after a terminator (a row start) and
        // one at 19 lands on the terminator itself: both must give the row boundary 20.
        byte[] data = "aaaaaaaaa\n".repeat(20).getBytes(StandardCharsets.US_ASCII);
        FormatContext ctx = new FormatContext(CsvOptions.builder().header(false).build());
        CsvFormatProvider f = new CsvFormatProvider();
        assertThat(split(f, data, "csv", 19, ctx).chunks().get(0).end()).isEqualTo(20);
        assertThat(split(f, data, "csv", 20, ctx).chunks().get(0).end()).isEqualTo(30);
        assertThat(rows(f, data, split(f, data, "csv", 19, ctx).chunks(), ctx)).hasSize(20);
        assertThat(rows(f, data, split(f, data, "csv", 20, ctx).chunks(), ctx)).hasSize(20);
    }

    @Test
    void csvEscapedLineBreakIsNotACutPoint() throws IOException {
        // Every line but the last ends in an escaped line break: the rows are one logical row.
        byte[] data = "a\\\nb\\\nc\\\nd\\\ne\n".getBytes(StandardCharsets.US_ASCII);
        FormatContext ctx = new FormatContext(CsvOptions.builder().header(false).build());
        List<DataChunk> chunks = split(new CsvFormatProvider(), data, "csv", 2, ctx).chunks();
        assertThat(chunks).hasSize(1);
    }

    @Test
    void sqlSplitsOnlyAtStatementStartsSoEveryChunkKeepsItsColumnList() throws IOException {
        StringBuilder sb = new StringBuilder("/*!40101 SET NAMES binary*/;\n");
        int id = 0;
        for (int st = 0; st < 200; st++) {
            sb.append("INSERT INTO `t` (`name`,`id`) VALUES\n");
            for (int i = 0; i < 10; i++, id++) {
                sb.append("('n;\\nINSERT ").append(id).append("',").append(id).append(')').append(i < 9 ? ",\n" : ";\n");
            }
        }
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        SqlFormatProvider f = new SqlFormatProvider();
        FormatContext ctx = new FormatContext(CsvOptions.DEFAULT);
        Split s = split(f, data, "sql", 2048, ctx);
        assertThat(s.chunks()).hasSizeGreaterThan(10);
        assertTiles(s.chunks(), data.length);
        for (DataChunk c : s.chunks().subList(1, s.chunks().size())) {
            assertThat(new String(data, (int) c.start() - 2, 8, StandardCharsets.UTF_8)).isEqualTo(";\nINSERT");
        }
        List<String> whole = rows(f, data, List.of(new DataChunk(TABLE, "f", "sql", null, data.length, 0, -1, 0)),
                ctx);
        assertThat(whole).hasSize(2000).allSatisfy(r -> assertThat(r).endsWith("[name, id]"));
        assertThat(rows(f, data, s.chunks(), ctx)).isEqualTo(whole);
    }

    @Test
    void sqlWithOneHugeStatementStaysWhole() throws IOException {
        StringBuilder sb = new StringBuilder("INSERT INTO t VALUES\n");
        for (int i = 0; i < 2000; i++) {
            sb.append('(').append(i).append(")").append(i < 1999 ? ",\n" : ";\n");
        }
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(split(new SqlFormatProvider(), data, "sql", 1024, new FormatContext(CsvOptions.DEFAULT)).chunks())
                .hasSize(1);
    }

    @Test
    void headerSkippedByPositionAndFastCsvDialectsSplitToo() throws IOException {
        // header-schema-match=false: the header is skipped by the first chunk only and no chunk carries names;
        // no escapes: fastcsv reads the chunks and must stop at their ends as the byte scanner does.
        CsvOptions o = CsvOptions.builder().headerSchemaMatch(false).backslashEscape(false).build();
        String text = csv(3000, true, "\n").replace("\\", "/");
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        FormatContext ctx = new FormatContext(o);
        CsvFormatProvider f = new CsvFormatProvider();
        Split s = split(f, data, "csv", 8 * 1024, ctx);
        assertThat(s.chunks()).hasSizeGreaterThan(5).allSatisfy(c -> assertThat(c.columns()).isNull());
        List<String> whole = rows(f, data, List.of(new DataChunk(TABLE, "f", "csv", null, data.length, 0, -1, 0)),
                ctx);
        assertThat(whole).hasSize(3000).allSatisfy(r -> assertThat(r).endsWith(" null"));
        assertThat(rows(f, data, s.chunks(), ctx)).isEqualTo(whole);
    }
}
