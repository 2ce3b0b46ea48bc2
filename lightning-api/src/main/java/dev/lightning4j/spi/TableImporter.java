package dev.lightning4j.spi;

/** A backend's handle on one target table while its chunks are written. Thread-safe. */
public interface TableImporter extends AutoCloseable {

    /**
     * Called once before any chunk is opened, with every chunk the plan holds for the table (also those an
     * earlier run finished), in plan order. A backend that numbers rows itself (the physical backend's row
     * IDs) derives fixed, disjoint ranges from it, so a resumed or retried chunk produces the same keys.
     *
     * @param chunks the table's chunks in plan order
     */
    default void prepare(java.util.List<DataChunk> chunks) {
    }

    /**
     * A writer for one chunk; many chunks of a table may be written at once.
     *
     * @param chunk  the chunk the rows come from
     * @param errors where rows the backend cannot write are reported
     * @return a writer used by one thread, which the engine closes
     */
    ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors);

    /**
     * A writer that reports committed batches to {@code progress}, so checkpoints are exact. A backend that
     * does not report is still correct: the engine then saves a chunk's position only after {@code flush}.
     *
     * @param chunk    the chunk the rows come from
     * @param errors   where rows the backend cannot write are reported
     * @param progress where committed batches are reported
     * @return a writer used by one thread, which the engine closes
     */
    default ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors, ChunkProgress progress) {
        return openChunk(chunk, errors);
    }

    /** Called once after every chunk was written: a backend finishes the table here (ingest, checksum). */
    default void finish() {
    }

    /** Releases the table's resources; called once, after {@link #finish()} or when the import failed. */
    @Override
    default void close() {
    }
}
