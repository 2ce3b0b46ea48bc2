package dev.lightning4j.logical;

import static dev.lightning4j.logical.LogicalValuesTest.num;
import static dev.lightning4j.logical.TestTarget.DB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.RowError;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.ChunkWriter;
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

/** Statements per conflict strategy, batch boundaries, and isolation of bad rows. */
class LogicalWriteTest {
    private static String db;

    @BeforeAll
    static void createDatabase() {
        db = DB.createDatabase("logical_write");
    }

    @Test
    void errorStrategyRejectsDuplicatesAsConflictsAndWritesTheRest() throws Exception {
        TestTarget.exec(db, "CREATE TABLE dup_error (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO dup_error VALUES (2, 'old'), (4, 'old')");
        TestTarget.Rejects rejects = write("dup_error", TestTarget.config(ConflictStrategy.ERROR), 100,
                rows(1, 2, 3, 4, 5));
        assertThat(rejects.rejected).extracting(TestTarget.Reject::kind).containsOnly(RowError.Kind.CONFLICT);
        assertThat(rejects.rejected).extracting(TestTarget.Reject::offset).containsExactly(200L, 400L);
        assertThat(rejects.rejected.get(0).reason()).contains("Duplicate entry '2'");
        assertThat(rejects.rejected.get(0).row()).isEqualTo("(2,'new2')");
        assertThat(values("dup_error")).containsExactly("1=new1", "2=old", "3=new3", "4=old", "5=new5");
    }

    @Test
    void replaceStrategyOverwritesExistingRows() throws Exception {
        TestTarget.exec(db, "CREATE TABLE dup_replace (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO dup_replace VALUES (2, 'old'), (4, 'old')");
        TestTarget.Rejects rejects = write("dup_replace", TestTarget.config(ConflictStrategy.REPLACE), 100,
                rows(1, 2, 3, 4, 5));
        assertThat(rejects.rejected).isEmpty();
        assertThat(values("dup_replace")).containsExactly("1=new1", "2=new2", "3=new3", "4=new4", "5=new5");
    }

    @Test
    void ignoreStrategyKeepsExistingRows() throws Exception {
        TestTarget.exec(db, "CREATE TABLE dup_ignore (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO dup_ignore VALUES (2, 'old'), (4, 'old')");
        TestTarget.Rejects rejects = write("dup_ignore", TestTarget.config(ConflictStrategy.IGNORE), 100,
                rows(1, 2, 3, 4, 5));
        assertThat(rejects.rejected).isEmpty();
        assertThat(values("dup_ignore")).containsExactly("1=new1", "2=old", "3=new3", "4=old", "5=new5");
    }

    @Test
    void batchesAreCutByRowCount() throws Exception {
        TestTarget.exec(db, "CREATE TABLE by_rows (id INT PRIMARY KEY, v VARCHAR(10))");
        long before = comInsert();
        write("by_rows", TestTarget.config(b -> b.batchRows(10).loadData("off")), 100, rows(range(1, 95)));
        assertThat(comInsert() - before).isEqualTo(10);
        assertThat(TestTarget.count(db, "by_rows")).isEqualTo(95);
    }

    @Test
    void batchesAreCutByStatementBytes() throws Exception {
        TestTarget.exec(db, "CREATE TABLE by_bytes (id INT PRIMARY KEY, v VARCHAR(2000))");
        String header = "INSERT INTO `" + db + "`.`by_bytes` (`id`,`v`) VALUES ";
        // each tuple is "(n,'<1000 x é>')": 2000 bytes of text plus up to 8 of syntax
        String text = "é".repeat(1000);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            rows.add(new Object[] {num(Integer.toString(i)), text});
        }
        // room for 4 tuples and their commas with 1000 bytes to spare: a 5th tuple (2008 bytes) does not fit,
        // although 5 tuples would fit if characters were counted instead of bytes
        long limit = header.length() + 4 * 2008 + 3 + 1000;
        long before = comInsert();
        write("by_bytes", TestTarget.config(b -> b.batchBytes(limit).loadData("off")), 1, rows);
        assertThat(comInsert() - before).isEqualTo(10);
        assertThat(TestTarget.count(db, "by_bytes")).isEqualTo(40);
    }

    @Test
    void aRowLargerThanTheByteCapIsWrittenAlone() throws Exception {
        TestTarget.exec(db, "CREATE TABLE huge (id INT PRIMARY KEY, v LONGTEXT)");
        long before = comInsert();
        write("huge", TestTarget.config(b -> b.batchBytes(1024).loadData("off")), 1,
                List.<Object[]>of(new Object[] {num("1"), "x".repeat(5000)}, new Object[] {num("2"), "y"}));
        assertThat(comInsert() - before).isEqualTo(2);
        assertThat(TestTarget.count(db, "huge")).isEqualTo(2);
    }

    @Test
    void aNewColumnListStartsANewBatch() throws Exception {
        TestTarget.exec(db, "CREATE TABLE cols (id INT PRIMARY KEY, a INT, b INT)");
        TargetTable t = TestTarget.table(db, "cols");
        List<TargetColumn> idA = List.of(t.columns().get(0), t.columns().get(1));
        List<TargetColumn> idB = List.of(t.columns().get(0), t.columns().get(2));
        long before = comInsert();
        try (Backend backend = new LogicalBackendProvider().create(TestTarget.config(b -> b.loadData("off")));
                TableImporter importer = backend.openTable(t);
                ChunkWriter w = importer.openChunk(TestTarget.chunk(db, "cols"), new TestTarget.Rejects(0))) {
            w.write(new TargetRow(idA, new Object[] {num("1"), num("10")}, 1));
            w.write(new TargetRow(idA, new Object[] {num("2"), num("20")}, 2));
            w.write(new TargetRow(idB, new Object[] {num("3"), num("30")}, 3));
            w.write(new TargetRow(idA, new Object[] {num("4"), num("40")}, 4));
            w.flush();
        }
        assertThat(comInsert() - before).isEqualTo(3);
        assertThat(query("SELECT CONCAT_WS(':', id, IFNULL(a, '-'), IFNULL(b, '-')) FROM cols ORDER BY id"))
                .containsExactly("1:10:-", "2:20:-", "3:-:30", "4:40:-");
    }

    @Test
    void badRowsOfALargeBatchAreIsolatedAndTheRestWrittenOnce() throws Exception {
        TestTarget.exec(db, "CREATE TABLE bad (id INT PRIMARY KEY, n TINYINT, d DATE, s VARCHAR(5))");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Object n = num(Integer.toString(i % 100));
            Object d = "2024-01-01";
            Object s = "ok";
            if (i == 17) {
                n = num("300"); // out of range for TINYINT
            } else if (i == 500) {
                d = "2024-02-30"; // no such date
            } else if (i == 999) {
                s = "too long"; // over VARCHAR(5)
            }
            rows.add(new Object[] {num(Integer.toString(i)), n, d, s});
        }
        long before = comInsert();
        TestTarget.Rejects rejects = write("bad", TestTarget.config(ConflictStrategy.ERROR), 10, rows);
        long statements = comInsert() - before;

        assertThat(TestTarget.count(db, "bad")).isEqualTo(997);
        assertThat(query("SELECT COUNT(DISTINCT id) FROM bad")).containsExactly("997");
        assertThat(query("SELECT id FROM bad WHERE id IN (17, 500, 999)")).isEmpty();
        assertThat(rejects.rejected).extracting(TestTarget.Reject::offset).containsExactly(170L, 5000L, 9990L);
        assertThat(rejects.rejected).extracting(TestTarget.Reject::kind).containsOnly(RowError.Kind.TYPE);
        assertThat(rejects.rejected.get(0).reason()).containsIgnoringCase("out of range").contains("'n'");
        assertThat(rejects.rejected.get(1).reason()).containsIgnoringCase("incorrect date value");
        assertThat(rejects.rejected.get(2).reason()).containsIgnoringCase("too long").contains("'s'");
        assertThat(rejects.rejected.get(2).row()).isEqualTo("(999,99,'2024-01-01','too long')");
        // halving: about 2*log2(1000) statements per bad row, far fewer than replaying 1000 rows one by one
        assertThat(statements).isLessThan(100);
    }

    @Test
    void exceedingTheErrorBudgetStopsTheWriter() throws Exception {
        TestTarget.exec(db, "CREATE TABLE budget (id INT PRIMARY KEY, n TINYINT)");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(new Object[] {num(Integer.toString(i)), num(i % 10 == 5 ? "1000" : "1")});
        }
        TestTarget.Rejects rejects = new TestTarget.Rejects(2);
        TargetTable t = TestTarget.table(db, "budget");
        try (Backend backend = new LogicalBackendProvider().create(TestTarget.config(ConflictStrategy.ERROR));
                TableImporter importer = backend.openTable(t);
                ChunkWriter w = importer.openChunk(TestTarget.chunk(db, "budget"), rejects)) {
            for (int i = 0; i < rows.size(); i++) {
                w.write(new TargetRow(t.columns(), rows.get(i), i));
            }
            assertThatThrownBy(w::flush).isInstanceOfSatisfying(ImportException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ERRORS));
            assertThatThrownBy(() -> w.write(new TargetRow(t.columns(), rows.get(0), 0)))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(rejects.rejected).hasSize(3);
    }

    @Test
    void wrongValueCountIsAColumnCountRowError() throws Exception {
        TestTarget.exec(db, "CREATE TABLE width (id INT PRIMARY KEY, a INT)");
        TestTarget.Rejects rejects = write("width", TestTarget.config(ConflictStrategy.ERROR), 1,
                List.of(new Object[] {num("1"), num("1")}, new Object[] {num("2")}, new Object[] {num("3"), num("3")}));
        assertThat(rejects.rejected).extracting(TestTarget.Reject::kind).containsExactly(RowError.Kind.COLUMN_COUNT);
        assertThat(TestTarget.count(db, "width")).isEqualTo(2);
    }

    @Test
    void aMissingTableIsAClearWriteError() throws Exception {
        TestTarget.exec(db, "CREATE TABLE gone (id INT PRIMARY KEY)");
        TargetTable t = TestTarget.table(db, "gone");
        TestTarget.exec(db, "DROP TABLE gone");
        try (Backend backend = new LogicalBackendProvider().create(TestTarget.config(ConflictStrategy.ERROR));
                TableImporter importer = backend.openTable(t);
                ChunkWriter w = importer.openChunk(TestTarget.chunk(db, "gone"), new TestTarget.Rejects(0))) {
            w.write(new TargetRow(t.columns(), new Object[] {num("1")}, 42));
            assertThatThrownBy(w::flush).isInstanceOfSatisfying(ImportException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TARGET_WRITE);
                assertThat(e.offset()).isEqualTo(42);
                assertThat(e.table()).isEqualTo(db + ".gone");
                assertThat(e.file()).isEqualTo(db + ".gone.000000000.sql");
                assertThat(e.getMessage()).contains("doesn't exist").contains("create it");
            });
        }
    }

    @Test
    void nonTransactionalTablesGetOneRowPerStatement() throws Exception {
        assumeFalse(TestTarget.isTiDb(), "needs MariaDB/MySQL locking and engines");
        TestTarget.exec(db, "CREATE TABLE myisam (id INT PRIMARY KEY, n TINYINT) ENGINE=MyISAM");
        TestTarget.Rejects rejects = write("myisam", TestTarget.config(ConflictStrategy.ERROR), 1,
                List.of(new Object[] {num("1"), num("1")}, new Object[] {num("2"), num("999")},
                        new Object[] {num("3"), num("3")}));
        // in a multi-row statement MyISAM would keep row 1 and clip row 2's value instead of refusing it
        assertThat(rejects.rejected).extracting(TestTarget.Reject::offset).containsExactly(2L);
        assertThat(query("SELECT CONCAT(id, '=', n) FROM myisam ORDER BY id")).containsExactly("1=1", "3=3");
    }

    static List<Object[]> rows(int... ids) {
        List<Object[]> out = new ArrayList<>();
        for (int id : ids) {
            out.add(new Object[] {num(Integer.toString(id)), "new" + id});
        }
        return out;
    }

    static int[] range(int from, int to) {
        int[] ids = new int[to - from + 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = from + i;
        }
        return ids;
    }

    /** Writes rows at offsets {@code (index+1) * step}... for the first row: 0-based index times step. */
    private static TestTarget.Rejects write(String table, ImportConfig config, long step, List<Object[]> rows)
            throws Exception {
        TargetTable t = TestTarget.table(db, table);
        TestTarget.Rejects rejects = new TestTarget.Rejects(100);
        try (Backend backend = new LogicalBackendProvider().create(config); TableImporter importer = backend.openTable(t);
                ChunkWriter w = importer.openChunk(TestTarget.chunk(db, table), rejects)) {
            for (int i = 0; i < rows.size(); i++) {
                long id = rows.get(i)[0] instanceof dev.lightning4j.spi.SqlLiteral l ? Long.parseLong(l.text()) : i;
                w.write(new TargetRow(t.columns(), rows.get(i), id * step));
            }
            w.flush();
        }
        return rejects;
    }

    private static List<String> values(String table) throws Exception {
        return query("SELECT CONCAT(id, '=', v) FROM `" + table + "` ORDER BY id");
    }

    private static List<String> query(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DB.dataSource(db).getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Statements of the INSERT family the server ran; tests in this JVM run one at a time. */
    private static long comInsert() throws Exception {
        long n = 0;
        try (Connection c = DB.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_insert', 'Com_replace')")) {
            while (rs.next()) {
                n += rs.getLong(2);
            }
        }
        return n;
    }
}
