package dev.lightning4j.logical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.TargetFailures;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one statement per batch on the connection a chunk writer holds, retrying what is worth retrying.
 *
 * <p>Each statement runs in autocommit, so it is its own transaction: on a transactional engine (InnoDB,
 * TiDB) a statement that fails wrote nothing, and retrying it or splitting its rows cannot write a row
 * twice. A connection lost after the server committed but before its answer arrived is the one case where
 * a retry can write a batch twice; with a primary key the repeat is caught as a duplicate (or is harmless
 * under replace and ignore). With a checkpoint written in the batch's transaction ({@link #inTransaction})
 * that case is decided by reading the checkpoint back.
 */
final class BatchExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchExecutor.class);

    private final Connections connections;
    private final DataChunk chunk;
    private Connections.Lease lease;
    private long statements;

    BatchExecutor(Connections connections, DataChunk chunk) {
        this.connections = connections;
        this.chunk = chunk;
    }

    /**
     * Executes {@code sql}. Returns null when it was written, or the server's error when rows of it are
     * bad (nothing was written then).
     *
     * @throws ImportException TARGET_WRITE when the failure is not about rows or retries ran out
     */
    SQLException execute(String sql, long firstOffset) {
        return run(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }, firstOffset);
    }

    /** One attempt at a write on a connection in autocommit mode; it may open its own transaction. */
    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} with the retries of {@link #execute}: returns null when it succeeded, or the server's
     * error when rows are bad. The work must leave nothing written when it throws.
     */
    SQLException run(Work work, long firstOffset) {
        SQLException last = null;
        for (int attempt = 1; attempt <= Backoff.MAX_ATTEMPTS; attempt++) {
            try {
                if (lease == null) {
                    lease = connections.borrow();
                }
                work.run(lease.connection());
                statements++;
                return null;
            } catch (SQLException e) {
                SqlFailure failure = SqlFailure.classify(e);
                switch (failure) {
                    case ROW:
                        return e;
                    case FATAL:
                        throw new ImportException(ErrorCode.TARGET_WRITE, "cannot write to " + chunk.table() + ": "
                                + TargetFailures.firstLine(e.getMessage()) + " (error " + e.getErrorCode() + "); "
                                + SqlFailure.hint(e), chunk.file(), firstOffset, chunk.table().toString(), null, e);
                    case CONNECTION:
                        dropConnection();
                        break;
                    case TRANSIENT:
                    default:
                        break;
                }
                last = e;
                if (attempt < Backoff.MAX_ATTEMPTS) {
                    long pause = Backoff.pauseMillis(attempt);
                    LOG.warn("Retrying a batch for {} in {} ms after attempt {}: {} (error {})", chunk.table(), pause,
                            attempt, TargetFailures.firstLine(e.getMessage()), e.getErrorCode());
                    sleep(pause, firstOffset);
                }
            }
        }
        throw gaveUp(last, firstOffset);
    }

    /**
     * Retries ran out. A lost target is TARGET_UNREACHABLE: the table itself is fine, so (as Lightning keeps
     * retryable errors out of its checkpoints) a plain resume continues it. Anything else (lock waits, busy
     * answers) is TARGET_WRITE, recorded against the table until cleared.
     */
    private ImportException gaveUp(SQLException last, long firstOffset) {
        boolean lost = SqlFailure.classify(last) == SqlFailure.CONNECTION;
        String what = "gave up writing to " + chunk.table() + " after " + Backoff.MAX_ATTEMPTS + " attempts: "
                + TargetFailures.firstLine(last.getMessage()) + " (error " + last.getErrorCode() + "); ";
        return lost
                ? new ImportException(ErrorCode.TARGET_UNREACHABLE, what + "the target is unreachable; resume the"
                        + " import when it is back", chunk.file(), firstOffset, chunk.table().toString(), null, last)
                : new ImportException(ErrorCode.TARGET_WRITE, what + "the target is overloaded or another session"
                        + " holds locks the import waits for; resume the import when it is well (with checkpoints,"
                        + " clear the table's failure with --checkpoint-error-ignore first)", chunk.file(),
                        firstOffset, chunk.table().toString(), null, last);
    }

    /** Work done inside one transaction; it may run again from the start when the transaction is retried. */
    interface TransactionBody {
        void run(java.sql.Connection connection) throws SQLException;

        /** Asked on a fresh connection after COMMIT lost its answer: true when the transaction took place. */
        default boolean landed(java.sql.Connection connection) throws SQLException {
            return false;
        }
    }

    /**
     * Runs {@code body} in one transaction and commits it, so a batch and the checkpoint written with it
     * commit together. A failure that is not about rows rolls everything back; a transient or connection
     * failure retries the whole body, so nothing is written twice.
     */
    void inTransaction(TransactionBody body, long firstOffset) {
        SQLException last = null;
        for (int attempt = 1; attempt <= Backoff.MAX_ATTEMPTS; attempt++) {
            java.sql.Connection c = null;
            boolean committing = false;
            try {
                if (lease == null) {
                    lease = connections.borrow();
                }
                c = lease.connection();
                c.setAutoCommit(false);
                body.run(c);
                committing = true;
                c.commit();
                c.setAutoCommit(true);
                return;
            } catch (SQLException e) {
                SqlFailure failure = SqlFailure.classify(e);
                if (committing && failure == SqlFailure.CONNECTION && landed(body, firstOffset)) {
                    LOG.warn("The connection broke while committing a batch for {}, but the batch and its checkpoint"
                            + " are on the target: not writing it again", chunk.table());
                    return;
                }
                rollbackQuietly(c);
                if (failure == SqlFailure.FATAL || failure == SqlFailure.ROW) {
                    throw new ImportException(ErrorCode.TARGET_WRITE, "cannot write to " + chunk.table() + ": "
                            + TargetFailures.firstLine(e.getMessage()) + " (error " + e.getErrorCode() + "); "
                            + SqlFailure.hint(e), chunk.file(), firstOffset, chunk.table().toString(), null, e);
                }
                if (failure == SqlFailure.CONNECTION) {
                    dropConnection();
                }
                last = e;
                if (attempt < Backoff.MAX_ATTEMPTS) {
                    long pause = Backoff.pauseMillis(attempt);
                    LOG.warn("Retrying a batch transaction for {} in {} ms after attempt {}: {} (error {})",
                            chunk.table(), pause, attempt, TargetFailures.firstLine(e.getMessage()), e.getErrorCode());
                    sleep(pause, firstOffset);
                }
            }
        }
        throw gaveUp(last, firstOffset);
    }

    /**
     * After COMMIT lost its answer: asks on a fresh connection whether the transaction took place. The
     * connection usually broke because the server went away, so the question may fail too: it is asked again
     * with back-off until the server answers. Writing the batch again without an answer could write it twice
     * (a duplicate on a keyed table, doubled rows on a keyless one), so when the server never answers the
     * import stops instead, and a resume settles the batch from its checkpoint.
     */
    private boolean landed(TransactionBody body, long firstOffset) {
        SQLException last = null;
        for (int attempt = 1; attempt <= Backoff.MAX_ATTEMPTS; attempt++) {
            dropConnection();
            try {
                lease = connections.borrow();
                return body.landed(lease.connection());
            } catch (SQLException again) {
                last = again;
                SqlFailure failure = SqlFailure.classify(again);
                // Error code 0 is the driver's or the pool's own failure (no answer from the server at all).
                if (failure != SqlFailure.CONNECTION && failure != SqlFailure.TRANSIENT && again.getErrorCode() != 0) {
                    break;
                }
                LOG.debug("checking a lost commit failed: SQLState {}", again.getSQLState());
                if (attempt < Backoff.MAX_ATTEMPTS) {
                    long pause = Backoff.pauseMillis(attempt);
                    LOG.warn("Cannot yet tell whether a batch for {} was committed; asking again in {} ms: {}",
                            chunk.table(), pause, TargetFailures.firstLine(again.getMessage()));
                    sleep(pause, firstOffset);
                }
            }
        }
        dropConnection();
        throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "the connection broke while committing a batch for "
                + chunk.table() + " and the target could not say whether the commit took place: "
                + TargetFailures.firstLine(last.getMessage()) + " (error " + last.getErrorCode() + "); resume the"
                + " import when the target is back: its checkpoint decides whether the batch is written again",
                chunk.file(), firstOffset, chunk.table().toString(), null, last);
    }

    /**
     * Runs one statement of a transaction: null when written, the error when rows of it are bad (the server
     * rolled back just this statement); any other failure is thrown for {@link #inTransaction} to handle.
     */
    static SQLException executeInTransaction(java.sql.Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return null;
        } catch (SQLException e) {
            if (SqlFailure.classify(e) == SqlFailure.ROW) {
                return e;
            }
            throw e;
        }
    }

    private void rollbackQuietly(java.sql.Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            // The connection is broken; it is dropped or fails again on the next attempt.
            dropConnection();
        }
    }

    /** Statements that succeeded on this executor. */
    long statements() {
        return statements;
    }

    private void sleep(long millis, long offset) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(ErrorCode.CANCELLED, "interrupted while retrying a batch", chunk.file(), offset,
                    chunk.table().toString(), null, e);
        }
    }

    private void dropConnection() {
        if (lease != null) {
            connections.release(lease, true);
            lease = null;
        }
    }

    @Override
    public void close() {
        if (lease != null) {
            connections.release(lease, false);
            lease = null;
        }
    }
}
