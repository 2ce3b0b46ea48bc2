package dev.lightning4j.logical;

import static dev.lightning4j.logical.LogicalValuesTest.num;
import static dev.lightning4j.logical.TestTarget.DB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetRow;
import dev.lightning4j.spi.TargetTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch that fails for a passing reason is retried and lands exactly once. The tables have no unique
 * key, so a batch written twice would show as twice the rows.
 */
class LogicalRetryTest {
    private static String db;

    @BeforeAll
    static void createDatabase() {
        db = DB.createDatabase("logical_retry");
    }

    @Test
    void lockWaitTimeoutIsRetriedUntilTheLockIsGone() throws Exception {
        assumeFalse(TestTarget.isTiDb(), "needs MariaDB/MySQL locking and engines");
        TestTarget.exec(db, "CREATE TABLE waits (k INT, v INT, KEY (k))");
        ImportConfig config = TestTarget.config(b -> b.target(DB.jdbcUrl() + "&sessionVariables=innodb_lock_wait_timeout=1",
                DB.user(), DB.password()));
        try (Connection holder = lockAllInserts("waits")) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> writeTenRows("waits", config));
            Thread.sleep(2_500); // at least two attempts time out on the lock meanwhile
            assertThat(writing).isNotDone();
            holder.rollback();
            writing.get(30, TimeUnit.SECONDS);
        }
        assertThat(TestTarget.count(db, "waits")).isEqualTo(10);
    }

    /** Both write paths: a killed INSERT and a killed LOAD DATA stream (its transaction rolls back). */
    @ParameterizedTest
    @ValueSource(strings = {"off", "on"})
    void aKilledConnectionIsReplacedAndTheBatchWrittenOnce(String loadData) throws Exception {
        assumeFalse(TestTarget.isTiDb(), "needs MariaDB/MySQL locking and engines");
        String table = "killed_" + loadData;
        TestTarget.exec(db, "CREATE TABLE " + table + " (k INT, v INT, KEY (k))");
        ImportConfig config = TestTarget.config(b -> b.onDuplicate(ConflictStrategy.ERROR).loadData(loadData));
        try (Connection holder = lockAllInserts(table)) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> writeTenRows(table, config));
            long writerId = waitForBlockedInsert(table);
            try (Connection admin = DB.connect(); Statement s = admin.createStatement()) {
                s.execute("KILL " + writerId);
            }
            Thread.sleep(300);
            holder.rollback(); // lets the retry on a fresh connection through
            writing.get(30, TimeUnit.SECONDS);
            assertThat(blockedInsert(table)).isEqualTo(-1);
        }
        assertThat(TestTarget.count(db, table)).isEqualTo(10);
    }

    /** A transaction holding a gap lock over the whole (empty) table: every insert waits for it. */
    private static Connection lockAllInserts(String table) throws Exception {
        Connection holder = DB.dataSource(db).getConnection();
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            s.executeQuery("SELECT * FROM `" + table + "` WHERE k BETWEEN -1000 AND 1000 FOR UPDATE").close();
        }
        return holder;
    }

    private static void writeTenRows(String table, ImportConfig config) {
        try {
            TargetTable t = TestTarget.table(db, table);
            try (Backend backend = new LogicalBackendProvider().create(config); TableImporter importer = backend.openTable(t);
                    ChunkWriter w = importer.openChunk(TestTarget.chunk(db, table), new TestTarget.Rejects(0))) {
                for (int i = 1; i <= 10; i++) {
                    w.write(new TargetRow(t.columns(), new Object[] {num(Integer.toString(i)), num("0")}, i));
                }
                w.flush();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long waitForBlockedInsert(String table) throws Exception {
        for (int i = 0; i < 200; i++) {
            long id = blockedInsert(table);
            if (id >= 0) {
                return id;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the insert never blocked on the lock");
    }

    private static long blockedInsert(String table) throws Exception {
        try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'INSERT INTO `" + db + "`.`" + table
                        + "`%' OR INFO LIKE 'LOAD DATA LOCAL INFILE % INTO TABLE `" + db + "`.`" + table + "` %'")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
