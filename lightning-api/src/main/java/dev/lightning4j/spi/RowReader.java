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
}
