package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.Checkpoints;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportJob;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TableName;
import dev.lightning4j.it.ItDb;
import dev.lightning4j.spi.TableCheckpoint;
import dev.lightning4j.testing.TestingRestartableMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: when the target dropped every connection for longer than the retries last, the import
 * said "resume the import when it is well", but its checkpoints had recorded the tables as failed, so the
 * resume was refused until --checkpoint-error-ignore. A lost target is not the table's fault; as in
 * Lightning (which keeps retryable errors out of its checkpoints), the error is TARGET_UNREACHABLE and a
 * plain resume completes the import exactly.
 */
class TargetLostResumeTest {
    @TempDir
    Path dir;

    @Test
    void aTargetLostLongerThanTheRetriesIsNotRecordedAsATableFailure() throws Exception {
        String refDb = ItDb.SERVER.createDatabase("lost_ref");
        Path refDir = Files.createDirectories(dir.resolve("ref"));
        CheckpointData.write(refDir, refDb);
        ItDb.importer(refDir, refDb).run();
        var reference = CheckpointData.fingerprint(refDb);

        try (TestingRestartableMariaDb server = TestingRestartableMariaDb.start()) {
            String db = "lost_target";
            Path source = Files.createDirectories(dir.resolve(db));
            CheckpointData.write(source, db);
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE `" + db + "`");
            }
            String store = dir.resolve("lost.ckpt").toString();
            ImportBuilder builder = CheckpointRuns.builder(server.jdbcUrl(), server.user(), server.password(), source,
                    db, "file", store);

            CountDownLatch firstChunk = new CountDownLatch(1);
            AtomicBoolean dropping = new AtomicBoolean(true);
            ImportException failure = null;
            try (Connection killer = server.connect(); Statement ks = killer.createStatement()) {
                Thread dropper = new Thread(() -> dropConnections(ks, firstChunk, dropping), "dropper");
                dropper.start();
                try (ImportJob job = builder.listener(new ImportListener() {
                    @Override
                    public void chunkFinished(TableName table, String file, long rows, long bytes) {
                        firstChunk.countDown();
                    }
                }).start()) {
                    job.await();
                } catch (ImportException e) {
                    failure = e;
                } finally {
                    dropping.set(false);
                    dropper.join(10_000);
                    ks.execute("UNLOCK TABLES");
                }
            }
            assertThat(failure).as("every write loses its connection for longer than the retries").isNotNull();
            assertThat(failure.code()).isEqualTo(ErrorCode.TARGET_UNREACHABLE);
            assertThat(failure.getMessage()).contains("gave up writing to").contains("resume the import");
            try (Checkpoints cp = builder.checkpoints()) {
                assertThat(cp.tables()).extracting(TableCheckpoint::status)
                        .doesNotContain(TableCheckpoint.Status.FAILED);
            }

            ImportResult resumed = CheckpointRuns.builder(server.jdbcUrl(), server.user(), server.password(), source,
                    db, "file", store).run();
            assertThat(fingerprint(server, db)).isEqualTo(reference);
            assertThat(resumed.rows()).isEqualTo(reference.values().stream().mapToLong(l -> l.get(0)).sum());
        }
    }

    /**
     * After the first chunk: a global read lock makes every INSERT or LOAD wait, and each waiting one's connection
     * is killed, so the writer sees its connection lost on every attempt, as with a target that went away.
     */
    private static void dropConnections(Statement ks, CountDownLatch firstChunk, AtomicBoolean dropping) {
        try {
            if (!firstChunk.await(60, TimeUnit.SECONDS)) {
                return;
            }
            ks.execute("FLUSH TABLES WITH READ LOCK");
            while (dropping.get()) {
                List<Long> victims = new ArrayList<>();
                try (ResultSet rs = ks.executeQuery("SELECT id FROM information_schema.processlist WHERE id <> "
                        + "CONNECTION_ID() AND (info LIKE 'INSERT%' OR info LIKE 'LOAD DATA%')")) {
                    while (rs.next()) {
                        victims.add(rs.getLong(1));
                    }
                }
                for (long id : victims) {
                    try {
                        ks.execute("KILL CONNECTION " + id);
                    } catch (SQLException gone) {
                        // it ended on its own
                    }
                }
                Thread.sleep(20);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.Map<String, List<Long>> fingerprint(TestingRestartableMariaDb server, String db)
            throws SQLException {
        try (Connection c = server.connect()) {
            return CheckpointData.fingerprint(c, db);
        }
    }
}
