package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportJob;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TableName;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The target server is restarted in the middle of an import: the import either rides it out with its
 * retries or stops with a clear error and a checkpoint, and a resume then completes it. With the file driver
 * a batch committed just as the server went down can come back as duplicates of itself (its reply was lost);
 * that stops the import, and clearing the failure and resuming must still end exact. Either way the tables end up exactly as a clean load of the same export (count and
 * {@code CHECKSUM TABLE}). Runs against a private server, because it is stopped and started.
 */
class ServerFaultTest extends PrivateServerFaultTest {

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
            if (driver.equals("file") && failure.code() == ErrorCode.TOO_MANY_ERRORS) {
                // The file driver's known window: the server committed a batch as it went down and the reply
                // was lost, so the retry met its own rows as duplicates. The checkpoint is still before that
                // batch, so clearing the failure and resuming replays it and recognises the rows as already
                // written: the end state must still be exact.
                assertThat(failure.getMessage()).contains("Duplicate entry");
                try (var cp = builder(source, db, driver).checkpoints()) {
                    cp.ignoreErrors("all");
                }
            } else {
                // A lost target is not the table's fault: nothing is recorded against it, a plain resume goes on.
                assertThat(failure.code()).as(failure.getMessage()).isEqualTo(ErrorCode.TARGET_UNREACHABLE);
                assertThat(failure.getMessage()).containsIgnoringCase("resume");
            }
            result = builder(source, db, driver).run();
        } else {
            System.out.println("[fault] " + driver + ": the import rode out the restart");
        }
        assertThat(fingerprint(db)).isEqualTo(reference);
        assertThat(result.rows()).isEqualTo(reference.values().stream().mapToLong(l -> l.get(0)).sum());
    }
}
