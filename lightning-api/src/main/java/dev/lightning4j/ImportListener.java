package dev.lightning4j;

/**
 * Progress callbacks. Every method has an empty default, so implement only what you need. Methods are
 * called from the import's worker threads, possibly at once: keep them short and thread-safe.
 */
public interface ImportListener {

    /** The plan is made: how many tables, chunks and bytes will be imported. */
    default void importStarted(int tables, int chunks, long bytes) {
    }

    /** The table's schema is ready on the target and its chunks are about to be written. */
    default void tableStarted(TableName table, int chunks, long bytes) {
    }

    /** A chunk (a file, or a byte range of a large file) has been written completely. */
    default void chunkFinished(TableName table, String file, long rows, long bytes) {
    }

    /** Totals so far, reported after each batch written. */
    default void progress(Progress progress) {
    }

    /** A row was rejected and counted against the error budget. */
    default void rowSkipped(RowError error) {
    }

    default void tableFinished(TableResult result) {
    }

    /** Called once at the end, also after a failure (then with what was done). */
    default void importFinished(ImportResult result, ImportException failure) {
    }

    /**
     * Totals so far.
     *
     * @param tablesDone  tables finished
     * @param tablesTotal tables planned
     * @param chunksDone  chunks finished
     * @param chunksTotal chunks planned
     * @param bytesDone   source bytes consumed
     * @param bytesTotal  source bytes planned (sizes of the files, compressed where they are)
     * @param rows        rows written
     */
    record Progress(int tablesDone, int tablesTotal, int chunksDone, int chunksTotal, long bytesDone,
            long bytesTotal, long rows) {
        /** Fraction of bytes done, 0 to 1. */
        public double fraction() {
            return bytesTotal == 0 ? 1.0 : Math.min(1.0, (double) bytesDone / bytesTotal);
        }
    }
}
