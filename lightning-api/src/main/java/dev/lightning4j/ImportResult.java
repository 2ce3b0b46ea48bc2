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
    /** How many rejected rows a result keeps in {@link #rowErrors()}; later ones are counted only. */
    public static final int MAX_RECORDED_ERRORS = 1000;

    /**
     * Copies the lists, which must not be null.
     *
     * @param tables         one entry per table, in table-name order
     * @param rowErrors      the first rejected rows, at most {@link #MAX_RECORDED_ERRORS}
     * @param duration       wall time of the whole import
     * @param recordedErrors where rejected rows were written on the target, or null
     */
    public ImportResult {
        tables = List.copyOf(tables);
        rowErrors = List.copyOf(rowErrors);
    }

    /**
     * A result whose rejected rows were not written to the target (see {@link #recordedErrors()}).
     *
     * @param tables    one entry per table, in table-name order
     * @param rowErrors the first rejected rows, at most {@link #MAX_RECORDED_ERRORS}
     * @param duration  wall time of the whole import
     */
    public ImportResult(List<TableResult> tables, List<RowError> rowErrors, Duration duration) {
        this(tables, rowErrors, duration, null);
    }

    /**
     * Rows written, over all tables.
     *
     * @return the sum of {@link TableResult#rows()}
     */
    public long rows() {
        return tables.stream().mapToLong(TableResult::rows).sum();
    }

    /**
     * Source bytes read (decompressed), over all tables.
     *
     * @return the sum of {@link TableResult#bytes()}
     */
    public long bytes() {
        return tables.stream().mapToLong(TableResult::bytes).sum();
    }

    /**
     * Rows rejected and counted against the error budget, over all tables; may exceed the size of
     * {@link #rowErrors()}.
     *
     * @return the sum of {@link TableResult#skippedRows()}
     */
    public long skippedRows() {
        return tables.stream().mapToLong(TableResult::skippedRows).sum();
    }

    /**
     * The result of one table.
     *
     * @param schema the target database, case-sensitive
     * @param table  the target table, case-sensitive
     * @return its result, or null when the import had no such table
     */
    public TableResult table(String schema, String table) {
        for (TableResult t : tables) {
            if (t.table().schema().equals(schema) && t.table().table().equals(table)) {
                return t;
            }
        }
        return null;
    }
}
