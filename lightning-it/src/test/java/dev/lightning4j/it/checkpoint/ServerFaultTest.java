package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportJob;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TableName;
import dev.lightning4j.it.ItDb;
import dev.lightning4j.testing.TestingRestartableMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The target server is restarted in the middle of an import: the import either rides it out with its
 * retries or stops with a clear error and a checkpoint, and a resume then completes it. Either way the tables end up exactly as a clean load of the same export (count and
 * {@code CHECKSUM TABLE}). Runs against a private server, because it is stopped and started.
 */
class ServerFaultTest {
    private static TestingRestartableMariaDb server;
    private static Map<String, List<Long>> reference;

    @TempDir
    static Path refDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServerAndLoadReference() {
        server = TestingRestartableMariaDb.start();
        String db = ItDb.SERVER.createDatabase("fault_ref");
        CheckpointData.write(refDir, db);
        ItDb.importer(refDir, db).run();
        reference = CheckpointData.fingerprint(db);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private ImportBuilder builder(Path source, String db, String driver) {
        String store = driver.equals("mysql") ? "ckp_" + db : dir.resolve(db + ".ckpt").toString();
        return CheckpointRuns.builder(server.jdbcUrl(), server.user(), server.password(), source, db, driver, store);
    }

    private String prepare(String name) throws Exception {
        String db = name;
        execute("CREATE DATABASE `" + db + "`");
        CheckpointData.write(Files.createDirectories(dir.resolve(db)), db);
        return db;
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "mysql"})
    void aServerRestartMidImportEndsWithExactlyTheSourceRows(String driver) throws Exception {
        String db = prepare("fault_restart_" + driver);
        Path source = dir.resolve(db);
        CountDownLatch firstChunk = new CountDownLatch(1);
        AtomicReference<Throwable> restartFailure = new AtomicReference<>();
        Thread restarter = new Thread(() -> {
            try {
                firstChunk.await();
                server.stop();
                Thread.sleep(1500);
                server.startAgain();
            } catch (Throwable t) {
                restartFailure.set(t);
            }
        }, "restarter");
        restarter.start();
        ImportException failure = null;
        ImportResult result = null;
        try (ImportJob job = builder(source, db, driver).listener(new ImportListener() {
            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                firstChunk.countDown();
            }
        }).start()) {
            result = job.await();
        } catch (ImportException e) {
            failure = e;
        }
        restarter.join(60_000);
        assertThat(restartFailure.get()).isNull();
        assertThat(server.running()).isTrue();
        if (failure != null) {
            // It gave up: the error must say what happened and that a resume is the way on.
            System.out.println("[fault] " + driver + ": the import stopped: " + failure.getMessage());
            // A lost target is not the table's fault: nothing is recorded against it, a plain resume goes on.
            assertThat(failure.code()).isEqualTo(ErrorCode.TARGET_UNREACHABLE);
            assertThat(failure.getMessage()).containsIgnoringCase("resume");
            result = builder(source, db, driver).run();
        } else {
            System.out.println("[fault] " + driver + ": the import rode out the restart");
        }
        assertThat(fingerprint(db)).isEqualTo(reference);
        assertThat(result.rows()).isEqualTo(reference.values().stream().mapToLong(l -> l.get(0)).sum());
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Count and CHECKSUM TABLE of each table, as {@link CheckpointData#fingerprint} on the shared server. */
    private static Map<String, List<Long>> fingerprint(String db) throws SQLException {
        Map<String, List<Long>> m = new LinkedHashMap<>();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String t : CheckpointData.TABLES) {
                String q = "`" + db + "`.`" + t + "`";
                long count;
                long checksum;
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + q)) {
                    rs.next();
                    count = rs.getLong(1);
                }
                try (ResultSet rs = s.executeQuery("CHECKSUM TABLE " + q)) {
                    rs.next();
                    checksum = rs.getLong(2);
                }
                m.put(t, List.of(count, checksum));
            }
        }
        return m;
    }
}
