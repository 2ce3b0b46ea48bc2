package dev.lightning4j.logical;

import static dev.lightning4j.logical.TestTarget.DB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.SqlLiteral;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetRow;
import dev.lightning4j.spi.TargetTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every value form a parser produces reaches the table as the dump meant it. */
class LogicalValuesTest {
    private static String db;

    @BeforeAll
    static void createDatabase() {
        db = DB.createDatabase("logical_values");
    }

    @Test
    void numericAndTemporalValuesRoundTrip() throws Exception {
        TestTarget.exec(db, "CREATE TABLE nums (id INT PRIMARY KEY, i INT, u BIGINT UNSIGNED, d DECIMAL(65,30),"
                + " f FLOAT, g DOUBLE, dt DATE, dtm DATETIME(6), ts TIMESTAMP(6) NULL, t TIME(3), y YEAR,"
                + " b BIT(8), b2 BIT(8), e ENUM('a','b c'), s SET('x','y','z'), j JSON, flag BOOLEAN)");
        List<Object[]> rows = List.of(
                new Object[] {num("1"), num("-2147483648"), num("18446744073709551615"),
                    num("99999999999999999999999999999999999.999999999999999999999999999999"), num("1.5e3"),
                    num("-2.2250738585072014E-308"), "2024-02-29", "9999-12-31 23:59:59.999999",
                    "2038-01-19 03:14:07.999999", "-838:59:59.000", num("2155"), new SqlLiteral(SqlLiteral.Kind.BIT, "10100101"),
                    new SqlLiteral(SqlLiteral.Kind.HEX, "F"), "b c", "x,z", "{\"k\": [1, \"\\u00e9\"]}",
                    new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "TRUE")},
                new Object[] {num("2"), num("2147483647"), num("0"),
                    num("-99999999999999999999999999999999999.999999999999999999999999999999"), "3.25", "0",
                    "1000-01-01", "1000-01-01 00:00:00.000001", "1970-01-01 00:00:01", "00:00:00.5", "1901", null,
                    null, "a", "", "null", num("0")});
        write("nums", rows);
        try (Connection c = DB.dataSource(db).getConnection(); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery("SELECT i, CAST(u AS CHAR), CAST(d AS CHAR), f, g, CAST(dt AS CHAR),"
                    + " CAST(dtm AS CHAR), CAST(ts AS CHAR), CAST(t AS CHAR), y, b + 0, b2 + 0, e, s, j, flag"
                    + " FROM nums ORDER BY id")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(-2147483648L);
                assertThat(rs.getString(2)).isEqualTo("18446744073709551615");
                assertThat(rs.getString(3)).isEqualTo("99999999999999999999999999999999999.999999999999999999999999999999");
                assertThat(rs.getFloat(4)).isEqualTo(1500f);
                assertThat(rs.getDouble(5)).isEqualTo(-2.2250738585072014E-308);
                assertThat(rs.getString(6)).isEqualTo("2024-02-29");
                assertThat(rs.getString(7)).isEqualTo("9999-12-31 23:59:59.999999");
                assertThat(rs.getString(8)).isEqualTo("2038-01-19 03:14:07.999999");
                assertThat(rs.getString(9)).isEqualTo("-838:59:59.000");
                assertThat(rs.getInt(10)).isEqualTo(2155);
                assertThat(rs.getInt(11)).isEqualTo(0b10100101);
                assertThat(rs.getInt(12)).isEqualTo(0x0F);
                assertThat(rs.getString(13)).isEqualTo("b c");
                assertThat(rs.getString(14)).isEqualTo("x,z");
                assertThat(rs.getString(15)).isEqualTo("{\"k\": [1, \"\\u00e9\"]}");
                assertThat(rs.getInt(16)).isEqualTo(1);
                rs.next();
                assertThat(rs.getString(3)).isEqualTo("-99999999999999999999999999999999999.999999999999999999999999999999");
                assertThat(rs.getFloat(4)).isEqualTo(3.25f);
                assertThat(rs.getString(8)).isEqualTo("1970-01-01 00:00:01.000000");
                assertThat(rs.getString(9)).isEqualTo("00:00:00.500");
                assertThat(rs.getObject(11)).isNull();
                assertThat(rs.getString(14)).isEmpty();
                assertThat(rs.getString(15)).isEqualTo("null");
                assertThat(rs.getInt(16)).isZero();
            }
        }
    }

    @Test
    void timestampsAreReadInTheImportTimeZone() throws Exception {
        TestTarget.exec(db, "CREATE TABLE tz (id INT PRIMARY KEY, ts TIMESTAMP NULL)");
        write("tz", List.<Object[]>of(new Object[] {num("1"), "2020-06-01 12:00:00"}),
                TestTarget.config(b -> b.timeZone("+08:00")));
        try (Connection c = DB.dataSource(db).getConnection(); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = s.executeQuery("SELECT CAST(ts AS CHAR) FROM tz")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("2020-06-01 04:00:00");
            }
        }
    }

    @Test
    void textKeepsEveryCharacterAndNullStaysDistinctFromTheWordNull() throws Exception {
        TestTarget.exec(db, "CREATE TABLE texts (id INT PRIMARY KEY, c CHAR(20), v VARCHAR(200), t TEXT)"
                + " CHARACTER SET utf8mb4");
        String tricky = "it's a \\ back\\\\slash \"q\" \0nul\n\r\tline \u001A end 😀 é 中";
        List<Object[]> rows = List.of(
                new Object[] {num("1"), "NULL", tricky, tricky},
                new Object[] {num("2"), null, "", "'"},
                new Object[] {num("3"), "", "\\", "\\'"},
                new Object[] {num("4"), "x", "''", "\\N"});
        write("texts", rows);
        List<List<Object>> back = read("SELECT c, v, t FROM texts ORDER BY id");
        assertThat(back.get(0)).containsExactly("NULL", tricky, tricky);
        assertThat(back.get(1)).containsExactly(null, "", "'");
        assertThat(back.get(2)).containsExactly("", "\\", "\\'");
        assertThat(back.get(3)).containsExactly("x", "''", "\\N");
    }

    @Test
    void textSurvivesNoBackslashEscapesMode() throws Exception {
        TestTarget.exec(db, "CREATE TABLE nbe (id INT PRIMARY KEY, v VARCHAR(100))");
        String tricky = "a\\b'c\0d\ne";
        write("nbe", List.<Object[]>of(new Object[] {num("1"), tricky}),
                TestTarget.config(b -> b.sqlMode("STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES")));
        assertThat(read("SELECT v FROM nbe").get(0)).containsExactly(tricky);
    }

    @Test
    void binaryValuesKeepTheirBytesIncludingInvalidUtf8() throws Exception {
        TestTarget.exec(db, "CREATE TABLE bins (id INT PRIMARY KEY, b BINARY(4), vb VARBINARY(10), bl BLOB,"
                + " latin VARCHAR(10) CHARACTER SET latin1)");
        byte[] invalid = {(byte) 0xFF, (byte) 0xFE, 0, (byte) 0x80};
        byte[] latin = {(byte) 0xE9, 'a'}; // 'éa' in latin1
        write("bins", List.<Object[]>of(new Object[] {num("1"), invalid, new byte[0], invalid, latin},
                new Object[] {num("2"), new byte[] {1}, new byte[] {'\'', '\\'}, null, null}));
        try (Connection c = DB.dataSource(db).getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT b, vb, bl, latin FROM bins ORDER BY id")) {
            rs.next();
            assertThat(rs.getBytes(1)).containsExactly(invalid);
            assertThat(rs.getBytes(2)).isEmpty();
            assertThat(rs.getBytes(3)).containsExactly(invalid);
            assertThat(rs.getString(4)).isEqualTo("éa");
            rs.next();
            assertThat(rs.getBytes(1)).containsExactly(1, 0, 0, 0); // BINARY pads with zero bytes
            assertThat(rs.getBytes(2)).containsExactly('\'', '\\');
            assertThat(rs.getBytes(3)).isNull();
        }
    }

    static SqlLiteral num(String text) {
        return new SqlLiteral(SqlLiteral.Kind.NUMBER, text);
    }

    private void write(String table, List<Object[]> rows) throws Exception {
        write(table, rows, TestTarget.config(ConflictStrategy.ERROR));
    }

    private void write(String table, List<Object[]> rows, dev.lightning4j.ImportConfig config) throws Exception {
        TargetTable t = TestTarget.table(db, table);
        List<TargetColumn> columns = t.columns();
        TestTarget.Rejects rejects = new TestTarget.Rejects(0);
        try (Backend backend = new LogicalBackendProvider().create(config); TableImporter importer = backend.openTable(t);
                ChunkWriter w = importer.openChunk(TestTarget.chunk(db, table), rejects)) {
            long offset = 0;
            for (Object[] r : rows) {
                w.write(new TargetRow(columns, r, offset += 100));
            }
            w.flush();
        }
        assertThat(rejects.rejected).isEmpty();
    }

    private List<List<Object>> read(String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = DB.dataSource(db).getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
