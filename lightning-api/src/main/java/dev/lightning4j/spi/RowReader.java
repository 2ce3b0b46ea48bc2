package dev.lightning4j.spi;

import java.io.Closeable;
import java.io.IOException;

/** Reads the rows of one chunk, streaming: memory use does not grow with the chunk's size. */
public interface RowReader extends Closeable {

    /**
     * The next row, or null at the end of the chunk.
     *
     * @throws dev.lightning4j.ImportException with {@code SOURCE_SYNTAX}, naming the file and byte offset,
     *                                         when the data is malformed
     */
    SourceRow next() throws IOException;

    /**
     * Called before the first {@link #next()} when the chunk resumes from a checkpoint inside a file: the
     * column list in effect at the resume offset (an INSERT column list or CSV header that lies before it).
     * Returns false when the reader cannot continue there with that list (the default, as byte offsets mean
     * nothing to some formats); the engine then reads the chunk from its planned start and skips the rows
     * already handled.
     */
    default boolean resumeWith(java.util.List<String> columns) {
        return false;
    }
}
