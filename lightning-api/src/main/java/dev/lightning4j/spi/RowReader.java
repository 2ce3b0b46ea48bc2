package dev.lightning4j.spi;

import java.io.Closeable;
import java.io.IOException;

/** Reads the rows of one chunk, streaming: memory use does not grow with the chunk's size. */
public interface RowReader extends Closeable {

    /**
     * The next row.
     *
     * @return the row, or null at the end of the chunk
     * @throws IOException when the file cannot be read or its compression is corrupt
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
     *
     * @param columns the column list in effect, or null when none was seen
     * @return true when the reader continues at the resume offset with that list
     */
    default boolean resumeWith(java.util.List<String> columns) {
        return false;
    }
}
