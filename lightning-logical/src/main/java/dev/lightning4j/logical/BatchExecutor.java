package dev.lightning4j.logical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.DataChunk;
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
 * under replace and ignore).
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
                                + TargetConnector.firstLine(e.getMessage()) + " (error " + e.getErrorCode() + "); "
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
                            attempt, TargetConnector.firstLine(e.getMessage()), e.getErrorCode());
                    sleep(pause, firstOffset);
                }
            }
        }
        throw new ImportException(ErrorCode.TARGET_WRITE, "gave up writing to " + chunk.table() + " after "
                + Backoff.MAX_ATTEMPTS + " attempts: " + TargetConnector.firstLine(last.getMessage()) + " (error "
                + last.getErrorCode() + "); the target is unreachable or overloaded, resume the import when it is well",
                chunk.file(), firstOffset, chunk.table().toString(), null, last);
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
