package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportJob;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TableName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Statements that keep timing out (a lock held by another session for longer than all retries): the import
 * stops at once with a clear error and a checkpoint, and a resume completes it. Either way the tables end up exactly as a clean load of the same export (count and
 * {@code CHECKSUM TABLE}). Runs against a private server, because it changes a global setting.
 */
class StatementTimeoutTest extends PrivateServerFaultTest {

    /**
     * Another session holds locks the import's inserts wait for, longer than all its retries: the import
     * stops with a clear error naming the lock wait; once the lock is gone and the recorded failure is cleared
     * (--checkpoint-error-ignore), a resume completes it exactly.
     *
     * <p>Also the regression test of "a failed chunk let the chunks queued behind it start": the import stopped
     * only when its table thread reached the failed chunk's future, so another chunk started meanwhile and
     * spent a second full retry budget (about 19 s here: 8 lock waits of 1 s plus 11.3 s of back-off) before
     * the import gave up. Now the first failure stops it, so it ends within one budget.
     */
    @Test
    void statementsThatKeepTimingOutStopTheImportResumably() throws Exception {
        String db = prepare("fault_lock");
        Path source = dir.resolve(db);
        execute("SET GLOBAL innodb_lock_wait_timeout = 1");
        CountDownLatch firstChunk = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong lockedAt = new java.util.concurrent.atomic.AtomicLong();
        ImportException failure = null;
        try (Connection locker = server.connect(); Statement lockSt = locker.createStatement()) {
            try (ImportJob job = builder(source, db, "file").listener(new ImportListener() {
                @Override
                public void chunkFinished(TableName table, String file, long rows, long bytes) {
                    if (firstChunk.getCount() > 0 && table.table().equals("keyed")) {
                        firstChunk.countDown();
                        // Next-key locks up to the supremum: every later insert into `keyed` waits for them.
                        try {
                            lockSt.execute("BEGIN");
                            lockSt.executeQuery("SELECT id FROM `" + db + "`.`keyed` WHERE id >= 0 FOR UPDATE")
                                    .close();
                            lockedAt.set(System.nanoTime());
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }).start()) {
                job.await();
            } catch (ImportException e) {
                failure = e;
            }
            long stoppedAfterLockMillis = (System.nanoTime() - lockedAt.get()) / 1_000_000;
            System.out.println("[fault] lock: stopped " + stoppedAfterLockMillis + " ms after the lock was taken");
            assertThat(firstChunk.getCount()).isZero();
            // One retry budget is ~19.3 s; two (the old behaviour) ~38.6 s.
            assertThat(stoppedAfterLockMillis).isLessThan(30_000);
            assertThat(failure).as("the import cannot pass the lock").isNotNull();
            System.out.println("[fault] lock: the import stopped: " + failure.getMessage());
            assertThat(failure.code()).isEqualTo(ErrorCode.TARGET_WRITE);
            assertThat(failure.getMessage()).contains("keyed").contains("Lock wait timeout")
                    .contains("--checkpoint-error-ignore");
            lockSt.execute("ROLLBACK");
        } finally {
            execute("SET GLOBAL innodb_lock_wait_timeout = 50");
        }
        // As in Lightning, the table is recorded as failed: a resume names it until the failure is cleared.
        try (var cp = builder(source, db, "file").checkpoints()) {
            assertThat(cp.ignoreErrors("all")).extracting(TableName::table).containsExactly("keyed");
        }
        ImportResult resumed = builder(source, db, "file").run();
        assertThat(fingerprint(db)).isEqualTo(reference);
        assertThat(resumed.rows()).isEqualTo(reference.values().stream().mapToLong(l -> l.get(0)).sum());
    }
}
