package dev.lightning4j;

/**
 * Progress callbacks. Every method has an empty default, so implement only what you need. Methods are
 * called from the import's worker threads, possibly at once: keep them short and thread-safe.
 */
public interface ImportListener {

    /**
     * The plan is made: how many tables, chunks and bytes will be imported. Called once, before any row is
     * written.
     *
     * @param tables tables to import (after filters and routes)
     * @param chunks chunks the data files were cut into
     * @param bytes  source bytes to read (file sizes, compressed where they are)
     */
    default void importStarted(int tables, int chunks, long bytes) {
    }

    /**
     * The table's schema is ready on the target and its chunks are about to be written.
     *
     * @param table  the target table
     * @param chunks the table's chunks
     * @param bytes  the table's source bytes
     */
    default void tableStarted(TableName table, int chunks, long bytes) {
    }

    /**
     * A chunk (a file, or a byte range of a large file) has been written completely.
     *
     * @param table the target table
     * @param file  the data file, relative to the source root
     * @param rows  rows of the chunk written to the target (rejected rows not included)
     * @param bytes source bytes of the chunk
     */
    default void chunkFinished(TableName table, String file, long rows, long bytes) {
    }

    /**
     * Totals so far, reported after each batch written; may be called often, so keep it cheap.
     *
     * @param progress the totals, an immutable snapshot
     */
    default void progress(Progress progress) {
    }

    /**
     * A row was rejected and counted against the error budget. Do not throw: the exception would propagate into
     * the worker writing the row's chunk.
     *
     * @param error the row, where it is and why it was rejected
     */
    default void rowSkipped(RowError error) {
    }

    /**
     * The physical backend ingested what a table's local engines held before the table was done, because the
     * sort directory outgrew {@code tikv-importer.disk-quota} (TiDB Lightning's "import engine early"). The rows
     * are on the target; the table goes on with empty engines. Called from the thread that ran the early import.
     *
     * @param table the target table
     * @param batch the table's early imports so far, this one included (1 for the first)
     * @param pairs key-value pairs ingested
     * @param bytes key and value bytes ingested
     */
    default void engineImportedEarly(TableName table, int batch, long pairs, long bytes) {
    }

    /**
     * Every chunk of a table was written and the table was finished on the target.
     *
     * @param result the table's figures
     */
    default void tableFinished(TableResult result) {
    }

    /**
     * Called once at the end, also after a failure (then with what was done).
     *
     * @param result  the final result, or what was done before the failure
     * @param failure why the import failed or was cancelled, or null when it succeeded
     */
    default void importFinished(ImportResult result, ImportException failure) {
    }

    /**
     * Totals so far, with the figures of the table that just advanced and the time since the import started.
     *
     * @param tablesDone  tables finished
     * @param tablesTotal tables planned
     * @param chunksDone  chunks finished
     * @param chunksTotal chunks planned
     * @param bytesDone   source bytes consumed
     * @param bytesTotal  source bytes planned (sizes of the files, compressed where they are)
     * @param rows        rows written
     * @param elapsed     time since the import started (zero when not known)
     * @param table       figures of the table whose chunk reported this progress, or null when not known
     */
    record Progress(int tablesDone, int tablesTotal, int chunksDone, int chunksTotal, long bytesDone,
            long bytesTotal, long rows, java.time.Duration elapsed, TableProgress table) {

        /**
         * Totals without time or table figures, as in earlier versions.
         *
         * @param tablesDone  tables finished
         * @param tablesTotal tables planned
         * @param chunksDone  chunks finished
         * @param chunksTotal chunks planned
         * @param bytesDone   source bytes consumed
         * @param bytesTotal  source bytes planned
         * @param rows        rows written
         */
        public Progress(int tablesDone, int tablesTotal, int chunksDone, int chunksTotal, long bytesDone,
                long bytesTotal, long rows) {
            this(tablesDone, tablesTotal, chunksDone, chunksTotal, bytesDone, bytesTotal, rows,
                    java.time.Duration.ZERO, null);
        }

        /**
         * Normalises a missing elapsed time to zero.
         *
         * @param tablesDone  tables finished
         * @param tablesTotal tables planned
         * @param chunksDone  chunks finished
         * @param chunksTotal chunks planned
         * @param bytesDone   source bytes consumed
         * @param bytesTotal  source bytes planned
         * @param rows        rows written
         * @param elapsed     time since the import started, or null for zero
         * @param table       figures of the table that advanced, or null
         */
        public Progress {
            elapsed = elapsed == null ? java.time.Duration.ZERO : elapsed;
        }

        /**
         * Fraction of bytes done.
         *
         * @return 0 to 1
         */
        public double fraction() {
            return bytesTotal == 0 ? 1.0 : Math.min(1.0, (double) bytesDone / bytesTotal);
        }

        /**
         * Source bytes consumed per second since the start.
         *
         * @return the average rate, 0 when no time has passed
         */
        public double bytesPerSecond() {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 ? 0 : bytesDone / s;
        }

        /**
         * Rows written per second since the start.
         *
         * @return the average rate, 0 when no time has passed
         */
        public double rowsPerSecond() {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 ? 0 : rows / s;
        }

        /**
         * The time left at the average rate so far.
         *
         * @return the estimate, or empty while nothing has been read yet
         */
        public java.util.Optional<java.time.Duration> eta() {
            double rate = bytesPerSecond();
            if (rate <= 0) {
                return java.util.Optional.empty();
            }
            long left = Math.max(0, bytesTotal - bytesDone);
            return java.util.Optional.of(java.time.Duration.ofMillis((long) (left / rate * 1000)));
        }
    }

    /**
     * Figures of one table while it is imported.
     *
     * @param table       the table
     * @param chunksDone  its chunks finished
     * @param chunksTotal its chunks planned
     * @param bytesDone   its source bytes consumed
     * @param bytesTotal  its source bytes planned
     * @param rows        its rows written
     * @param skippedRows its rows rejected
     */
    record TableProgress(TableName table, int chunksDone, int chunksTotal, long bytesDone, long bytesTotal,
            long rows, long skippedRows) {
        /**
         * Fraction of this table's bytes done.
         *
         * @return 0 to 1
         */
        public double fraction() {
            return bytesTotal == 0 ? 1.0 : Math.min(1.0, (double) bytesDone / bytesTotal);
        }
    }
}
