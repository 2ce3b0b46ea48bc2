package dev.lightning4j.logical;

import static dev.lightning4j.logical.LogicalValuesTest.num;
import static dev.lightning4j.logical.TestTarget.DB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.RowError;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.SqlLiteral;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetRow;
import dev.lightning4j.spi.TargetTable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The LOAD DATA LOCAL path stores exactly what the INSERT path stores, keeps its conflict semantics and
 * error reports, and steps aside when the server or the connection refuses local files.
 */
class LoadDataWriteTest {
    private static final String ALL_TYPES = " (id INT PRIMARY KEY, i INT, bi BIGINT UNSIGNED, d DECIMAL(30,10),"
            + " f DOUBLE, vc VARCHAR(200), tx TEXT, l1 VARCHAR(50) CHARACTER SET latin1, ch CHAR(10),"
            + " vb VARBINARY(300), bl BLOB, bt BIT(12), e ENUM('a','b','1'), st SET('x','y'), y YEAR,"
            + " dt DATE, dtm DATETIME(6), tm TIME, j JSON, nn VARCHAR(10) NOT NULL DEFAULT 'dflt', flag BOOLEAN)";

    private static String db;

    @BeforeAll
    static void createDatabase() {
        db = DB.createDatabase("load_data");
    }

    @Test
    void everyValueKindStoresTheSameAsInsert() throws Exception {
        assumeFalse(TestTarget.isTiDb(), "TiDB writes with INSERT");
        TestTarget.exec(db, "CREATE TABLE via_insert" + ALL_TYPES, "CREATE TABLE via_load" + ALL_TYPES);
        List<Object[]> rows = valueRows();
        long loadsBefore = status("Com_load");
        TestTarget.Rejects viaInsert = write("via_insert", config(ConflictStrategy.ERROR, "off"), rows);
        long loadsBetween = status("Com_load");
        TestTarget.Rejects viaLoad = write("via_load", config(ConflictStrategy.ERROR, "on"), rows);
        assertThat(loadsBetween).isEqualTo(loadsBefore);
        assertThat(status("Com_load")).isGreaterThan(loadsBetween);
        assertThat(viaLoad.rejected).isEqualTo(viaInsert.rejected);
        assertThat(checksum("via_load")).isEqualTo(checksum("via_insert"));
        assertThat(dump("via_load")).isEqualTo(dump("via_insert")).hasSize(rows.size());
    }

    private static List<Object[]> valueRows() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            controls.append(c);
        }
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        List<Object[]> rows = new ArrayList<>();
        // text with every ASCII character, the escape and separators, 4-byte UTF-8, a literal \N
        rows.add(new Object[] {num("1"), num("-7"), num("18446744073709551615"), num("12345678901234567890.0123456789"),
            num("1.5e3"), controls.toString(), "tab\there\nnew\\N \\ \r\0end 😀 é 中", "café", "a\\b",
            allBytes, allBytes, new SqlLiteral(SqlLiteral.Kind.BIT, "101010101010"), "b", "x,y", num("2024"),
            "2024-02-29", "2024-02-29 23:59:59.123456", "-838:59:59", "{\"a\": [1, \"\\u00e9\"]}", "x",
            new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "TRUE")});
        // NULLs everywhere they are allowed; NULL into NOT NULL goes to INSERT, which rejects it
        rows.add(new Object[] {num("2"), null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, "\\N", null});
        // the literal forms: 0x.. is a number in INT and bytes in VARBINARY; X'..' bytes; odd digit counts
        rows.add(new Object[] {num("3"), new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, "7f"), num("+0042"),
            num("-.5"), num("-2.5E-3"), num("007"), num("1e2"), "", "", new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, "abc"),
            new SqlLiteral(SqlLiteral.Kind.HEX, "0"), new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, "3"), num("1"), "",
            num("0"), num("20240101"), "2024-01-01", num("101010"), "[]", "", new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "FALSE")});
        // Java value types other formats produce, empty byte arrays, empty strings into strings
        rows.add(new Object[] {num("4"), 12L, new java.math.BigInteger("5"), new BigDecimal("1E+3"), 2.5d, 42,
            LocalDate.of(2020, 1, 2), "plain", "", new byte[0], new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, ""),
            null, "1", "y", "99", LocalDate.of(1999, 12, 31), LocalDateTime.of(2001, 2, 3, 4, 5, 6, 7000),
            "12:00", "{}", "v", Boolean.TRUE});
        // bytes that are not UTF-8 into text columns go through INSERT, which decides
        rows.add(new Object[] {num("5"), "12", "13", "1.25", "2.5", new byte[] {'o', 'k'}, new byte[] {'h', 'i'},
            "plain", "x", "text into varbinary", "text into blob", null, "a", "x", "1999", "1999-01-01",
            "1999-01-01 00:00:00", "01:02:03", "{\"n\": null}", "w", num("1")});
        return rows;
    }

    @ParameterizedTest
    @EnumSource(ConflictStrategy.class)
    void conflictsBehaveAsWithInsert(ConflictStrategy strategy) throws Exception {
        assumeFalse(TestTarget.isTiDb(), "TiDB writes with INSERT");
        String insert = "conflict_" + strategy.name().toLowerCase() + "_insert";
        String load = "conflict_" + strategy.name().toLowerCase() + "_load";
        for (String t : List.of(insert, load)) {
            TestTarget.exec(db, "CREATE TABLE " + t + " (id INT PRIMARY KEY, v VARCHAR(10))",
                    "INSERT INTO " + t + " VALUES (2, 'old'), (4, 'old')");
        }
        List<Object[]> rows = new ArrayList<>();
        for (int id : new int[] {1, 2, 3, 4, 5, 5}) {
            rows.add(new Object[] {num(Integer.toString(id)), "new" + id + "." + rows.size()});
        }
        TestTarget.Rejects viaInsert = write(insert, config(strategy, "off"), rows);
        TestTarget.Rejects viaLoad = write(load, config(strategy, "on"), rows);
        assertThat(viaLoad.rejected).isEqualTo(viaInsert.rejected);
        if (strategy == ConflictStrategy.ERROR) {
            assertThat(viaLoad.rejected).extracting(TestTarget.Reject::kind).containsOnly(RowError.Kind.CONFLICT);
            assertThat(viaLoad.rejected).extracting(TestTarget.Reject::offset).containsExactly(100L, 300L, 500L);
        } else {
            assertThat(viaLoad.rejected).isEmpty();
        }
        assertThat(dump(load)).isEqualTo(dump(insert));
    }

    @Test
    void badRowsAreIsolatedWithTheirOffsetsAndTheRestLoadedOnce() throws Exception {
        TestTarget.exec(db, "CREATE TABLE bad (id INT PRIMARY KEY, n INT, s VARCHAR(5))");
        List<Object[]> rows = new ArrayList<>();
        for (int id = 1; id <= 200; id++) {
            Object n = id == 37 ? "abc" : num(Integer.toString(id));
            Object s = id == 150 ? "too long" : "s" + id;
            rows.add(new Object[] {num(Integer.toString(id)), n, s});
        }
        long loadsBefore = status("Com_load");
        TestTarget.Rejects rejects = write("bad", config(ConflictStrategy.ERROR, "on"), rows);
        assertThat(status("Com_load")).isGreaterThan(loadsBefore);
        assertThat(rejects.rejected).extracting(TestTarget.Reject::kind)
                .containsExactly(RowError.Kind.TYPE, RowError.Kind.TYPE);
        assertThat(rejects.rejected).extracting(TestTarget.Reject::offset).containsExactly(3600L, 14900L);
        assertThat(rejects.rejected.get(0).row()).isEqualTo("(37,'abc','s37')");
        assertThat(TestTarget.count(db, "bad")).isEqualTo(198);
        assertThat(dump("bad")).doesNotContain("37|abc|s37");
    }

    @Test
    void streamsAreCutBySize() throws Exception {
        TestTarget.exec(db, "CREATE TABLE sized (id INT PRIMARY KEY, v VARCHAR(100))");
        List<Object[]> rows = new ArrayList<>();
        for (int id = 1; id <= 1000; id++) {
            rows.add(new Object[] {num(Integer.toString(id)), "x".repeat(95)});
        }
        long before = status("Com_load");
        write("sized", config(b -> b.loadData("on").option(LoadDataMode.BATCH_BYTES_OPTION, "10240")), rows);
        // about 100 bytes a line: 10 KiB streams hold about 103 rows each
        assertThat(status("Com_load") - before).isBetween(9L, 11L);
        assertThat(TestTarget.count(db, "sized")).isEqualTo(1000);
    }

    @Test
    void aConnectionThatRefusesLocalFilesWritesWithInsert() throws Exception {
        ImportConfig auto = config(b -> b.target(DB.jdbcUrl() + "&allowLoadLocalInfile=false", DB.user(),
                DB.password()));
        try (LogicalBackend backend = new LogicalBackend(auto)) {
            assertThat(backend.loadData()).isFalse();
        }
        ImportConfig on = config(b -> b.loadData("on").target(DB.jdbcUrl() + "&allowLoadLocalInfile=false",
                DB.user(), DB.password()));
        assertThatThrownBy(() -> new LogicalBackend(on)).isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_OPTION))
                .hasMessageContaining("allowLoadLocalInfile");
    }

    @Test
    void aServerThatRefusesLocalFilesGetsInserts() throws Exception {
        assumeFalse(TestTarget.isTiDb(), "changes a global of the shared server");
        TestTarget.exec(db, "CREATE TABLE refused (id INT PRIMARY KEY, v VARCHAR(10))");
        TestTarget.exec(db, "SET GLOBAL local_infile = 0");
        try {
            long loads = status("Com_load");
            long inserts = status("Com_insert");
            TestTarget.Rejects rejects = write("refused", config(ConflictStrategy.ERROR, "auto"),
                    List.of(new Object[] {num("1"), "a"}, new Object[] {num("2"), "b"}));
            assertThat(rejects.rejected).isEmpty();
            assertThat(status("Com_load")).isEqualTo(loads);
            assertThat(status("Com_insert")).isGreaterThan(inserts);
            assertThatThrownBy(() -> new LogicalBackend(config(ConflictStrategy.ERROR, "on")))
                    .isInstanceOf(ImportException.class).hasMessageContaining("local_infile=OFF");
        } finally {
            TestTarget.exec(db, "SET GLOBAL local_infile = 1");
        }
        assertThat(TestTarget.count(db, "refused")).isEqualTo(2);
    }

    @Test
    void aBadModeIsAnInvalidOption() {
        assertThatThrownBy(() -> new LogicalBackend(config(ConflictStrategy.ERROR, "sometimes")))
                .isInstanceOf(ImportException.class).hasMessageContaining("logical-load-data must be auto, on or off");
    }

    private static ImportConfig config(ConflictStrategy strategy, String loadData) {
        return config(b -> b.onDuplicate(strategy).loadData(loadData));
    }

    private static ImportConfig config(java.util.function.UnaryOperator<dev.lightning4j.ImportBuilder> settings) {
        return TestTarget.config(settings);
    }

    /** Writes rows with offsets 0, 100, 200, ... through one chunk writer. */
    private static TestTarget.Rejects write(String table, ImportConfig config, List<Object[]> rows) throws Exception {
        TargetTable t = TestTarget.table(db, table);
        TestTarget.Rejects rejects = new TestTarget.Rejects(100);
        try (Backend backend = new LogicalBackendProvider().create(config); TableImporter importer = backend.openTable(t);
                ChunkWriter w = importer.openChunk(TestTarget.chunk(db, table), rejects)) {
            long offset = 0;
            for (Object[] r : rows) {
                w.write(new TargetRow(t.columns(), r, offset));
                offset += 100;
            }
            w.flush();
        }
        return rejects;
    }

    private static long checksum(String table) throws Exception {
        try (Connection c = DB.dataSource(db).getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("CHECKSUM TABLE `" + table + "`")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** Every column of every row as text, binary columns in hex. */
    private static List<String> dump(String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DB.dataSource(db).getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "` ORDER BY 1")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    byte[] b = rs.getBytes(i);
                    sb.append(i > 1 ? "|" : "").append(b == null ? "NULL" : java.util.HexFormat.of().formatHex(b));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    private static long status(String name) throws Exception {
        try (Connection c = DB.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            rs.next();
            return rs.getLong(2);
        }
    }
}
