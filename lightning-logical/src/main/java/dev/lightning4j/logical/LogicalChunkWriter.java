package dev.lightning4j.logical;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.ChunkProgress;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.RowErrorSink;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetFailures;
import dev.lightning4j.spi.TargetRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the rows of one chunk into multi-row INSERT / REPLACE / INSERT IGNORE statements of bounded size.
 *
 * <p>Holds at most one batch: the statement text (one reused buffer) and the rows in it, kept so that a
 * batch the server refuses for bad rows can be split to find them. A batch ends when the next row would
 * exceed the byte or row cap, or has a different column list.
 */
final class LogicalChunkWriter implements ChunkWriter {
    /** Rejected rows are shown up to this many characters. */
    private static final int ROW_TEXT_LIMIT = 256;

    private final TableName table;
    private final ConflictStrategy strategy;
    private final SqlValues values;
    private final long maxBytes;
    private final int maxRows;
    private final BatchExecutor executor;
    private final RowErrorSink errors;
    private final ChunkProgress progress;
    /** Rows rejected in the current transaction, reported once it commits (a retried transaction finds them again). */
    private final List<Rejected> pending = new ArrayList<>();

    private final StringBuilder sql = new StringBuilder(8192);
    private final StringBuilder tuple = new StringBuilder(256);
    private final List<TargetRow> rows = new ArrayList<>();
    private List<TargetColumn> headerColumns;
    private String header;
    private long headerBytes;
    private long batchBytes;
    private boolean broken;

    LogicalChunkWriter(TableName table, ConflictStrategy strategy, SqlValues values, long maxBytes, int maxRows,
            BatchExecutor executor, RowErrorSink errors) {
        this(table, strategy, values, maxBytes, maxRows, executor, errors, null);
    }

    /** With {@code progress}, each batch reports its commit; a transactional one is written with its checkpoint. */
    LogicalChunkWriter(TableName table, ConflictStrategy strategy, SqlValues values, long maxBytes, int maxRows,
            BatchExecutor executor, RowErrorSink errors, ChunkProgress progress) {
        this.progress = progress;
        this.table = table;
        this.strategy = strategy;
        this.values = values;
        this.maxBytes = maxBytes;
        this.maxRows = maxRows;
        this.executor = executor;
        this.errors = errors;
    }

    @Override
    public void write(TargetRow row) {
        ensureUsable();
        tuple.setLength(0);
        values.appendTuple(tuple, row.values());
        long tupleBytes = SqlValues.utf8Length(tuple, 0, tuple.length());
        if (!rows.isEmpty() && (row.columns() != headerColumns || rows.size() >= maxRows
                || batchBytes + 1 + tupleBytes > maxBytes)) {
            writeBatch();
        }
        if (rows.isEmpty()) {
            useHeaderFor(row.columns());
            sql.setLength(0);
            sql.append(header);
            batchBytes = headerBytes;
        } else {
            sql.append(',');
            batchBytes++;
        }
        sql.append(tuple);
        batchBytes += tupleBytes;
        rows.add(row);
    }

    @Override
    public void flush() {
        ensureUsable();
        if (!rows.isEmpty()) {
            writeBatch();
        }
    }

    /** Statements written so far by this writer (not counting failed ones). */
    long statements() {
        return executor.statements();
    }

    private void useHeaderFor(List<TargetColumn> columns) {
        if (columns != headerColumns) {
            headerColumns = columns;
            header = InsertHeader.of(table, columns, strategy);
            headerBytes = SqlValues.utf8Length(header, 0, header.length());
        }
    }

    private void writeBatch() {
        broken = true; // until the batch is fully handled; an exception leaves the writer unusable
        if (progress != null && progress.transactional()) {
            writeBatchWithCheckpoint();
            return;
        }
        long first = rows.get(0).offset();
        SQLException rowError = executor.execute(sql.toString(), first);
        if (rowError != null) {
            isolate(0, rows.size(), rowError);
        }
        rows.clear();
        sql.setLength(0);
        broken = false;
        if (progress != null) {
            progress.committed();
        }
    }

    /** BEGIN; the batch (bad rows isolated by halving); the checkpoint; COMMIT. */
    private void writeBatchWithCheckpoint() {
        long first = rows.get(0).offset();
        String statement = sql.toString();
        executor.inTransaction(new BatchExecutor.TransactionBody() {
            @Override
            public void run(java.sql.Connection c) throws SQLException {
                pending.clear();
                SQLException rowError = BatchExecutor.executeInTransaction(c, statement);
                if (rowError != null) {
                    isolateInTransaction(c, 0, rows.size(), rowError);
                }
                progress.record(c, pending.size());
            }

            @Override
            public boolean landed(java.sql.Connection c) throws SQLException {
                return progress.recorded(c);
            }
        }, first);
        for (Rejected r : pending) {
            errors.reject(SqlFailure.rowKind(r.error), r.row.offset(), TargetFailures.firstLine(r.error.getMessage()),
                    rowText(r.row));
        }
        pending.clear();
        rows.clear();
        sql.setLength(0);
        broken = false;
        progress.committed();
    }

    /**
     * Writes {@code batch} (this writer holding no rows) through INSERT statements of the usual caps, all in
     * one transaction with the checkpoint when the progress is transactional, then reports the commit. Bad
     * rows are isolated and reported as usual. Used for a LOAD stream's rows: none of them is covered by the
     * saved position before all of them are committed, and a retry never writes one twice.
     */
    void writeInOneTransaction(List<TargetRow> batch) {
        ensureUsable();
        if (!rows.isEmpty()) {
            throw new IllegalStateException("the writer holds rows of another batch");
        }
        if (batch.isEmpty()) {
            return;
        }
        broken = true;
        List<int[]> statements = statementRanges(batch);
        boolean inTransaction = progress != null && progress.transactional();
        executor.inTransaction(new BatchExecutor.TransactionBody() {
            @Override
            public void run(java.sql.Connection c) throws SQLException {
                pending.clear();
                for (int[] range : statements) {
                    rows.clear();
                    rows.addAll(batch.subList(range[0], range[1]));
                    useHeaderFor(rows.get(0).columns());
                    SQLException rowError = BatchExecutor.executeInTransaction(c, rangeSql(0, rows.size()));
                    if (rowError != null) {
                        isolateInTransaction(c, 0, rows.size(), rowError);
                    }
                }
                if (inTransaction) {
                    progress.record(c, pending.size());
                }
            }

            @Override
            public boolean landed(java.sql.Connection c) throws SQLException {
                return inTransaction && progress.recorded(c);
            }
        }, batch.get(0).offset());
        for (Rejected r : pending) {
            errors.reject(SqlFailure.rowKind(r.error), r.row.offset(), TargetFailures.firstLine(r.error.getMessage()),
                    rowText(r.row));
        }
        pending.clear();
        rows.clear();
        broken = false;
        if (progress != null) {
            progress.committed();
        }
    }

    /** Splits {@code batch} into statements by the same caps as {@link #write}: [from, to) index pairs. */
    private List<int[]> statementRanges(List<TargetRow> batch) {
        List<int[]> ranges = new ArrayList<>();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            TargetRow row = batch.get(i);
            tuple.setLength(0);
            values.appendTuple(tuple, row.values());
            long tupleBytes = SqlValues.utf8Length(tuple, 0, tuple.length());
            if (i > from && (row.columns() != batch.get(from).columns() || i - from >= maxRows
                    || bytes + 1 + tupleBytes > maxBytes)) {
                ranges.add(new int[] {from, i});
                from = i;
            }
            if (i == from) {
                useHeaderFor(row.columns());
                bytes = headerBytes + tupleBytes;
            } else {
                bytes += 1 + tupleBytes;
            }
        }
        ranges.add(new int[] {from, batch.size()});
        return ranges;
    }

    private void isolateInTransaction(java.sql.Connection c, int from, int to, SQLException error)
            throws SQLException {
        if (to - from == 1) {
            pending.add(new Rejected(rows.get(from), error));
            return;
        }
        int mid = (from + to) >>> 1;
        for (int[] range : new int[][] {{from, mid}, {mid, to}}) {
            SQLException e = BatchExecutor.executeInTransaction(c, rangeSql(range[0], range[1]));
            if (e != null) {
                isolateInTransaction(c, range[0], range[1], e);
            }
        }
    }

    private record Rejected(TargetRow row, SQLException error) {
    }

    /**
     * Finds the bad rows of {@code rows[from, to)}, which failed as one statement with {@code error}, by
     * halving: with few bad rows that takes about 2·log2(n) statements per bad row instead of n. Good rows
     * are written exactly once because a failed statement wrote nothing.
     */
    private void isolate(int from, int to, SQLException error) {
        if (to - from == 1) {
            TargetRow row = rows.get(from);
            errors.reject(SqlFailure.rowKind(error), row.offset(), TargetFailures.firstLine(error.getMessage()),
                    rowText(row));
            return;
        }
        int mid = (from + to) >>> 1;
        writeRange(from, mid);
        writeRange(mid, to);
    }

    private void writeRange(int from, int to) {
        SQLException error = executor.execute(rangeSql(from, to), rows.get(from).offset());
        if (error != null) {
            isolate(from, to, error);
        }
    }

    private String rangeSql(int from, int to) {
        StringBuilder part = new StringBuilder(header.length() + (to - from) * 64);
        part.append(header);
        for (int i = from; i < to; i++) {
            if (i > from) {
                part.append(',');
            }
            values.appendTuple(part, rows.get(i).values());
        }
        return part.toString();
    }

    private String rowText(TargetRow row) {
        StringBuilder sb = new StringBuilder();
        values.appendTuple(sb, row.values());
        if (sb.length() > ROW_TEXT_LIMIT) {
            sb.setLength(ROW_TEXT_LIMIT - 3);
            sb.append("...");
        }
        return sb.toString();
    }

    private void ensureUsable() {
        if (broken) {
            throw new IllegalStateException("this chunk writer failed before and cannot write more rows");
        }
    }

    @Override
    public void close() {
        rows.clear();
        sql.setLength(0);
        executor.close();
    }
}
