package dev.lightning4j;

import java.time.Duration;
import java.util.List;

/**
 * What happened to one table.
 *
 * @param table       the table
 * @param rows        rows written to the target
 * @param bytes       source bytes read for the table (decompressed)
 * @param skippedRows rows rejected and counted against the error budget
 * @param chunks      chunks the table's files were cut into
 * @param duration    wall time from the first chunk started to the table finished
 * @param warnings    things the user should know that did not stop the import
 */
public record TableResult(TableName table, long rows, long bytes, long skippedRows, int chunks, Duration duration,
        List<String> warnings) {
    /**
     * Copies {@code warnings}, which must not be null.
     *
     * @param table       the table
     * @param rows        rows written to the target
     * @param bytes       source bytes read for the table (decompressed)
     * @param skippedRows rows rejected and counted against the error budget
     * @param chunks      chunks the table's files were cut into
     * @param duration    wall time from the first chunk started to the table finished
     * @param warnings    things the user should know that did not stop the import
     */
    public TableResult {
        warnings = List.copyOf(warnings);
    }
}
