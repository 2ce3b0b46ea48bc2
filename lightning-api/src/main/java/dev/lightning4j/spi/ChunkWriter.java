package dev.lightning4j.spi;

/**
 * Writes the rows of one chunk. Used by one thread at a time.
 *
 * <p>A backend buffers rows and writes them in batches; a row it cannot write is reported to the chunk's
 * {@link RowErrorSink} and does not stop the chunk unless the sink throws.
 */
public interface ChunkWriter extends AutoCloseable {

    /**
     * Adds a row; may write a batch.
     *
     * @param row the row, whose values the writer may keep until the batch is written
     * @throws dev.lightning4j.ImportException when a batch fails for a reason other than a bad row, or the
     *                                         error sink throws
     */
    void write(TargetRow row);

    /** Writes everything buffered. When it returns, every row given so far is on the target or rejected. */
    void flush();

    /** Releases resources; rows not flushed are dropped. */
    @Override
    void close();
}
