package dev.lightning4j;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of an import: one entry per table, in table-name order, and the rejected rows that were
 * kept for display (at most {@link #MAX_RECORDED_ERRORS}; {@link #skippedRows()} counts all).
 * {@code recordedErrors} says where every rejected row was written on the target, or is null when none
 * was rejected or recording was off.
 */
public record ImportResult(List<TableResult> tables, List<RowError> rowErrors, Duration duration,
        RecordedErrors recordedErrors) {
    public static final int MAX_RECORDED_ERRORS = 1000;

    public ImportResult {
        tables = List.copyOf(tables);
        rowErrors = List.copyOf(rowErrors);
    }

    /** A result whose rejected rows were not written to the target (see {@link #recordedErrors()}). */
    public ImportResult(List<TableResult> tables, List<RowError> rowErrors, Duration duration) {
        this(tables, rowErrors, duration, null);
    }

    public long rows() {
        return tables.stream().mapToLong(TableResult::rows).sum();
    }

    public long bytes() {
        return tables.stream().mapToLong(TableResult::bytes).sum();
    }

    public long skippedRows() {
        return tables.stream().mapToLong(TableResult::skippedRows).sum();
    }

    /** The result of the named table, or null. */
    public TableResult table(String schema, String table) {
        for (TableResult t : tables) {
            if (t.table().schema().equals(schema) && t.table().table().equals(table)) {
                return t;
            }
        }
        return null;
    }
}
