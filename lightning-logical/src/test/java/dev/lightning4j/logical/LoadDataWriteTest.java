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
        long[] loaded = new long[1];
        TestTarget.Rejects viaLoad = write("via_load", config(ConflictStrategy.ERROR, "on"), rows,
                w -> loaded[0] = ((LoadDataChunkWriter) w).loadedRows());
        // the first four rows; the others went through INSERT (MariaDB's JSON is LONGTEXT, taken as text)
        assertThat(loaded[0]).isEqualTo(4);
        assertThat(loadsBetween).isEqualTo(loadsBefore);
        assertThat(status("Com_load")).isGreaterThan(loadsBetween);
        assertThat(viaLoad.rejected).hasSize(2); // empty text into INT, NULL into NOT NULL
        assertThat(sameTable(viaLoad.rejected, "via_load")).isEqualTo(sameTable(viaInsert.rejected, "via_insert"));
        assertThat(checksum("via_load")).isEqualTo(checksum("via_insert"));
        assertThat(dump("via_load")).isEqualTo(dump("via_insert")).hasSize(rows.size() - 2);
    }

    /** Rows 1-4 hold values LOAD takes; each later row holds a value that must go through INSERT. */
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
            num("1.5e3"), controls.toString(), "tab\there\nnew\\N \\ \r\0end 😀 é 中", null, "a\\b",
            allBytes, allBytes, null, "b", "x,y", "2024", "2024-02-29", "2024-02-29 23:59:59.123456", "-838:59:59",
            null, "x", new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "TRUE")});
        // NULLs everywhere they are allowed, and the text \N
        rows.add(new Object[] {num("2"), null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, "\\N", null});
        // literal forms: signs, leading zeros, bare fractions, exponents; hex bytes with odd digit counts
        rows.add(new Object[] {num("3"), num("+0042"), num("007"), num("-.5"), num("-2.5E-3"), "", "", null, "",
            new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, "abc"), new SqlLiteral(SqlLiteral.Kind.HEX, "0"), null, "1", "",
            "0", "2024-01-01", "2024-01-01", "10:10:10",
            "{\"a\": [1, \"\\u00e9\"]}", "", new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "FALSE")});
        // Java value types other formats produce; empty byte strings
        rows.add(new Object[] {num("4"), 12L, new java.math.BigInteger("5"), new BigDecimal("1E+3"), num("2"), 42 + "",
            LocalDate.of(2020, 1, 2), null, "", new byte[0], new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, ""),
            null, "a", "y", "99", LocalDate.of(1999, 12, 31), LocalDateTime.of(2001, 2, 3, 4, 5, 6, 7000),
            "12:00", null, "v", Boolean.TRUE});
        // values that must go through INSERT, one kind per row
        Object[][] insertOnly = {
            {1, new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, "7f")}, // 0x7f is 127 in an INT
            {11, new SqlLiteral(SqlLiteral.Kind.BIT, "101010101010")},
            {4, 2.5d},
            {5, num("007")}, // the number 7 into a VARCHAR is '7'
            {6, num("1e2")}, // 100 into TEXT
            {7, "café"}, // latin1 column
            {5, new byte[] {'o', 'k'}}, // bytes into text
            {12, num("1")}, // the first ENUM member
            {14, num("0")}, // YEAR 0000 from a number, 2000 from text
            {15, num("20240101")},
            {3, num("1e2")}, // exponent into DECIMAL
            {1, num("1.5")}, // fraction into INT
            {4, num("-0")}, // the number -0 is 0; the text '-0' is a DOUBLE -0.0
            {4, num("-0.0e0")},
            {3, num("-0.00")},
            {1, ""}, // empty text into INT is an error under INSERT
            {19, null}, // NULL into NOT NULL
            {17, num("101010")}, // a number into TIME
        };
        int id = 10;
        for (Object[] v : insertOnly) {
            Object[] row = new Object[21];
            row[0] = num(Integer.toString(id++));
            row[19] = "r";
            row[(Integer) v[0]] = v[1];
            rows.add(row);
        }
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
        assertThat(sameTable(viaLoad.rejected, load)).isEqualTo(sameTable(viaInsert.rejected, insert));
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

    /**
     * With checkpoints, every saved position covers exactly the rows committed (or reported as rejected) at
     * that moment, whether the position is written in the stream's transaction or reported after its commit,
     * through whole LOAD streams, streams that fell back to INSERT and rows that only INSERT takes.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void checkpointPositionsCoverExactlyTheCommittedRows(boolean transactional) throws Exception {
        assumeFalse(TestTarget.isTiDb(), "TiDB writes with INSERT");
        String table = "progress_" + (transactional ? "tx" : "after");
        TestTarget.exec(db, "CREATE TABLE " + table + " (id INT PRIMARY KEY, n INT, s VARCHAR(5))");
        TargetTable t = TestTarget.table(db, table);
        TestTarget.Rejects rejects = new TestTarget.Rejects(100);
        long[] given = new long[1];
        List<String> mismatches = new ArrayList<>();
        int[] saves = new int[2];
        dev.lightning4j.spi.ChunkProgress progress = new dev.lightning4j.spi.ChunkProgress() {
            private boolean recorded;

            @Override
            public boolean transactional() {
                return transactional;
            }

            @Override
            public void record(Connection c, int rejected) throws java.sql.SQLException {
                // in the transaction: its own rows are visible, and must be all the rows given so far
                check(countOn(c, table) + rejects.rejected.size() + rejected, "recorded");
                recorded = true;
                saves[0]++;
            }

            @Override
            public void committed() {
                if (!recorded) {
                    try {
                        check(TestTarget.count(db, table) + rejects.rejected.size(), "committed");
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
                recorded = false;
                saves[1]++;
            }

            private void check(long covered, String how) {
                if (covered != given[0]) {
                    mismatches.add(how + " with " + given[0] + " rows given but " + covered + " on the target");
                }
            }
        };
        long loadsBefore = status("Com_load");
        ImportConfig config = config(b -> b.loadData("on").batchRows(25));
        try (Backend backend = new LogicalBackendProvider().create(config); TableImporter importer = backend.openTable(t);
                ChunkWriter w = importer.openChunk(TestTarget.chunk(db, table), rejects, progress)) {
            for (int id = 1; id <= 200; id++) {
                Object n = id == 37 ? "abc" : id % 40 == 0 ? num("1.5") : num(Integer.toString(id));
                Object s = id == 150 ? "too long" : "s" + id;
                given[0] = id - 1;
                w.write(new TargetRow(t.columns(), new Object[] {num(Integer.toString(id)), n, s}, id * 100L));
            }
            given[0] = 200;
            w.flush();
            assertThat(w).isInstanceOf(LoadDataChunkWriter.class);
            assertThat(((LoadDataChunkWriter) w).fallbacks()).as("streams that fell back to INSERT").isEqualTo(2);
        }
        assertThat(mismatches).isEmpty();
        assertThat(status("Com_load") - loadsBefore).isGreaterThanOrEqualTo(6);
        assertThat(saves[0]).isEqualTo(transactional ? saves[1] : 0);
        assertThat(saves[1]).isGreaterThanOrEqualTo(8);
        assertThat(rejects.rejected).extracting(TestTarget.Reject::offset).containsExactly(3700L, 15000L);
        assertThat(TestTarget.count(db, table)).isEqualTo(198);
        // the fraction row went through INSERT, which rounds it as the server does
        assertThat(dump(table)).contains("3430|32|733430");
    }

    private static long countOn(Connection c, String table) throws java.sql.SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + db + "`.`" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        }
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

    /** Rejects with the table name taken out of the server's message, to compare two tables' reports. */
    private static List<TestTarget.Reject> sameTable(List<TestTarget.Reject> rejects, String table) {
        return rejects.stream().map(r -> new TestTarget.Reject(r.kind(), r.offset(), r.reason().replace(table, "T"),
                r.row())).toList();
    }

    private static ImportConfig config(ConflictStrategy strategy, String loadData) {
        return config(b -> b.onDuplicate(strategy).loadData(loadData));
    }

    private static ImportConfig config(java.util.function.UnaryOperator<dev.lightning4j.ImportBuilder> settings) {
        return TestTarget.config(settings);
    }

    /** Writes rows with offsets 0, 100, 200, ... through one chunk writer. */
    private static TestTarget.Rejects write(String table, ImportConfig config, List<Object[]> rows) throws Exception {
        return write(table, config, rows, w -> { });
    }

    private static TestTarget.Rejects write(String table, ImportConfig config, List<Object[]> rows,
            java.util.function.Consumer<ChunkWriter> after) throws Exception {
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
            after.accept(w);
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
