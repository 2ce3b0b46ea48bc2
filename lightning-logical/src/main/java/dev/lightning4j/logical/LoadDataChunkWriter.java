package dev.lightning4j.logical;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.ChunkProgress;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the rows of one chunk as {@code LOAD DATA LOCAL INFILE} streams fed from memory, the fastest way
 * into a MySQL-family server, and keeps the guarantees of the INSERT path:
 *
 * <ul>
 *   <li>each stream is loaded in a transaction of its own and committed only when the server loaded every
 *       row without a warning (under IGNORE: with duplicate warnings only), so a stream is written whole or
 *       not at all;</li>
 *   <li>a stream the server did not take whole is rolled back and its rows go through the INSERT writer,
 *       which reports duplicates and bad values per row with their offsets, exactly as without LOAD;</li>
 *   <li>rows with values LOAD would store differently go through INSERT too, after the pending stream, so
 *       that rows reach the server in source order (REPLACE keeps the last).</li>
 * </ul>
 *
 * <p>With checkpoints ({@link ChunkProgress}), a stream is only sent at the start of a {@code write} or in
 * {@code flush}, so the engine's position covers exactly the rows committed. A transactional progress is
 * recorded inside the stream's transaction before its commit; otherwise the commit is reported right after.
 * The rows of a stream the server did not take whole go through INSERT in one transaction of their own
 * (with the checkpoint when transactional), so the saved position never passes a row not yet committed.
 */
final class LoadDataChunkWriter implements ChunkWriter {
    private static final int DUPLICATE_ENTRY = 1062;

    private final TableName table;
    private final ConflictStrategy strategy;
    private final long maxBytes;
    private final int maxRows;
    private final BatchExecutor executor;
    private final LogicalChunkWriter inserts;
    private final LoadDataEncoder.ByteSink buffer;
    private final List<TargetRow> rows = new ArrayList<>();
    private final ChunkProgress progress;
    private LoadDataEncoder encoder;
    private boolean insertsPending;
    private boolean broken;
    private long loads;
    private long fallbacks;
    private long loadedRows;

    LoadDataChunkWriter(TableName table, ConflictStrategy strategy, long maxBytes, int maxRows,
            BatchExecutor executor, LogicalChunkWriter inserts) {
        this(table, strategy, maxBytes, maxRows, executor, inserts, null);
    }

    /** With {@code progress}, the writer given as {@code inserts} must report to the same progress. */
    LoadDataChunkWriter(TableName table, ConflictStrategy strategy, long maxBytes, int maxRows,
            BatchExecutor executor, LogicalChunkWriter inserts, ChunkProgress progress) {
        this.progress = progress;
        this.table = table;
        this.strategy = strategy;
        this.maxBytes = maxBytes;
        this.maxRows = maxRows;
        this.executor = executor;
        this.inserts = inserts;
        this.buffer = new LoadDataEncoder.ByteSink((int) Math.min(maxBytes + (maxBytes >> 3), 64L << 20));
    }

    @Override
    public void write(TargetRow row) {
        ensureUsable();
        if (!rows.isEmpty() && (buffer.size() >= maxBytes || rows.size() >= maxRows)) {
            // a full stream goes before this row is taken, so a checkpoint saved with it ends right before it
            flushLoad();
        }
        List<TargetColumn> columns = row.columns();
        if (encoder == null || encoder.columns() != columns) {
            flushLoad();
            encoder = new LoadDataEncoder(table, columns, strategy);
        }
        if (!encoder.append(buffer, row.values())) {
            flushLoad();
            inserts.write(row);
            insertsPending = true;
            return;
        }
        if (insertsPending) {
            // keep source order: the INSERT rows before this one reach the server first
            inserts.flush();
            insertsPending = false;
        }
        rows.add(row);
    }

    @Override
    public void flush() {
        ensureUsable();
        flushLoad();
        inserts.flush();
        insertsPending = false;
    }

    /** Streams loaded whole so far. */
    long loads() {
        return loads;
    }

    /** Rows written by LOAD streams (not by INSERT). */
    long loadedRows() {
        return loadedRows;
    }

    /** Streams the server did not take whole, whose rows went through INSERT. */
    long fallbacks() {
        return fallbacks;
    }

    private void flushLoad() {
        if (rows.isEmpty()) {
            return;
        }
        broken = true; // until the stream is fully handled; an exception leaves the writer unusable
        if (progress != null) {
            flushLoadWithProgress();
        } else {
            flushLoadAlone();
        }
        rows.clear();
        buffer.reset((int) Math.min(maxBytes + (maxBytes >> 3), 64L << 20));
        broken = false;
    }

    private void flushLoadAlone() {
        boolean[] whole = new boolean[1];
        SQLException rowError = executor.run(c -> whole[0] = load(c), rows.get(0).offset());
        if (rowError == null && whole[0]) {
            loads++;
            loadedRows += rows.size();
        } else {
            fallbacks++;
            for (TargetRow r : rows) {
                inserts.write(r);
            }
            inserts.flush();
        }
    }

    private void flushLoadWithProgress() {
        boolean[] whole = new boolean[1];
        if (progress.transactional()) {
            executor.inTransaction(new BatchExecutor.TransactionBody() {
                @Override
                public void run(Connection c) throws SQLException {
                    whole[0] = loadInTransaction(c);
                    if (whole[0]) {
                        progress.record(c, 0);
                    }
                }

                @Override
                public boolean landed(Connection c) throws SQLException {
                    // when the stream was rolled back, an earlier checkpoint answers: nothing to write again
                    return progress.recorded(c);
                }
            }, rows.get(0).offset());
        } else {
            SQLException rowError = executor.run(c -> whole[0] = load(c), rows.get(0).offset());
            whole[0] &= rowError == null;
        }
        if (whole[0]) {
            loads++;
            loadedRows += rows.size();
            progress.committed();
        } else {
            fallbacks++;
            inserts.writeInOneTransaction(rows);
        }
    }

    /**
     * One attempt inside the caller's transaction: true when the server took the stream whole (the caller
     * commits it), false after rolling it back. Failures that are not about rows are thrown.
     */
    private boolean loadInTransaction(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            long loaded;
            try (LocalInfileGuard.Offer offer = LocalInfileGuard.offer(c, buffer.array(), 0, buffer.size())) {
                loaded = st.executeLargeUpdate(encoder.statement());
            } catch (SQLException e) {
                if (SqlFailure.classify(e) != SqlFailure.ROW) {
                    throw e;
                }
                c.rollback();
                return false;
            }
            if (takenWhole(loaded, st.getWarnings())) {
                return true;
            }
            c.rollback();
            return false;
        }
    }

    /** One attempt: true when committed, false when rolled back because the server did not take it whole. */
    private boolean load(Connection c) throws SQLException {
        c.setAutoCommit(false);
        boolean committed = false;
        try (Statement st = c.createStatement()) {
            // the rows in memory answer this statement's request, whatever file the server names
            long loaded;
            try (LocalInfileGuard.Offer offer = LocalInfileGuard.offer(c, buffer.array(), 0, buffer.size())) {
                loaded = st.executeLargeUpdate(encoder.statement());
            }
            if (takenWhole(loaded, st.getWarnings())) {
                c.commit();
                committed = true;
            }
            return committed;
        } finally {
            if (!committed) {
                rollbackQuietly(c);
            }
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                // a broken connection: the error that broke it is the one to report, and the next
                // statement on it fails as a lost connection and is retried on a fresh one
            }
        }
    }

    private boolean takenWhole(long loaded, SQLWarning warnings) {
        long duplicates = 0;
        for (SQLWarning w = warnings; w != null; w = w.getNextWarning()) {
            if (strategy == ConflictStrategy.IGNORE && w.getErrorCode() == DUPLICATE_ENTRY) {
                duplicates++;
            } else {
                return false; // a value the server adjusted, or a duplicate INSERT would report
            }
        }
        return switch (strategy) {
            case ERROR -> loaded == rows.size();
            // affected rows count each replaced row twice (delete and insert), so only warnings tell
            case REPLACE -> loaded >= rows.size();
            // every skipped row must be a listed duplicate, also when the server lists fewer warnings
            case IGNORE -> loaded + duplicates == rows.size();
        };
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is broken; the server rolls the transaction back when it goes
        }
    }

    private void ensureUsable() {
        if (broken) {
            throw new IllegalStateException("this chunk writer failed before and cannot write more rows");
        }
    }

    @Override
    public void close() {
        rows.clear();
        inserts.close();
    }
}
