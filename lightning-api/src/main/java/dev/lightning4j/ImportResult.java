package dev.lightning4j;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of an import: one entry per table, in table-name order, and the rejected rows that were
 * kept for display (at most {@link #MAX_RECORDED_ERRORS}; {@link #skippedRows()} counts all).
 */
public record ImportResult(List<TableResult> tables, List<RowError> rowErrors, Duration duration) {
    public static final int MAX_RECORDED_ERRORS = 1000;

    public ImportResult {
        tables = List.copyOf(tables);
        rowErrors = List.copyOf(rowErrors);
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
