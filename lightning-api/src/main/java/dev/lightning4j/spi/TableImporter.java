package dev.lightning4j.spi;

/** A backend's handle on one target table while its chunks are written. Thread-safe. */
public interface TableImporter extends AutoCloseable {

    /** A writer for one chunk; many chunks of a table may be written at once. */
    ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors);

    /**
     * A writer that reports committed batches to {@code progress}, so checkpoints are exact. A backend that
     * does not report is still correct: the engine then saves a chunk's position only after {@code flush}.
     */
    default ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors, ChunkProgress progress) {
        return openChunk(chunk, errors);
    }

    /** Called once after every chunk was written: a backend finishes the table here (ingest, checksum). */
    default void finish() {
    }

    @Override
    default void close() {
    }
}
