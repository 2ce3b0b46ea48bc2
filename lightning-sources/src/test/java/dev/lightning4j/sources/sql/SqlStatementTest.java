package dev.lightning4j.sources.sql;

import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.SqlLiteral;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.lightning4j.sources.sql.SqlRows.read;
import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementTest {

    private static SqlLiteral number(String text) {
        return new SqlLiteral(SqlLiteral.Kind.NUMBER, text);
    }

    private static List<Object> firstValues(List<SourceRow> rows) {
        List<Object> out = new ArrayList<>();
        for (SourceRow row : rows) {
            out.add(row.values()[0]);
        }
        return out;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SqlStatementTest.class.getResourceAsStream("/sql/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void dumplingFileWithHeaderCommentsAndOtherStatements() throws IOException {
        byte[] file = resource("shop.000000000.sql");
        List<SourceRow> rows = read(file);

        assertThat(firstValues(rows)).containsExactly(number("1"), number("2"), number("3"), number("4"), number("5"),
                number("6"), number("7"));
        Object[] r1 = rows.get(0).values();
        assertThat(r1).hasSize(7);
        assertThat(r1[1]).isEqualTo("apple");
        assertThat(r1[2]).isEqualTo(number("1.50"));
        assertThat(r1[3]).isNull();
        assertThat((byte[]) r1[4]).containsExactly(0, '\n');
        assertThat(r1[5]).isEqualTo(new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, "0aF1"));
        assertThat(r1[6]).isEqualTo("2024-01-01 00:00:00");
        assertThat(rows.get(1).values()[1]).isEqualTo("it's \"fine\"");
        assertThat(rows.get(1).values()[3]).isEqualTo("NULL");
        assertThat(rows.get(2).values()[1]).isEqualTo("😀 naïve\\");
        assertThat(rows.get(2).values()[6]).isEqualTo("line1\nline2");
        assertThat(rows.get(3).values()).containsExactly(number("4"), "four", number("4.0"));
        assertThat(rows.get(3).columns()).containsExactly("id", "na`me", "price");
        assertThat(rows.get(0).columns()).isNull();
        assertThat(rows.get(5).columns()).isNull();
        assertThat(rows.get(6).values()).containsExactly(number("7"), "seven", number("7"));
    }

    @Test
    void rowsOfOneStatementShareTheColumnListInstance() {
        List<SourceRow> rows = read("INSERT INTO t (`a`, b ,\"c\") VALUES (1,2,3),(4,5,6);"
                + "INSERT INTO t (x) VALUES (7);INSERT INTO t VALUES (8);");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).columns()).containsExactly("a", "b", "c");
        assertThat(rows.get(1).columns()).isSameAs(rows.get(0).columns());
        assertThat(rows.get(2).columns()).containsExactly("x");
        assertThat(rows.get(3).columns()).isNull();
    }

    @Test
    void insertVariantsAreAllRead() {
        List<SourceRow> rows = read("insert into t values (1);"
                + "INSERT IGNORE INTO t VALUES (2);"
                + "REPLACE INTO t VALUES (3);"
                + "replace t value (4);"
                + "INSERT LOW_PRIORITY IGNORE INTO `we``ird`.`ignore` VALUES (5);"
                + "INSERT INTO t(a)VALUES(6),(7)");
        assertThat(firstValues(rows)).containsExactly(number("1"), number("2"), number("3"), number("4"), number("5"),
                number("6"), number("7"));
    }

    @Test
    void emptyTuplesAndColumnListsAreAllowed() {
        List<SourceRow> rows = read("INSERT INTO t () VALUES (), ( );");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values()).isEmpty();
        assertThat(rows.get(0).columns()).isEmpty();
    }

    @Test
    void commentsAreSkippedEverywhere() {
        String sql = "/* start */ -- line\n# hash\n/*!40101 SET NAMES binary*/;\n"
                + "INSERT /* a */ INTO /* b */ t /* c */ (/* d */ a /* e */, b) /* f */ VALUES /* g */\n"
                + "( /* h */ 1 /* i */ , -- j\n 'x' # k\n ) /* l */ , -- m\n (2, /* n */ NULL) /* o */ ; -- end";
        List<SourceRow> rows = read(sql);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values()).containsExactly(number("1"), "x");
        assertThat(rows.get(0).columns()).containsExactly("a", "b");
        assertThat(rows.get(1).values()).containsExactly(number("2"), null);
    }

    @Test
    void nonInsertStatementsAreSkippedEvenWithSemicolonsInStrings() {
        String sql = "SET NAMES 'a;b';\nUSE `x;y`;\nCREATE TABLE t (a varchar(3) DEFAULT 'x;''y', -- c;\n b int /* ; */);\n"
                + "START TRANSACTION;\nDROP TABLE IF EXISTS \"q;\";\nALTER TABLE t ADD c INT;\n"
                + "INSERT INTO t VALUES (1);\nCOMMIT;\n";
        assertThat(firstValues(read(sql))).containsExactly(number("1"));
    }

    @Test
    void offsetsPointAtTheParenthesesOfEachTuple() {
        String sql = "/*!40101 SET NAMES binary*/;\nINSERT INTO t VALUES\n(1,'é'),\n(22,'😀') ;\nINSERT INTO t VALUES (3);";
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        List<SourceRow> rows = read(bytes);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte
        int p1 = latin.indexOf("(1,");
        int p2 = latin.indexOf("(22,");
        int p3 = latin.indexOf("(3)");
        assertThat(rows).extracting(SourceRow::startOffset).containsExactly((long) p1, (long) p2, (long) p3);
        assertThat(rows).extracting(SourceRow::endOffset).containsExactly((long) latin.indexOf(')', p1) + 1,
                (long) latin.indexOf(')', p2) + 1, (long) p3 + 3);
    }

    @Test
    void offsetsAreAbsoluteWhenTheChunkStartsInsideTheFile() {
        String sql = "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2),(3);";
        byte[] bytes = sql.getBytes(StandardCharsets.US_ASCII);
        int start = sql.indexOf("INSERT", 1);
        List<SourceRow> rows = SqlRows.read(SqlRows.chunk(start, -1),
                new ByteArrayInputStream(bytes, start, bytes.length - start), 4096);
        assertThat(firstValues(rows)).containsExactly(number("2"), number("3"));
        assertThat(rows.get(0).startOffset()).isEqualTo(sql.indexOf("(2)"));
        assertThat(rows.get(1).endOffset()).isEqualTo(sql.indexOf("(3)") + 3);
    }

    @Test
    void chunkEndStopsBeforeTheFirstTupleStartingAtOrAfterIt() {
        String sql = "INSERT INTO t VALUES (1),(2),(3);\nINSERT INTO t VALUES (4),(5);";
        byte[] bytes = sql.getBytes(StandardCharsets.US_ASCII);
        List<SourceRow> all = read(bytes);
        for (int end = 0; end <= bytes.length; end++) {
            List<SourceRow> rows = SqlRows.read(SqlRows.chunk(0, end), new ByteArrayInputStream(bytes), 64);
            final long e = end;
            List<SourceRow> expected = all.stream().filter(r -> r.startOffset() < e).toList();
            assertThat(rows).as("end %d", end).extracting(SourceRow::startOffset)
                    .containsExactlyElementsOf(expected.stream().map(SourceRow::startOffset).toList());
        }
        // A tuple that straddles the end is read whole.
        List<SourceRow> cut = SqlRows.read(SqlRows.chunk(0, sql.indexOf("(2)") + 1), new ByteArrayInputStream(bytes), 64);
        assertThat(firstValues(cut)).containsExactly(number("1"), number("2"));
        assertThat(cut.get(1).endOffset()).isEqualTo(sql.indexOf("(2)") + 3);
    }

    @Test
    void adjacentChunksSplitAtTupleOrStatementBoundariesReadEveryRowOnce() {
        String sql = "INSERT INTO t VALUES (1),(2),(3);\nINSERT INTO t VALUES (4),(5);";
        byte[] bytes = sql.getBytes(StandardCharsets.US_ASCII);
        List<SourceRow> all = read(bytes);
        List<Integer> splits = new ArrayList<>();
        for (SourceRow row : all) {
            splits.add((int) row.startOffset());
            splits.add((int) row.endOffset()); // at the ',' or ';' after a tuple
        }
        splits.add(sql.indexOf("INSERT", 1));
        for (int split : splits) {
            List<SourceRow> first = SqlRows.read(SqlRows.chunk(0, split), new ByteArrayInputStream(bytes), 64);
            List<SourceRow> second = SqlRows.read(SqlRows.chunk(split, -1),
                    new ByteArrayInputStream(bytes, split, bytes.length - split), 64);
            List<SourceRow> both = new ArrayList<>(first);
            both.addAll(second);
            assertThat(both).as("split at %d", split).extracting(SourceRow::startOffset)
                    .containsExactlyElementsOf(all.stream().map(SourceRow::startOffset).toList());
            assertThat(firstValues(both)).as("split at %d", split).isEqualTo(firstValues(all));
        }
    }

    @Test
    void fileWithoutDataYieldsNoRows() {
        assertThat(read("")).isEmpty();
        assertThat(read("/*!40101 SET NAMES binary*/;\n-- nothing\n")).isEmpty();
        assertThat(read("\uFEFFINSERT INTO t VALUES (1);")).hasSize(1);
        assertThat(read("--no blank after the dashes\nINSERT INTO t VALUES (1);--end")).hasSize(1);
    }

    @Test
    void providerIsNamedSqlAndOpensAReader() throws IOException {
        SqlFormatProvider provider = new SqlFormatProvider();
        assertThat(provider.name()).isEqualTo("sql");
        try (var reader = provider.open(SqlRows.chunk(0, -1),
                new ByteArrayInputStream("INSERT INTO t VALUES (1);".getBytes(StandardCharsets.US_ASCII)), null)) {
            assertThat(reader.next().values()).containsExactly(number("1"));
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void providerIsRegisteredForServiceLoader() throws Exception {
        // Read the registration itself: other formats' providers in the same file are not this test's concern.
        byte[] services;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/dev.lightning4j.spi.FormatProvider")) {
            services = in.readAllBytes();
        }
        assertThat(new String(services, StandardCharsets.UTF_8).lines().map(String::trim))
                .contains(SqlFormatProvider.class.getName());
        Object provider = Class.forName(SqlFormatProvider.class.getName()).getConstructor().newInstance();
        assertThat(provider).isInstanceOf(dev.lightning4j.spi.FormatProvider.class);
    }
}
