package dev.lightning4j.sources.sql;

import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.SqlLiteral;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStreamingTest {

    /** A dump holding one INSERT with {@code tuples} rows, generated while it is read. */
    private static final class GeneratedInsert extends InputStream {
        private final long tuples;
        private long next;
        private byte[] piece = "/*!40101 SET NAMES binary*/;\nINSERT INTO `t` (`id`,`name`,`blob`) VALUES\n"
                .getBytes(StandardCharsets.US_ASCII);
        private int at;

        GeneratedInsert(long tuples) {
            this.tuples = tuples;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == piece.length) {
                if (next > tuples) {
                    return -1;
                }
                piece = nextPiece();
                at = 0;
            }
            int n = Math.min(len, piece.length - at);
            System.arraycopy(piece, at, b, off, n);
            at += n;
            return n;
        }

        private byte[] nextPiece() {
            long i = next++;
            if (i == tuples) {
                return ";\n".getBytes(StandardCharsets.US_ASCII);
            }
            String sep = i + 1 < tuples ? ",\n" : "";
            return ("(" + i + ",'name ''" + i + "'' \\n é',_binary'\\0" + (i % 10) + "')" + sep)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aSingleInsertWithTwoMillionTuplesStreamsTupleByTuple() throws IOException {
        long tuples = 2_000_000;
        long count = 0;
        long previousEnd = -1;
        SourceRow last = null;
        try (SqlRowReader reader = new SqlRowReader(SqlRows.chunk(0, -1), new GeneratedInsert(tuples))) {
            for (SourceRow row = reader.next(); row != null; row = reader.next()) {
                if (previousEnd >= 0) {
                    assertThat(row.startOffset()).isEqualTo(previousEnd + 2); // ",\n" between tuples
                }
                previousEnd = row.endOffset();
                if (count == 0) {
                    assertThat(row.values()[0]).isEqualTo(new SqlLiteral(SqlLiteral.Kind.NUMBER, "0"));
                }
                last = row;
                count++;
            }
            // Memory stays bounded: the read window and the value buffer never grew.
            assertThat(reader.bufferCapacity()).isEqualTo(SqlInput.DEFAULT_BUFFER_SIZE);
            assertThat(reader.scratchCapacity()).isLessThanOrEqualTo(256);
        }
        assertThat(count).isEqualTo(tuples);
        assertThat(last.values()).hasSize(3);
        assertThat(last.values()[0]).isEqualTo(new SqlLiteral(SqlLiteral.Kind.NUMBER, String.valueOf(tuples - 1)));
        assertThat(last.values()[1]).isEqualTo("name '" + (tuples - 1) + "' \n é");
        assertThat((byte[]) last.values()[2]).containsExactly(0, '9');
        assertThat(last.columns()).containsExactly("id", "name", "blob");
    }

    @Test
    void oneByteAtATimeGivesTheSameRowsAsWholeBuffers() throws IOException {
        byte[] file = SqlStatementTest.resource("shop.000000000.sql");
        byte[] tricky = ("-- x\n/*! a */;INSERT/**/INTO`t`(`a``b`,c)VALUES(-1.5e-3,'it''s\\n😀\\\\',\"q\"\"\",_binary'\\0',"
                + "X'0F',0b01,0x0a,NULL,TRUE,CONVERT('z' USING utf8mb4),.5,1.)#c\n,(\n'multi\nline',''); SET a='b;'")
                .getBytes(StandardCharsets.UTF_8);
        for (byte[] data : List.of(file, tricky)) {
            List<String> whole = describe(SqlRows.read(SqlRows.chunk(0, -1), new ByteArrayInputStream(data),
                    SqlInput.DEFAULT_BUFFER_SIZE));
            List<String> byteWise = describe(SqlRows.read(SqlRows.chunk(0, -1), new SqlRows.OneByteAtATime(data), 64));
            assertThat(byteWise).isEqualTo(whole);
            assertThat(whole).isNotEmpty();
        }
    }

    @Test
    void tinyBufferHandlesTokensLongerThanTheWindow() throws IOException {
        String longString = "x".repeat(1000) + "''" + "y".repeat(1000);
        String longNumber = "1".repeat(500) + "." + "2".repeat(500);
        String sql = "/* " + "c".repeat(1000) + " */ INSERT INTO t VALUES ('" + longString + "', " + longNumber + ");";
        List<SourceRow> rows = SqlRows.read(SqlRows.chunk(0, -1),
                new ByteArrayInputStream(sql.getBytes(StandardCharsets.US_ASCII)), 64);
        assertThat(rows.get(0).values()).containsExactly(longString.replace("''", "'"),
                new SqlLiteral(SqlLiteral.Kind.NUMBER, longNumber));
        assertThat(rows.get(0).startOffset()).isEqualTo(sql.indexOf("('"));
    }

    @Test
    void aHugeValueIsNotHeldAfterItsRow() throws IOException {
        String huge = "\\n".repeat(2 << 20); // escaped, so it goes through the value buffer
        byte[] sql = ("INSERT INTO t VALUES ('" + huge + "'),('small\\t');").getBytes(StandardCharsets.US_ASCII);
        try (SqlRowReader reader = new SqlRowReader(SqlRows.chunk(0, -1), new ByteArrayInputStream(sql))) {
            assertThat(((String) reader.next().values()[0])).hasSize(2 << 20);
            assertThat(reader.next().values()).containsExactly("small\t");
            assertThat(reader.scratchCapacity()).isLessThanOrEqualTo(256);
            assertThat(reader.bufferCapacity()).isEqualTo(SqlInput.DEFAULT_BUFFER_SIZE);
        }
    }

    @Test
    void throughputOnTypicalDumpRows() throws IOException {
        byte[] data = typicalDump(48 << 20);
        long rows = 0;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            rows = 0;
            try (SqlRowReader reader = new SqlRowReader(SqlRows.chunk(0, -1), new ByteArrayInputStream(data))) {
                while (reader.next() != null) {
                    rows++;
                }
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        double mibPerSecond = data.length / (1024.0 * 1024.0) / (best / 1e9);
        System.out.printf("SQL parser: %d MiB, %d rows, %.0f MiB/s%n", data.length >> 20, rows, mibPerSecond);
        assertThat(rows).isGreaterThan(100_000);
        // A loose floor that only a gross slowdown misses, so a busy machine does not fail the build.
        assertThat(mibPerSecond).isGreaterThan(20);
    }

    /** Dumpling-like rows: ids, names, decimals, timestamps, NULLs, escaped text; 1 MiB statements. */
    static byte[] typicalDump(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + (1 << 20));
        StringBuilder sb = new StringBuilder();
        long id = 0;
        out.writeBytes("/*!40101 SET NAMES binary*/;\n/*!40014 SET FOREIGN_KEY_CHECKS=0*/;\n".getBytes(
                StandardCharsets.US_ASCII));
        while (out.size() < size) {
            sb.setLength(0);
            sb.append("INSERT INTO `orders` VALUES\n");
            for (int i = 0; i < 5000; i++) {
                id++;
                if (i > 0) {
                    sb.append(",\n");
                }
                sb.append('(').append(id).append(",'customer-").append(id % 9973).append("','Street ")
                        .append(id % 311).append(", O\\'Brien \\\"house\\\"',").append(id % 1000).append('.')
                        .append(id % 100).append(",'2024-05-").append(10 + id % 18).append(" 12:34:56',")
                        .append(id % 7 == 0 ? "NULL" : "'note " + id + " — ünïcode'").append(',').append(id % 3)
                        .append(')');
            }
            sb.append(";\n");
            out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Rows as comparable text, with byte arrays spelled out. */
    private static List<String> describe(List<SourceRow> rows) {
        List<String> out = new ArrayList<>();
        for (SourceRow row : rows) {
            StringBuilder sb = new StringBuilder();
            sb.append(row.startOffset()).append('-').append(row.endOffset()).append(' ').append(row.columns());
            for (Object v : row.values()) {
                sb.append(" | ").append(v instanceof byte[] b ? "bytes" + Arrays.toString(b)
                        : v == null ? "null" : v.getClass().getSimpleName() + ":" + v);
            }
            out.add(sb.toString());
        }
        return out;
    }
}
