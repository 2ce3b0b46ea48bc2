package dev.lightning4j.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A place that holds source files: a local directory, a bucket prefix. Thread-safe. */
public interface Storage extends Closeable {

    /**
     * The location for messages.
     *
     * @return the location, without credentials
     */
    String describe();

    /**
     * Every file under the root, recursively.
     *
     * @return the files sorted by path
     * @throws IOException when the location cannot be listed
     */
    List<StorageFile> list() throws IOException;

    /**
     * Opens a file for reading from {@code offset} to its end. The stream is not buffered by contract;
     * callers buffer.
     *
     * @param path   the file, relative to the root as in {@link StorageFile#path()}
     * @param offset the first byte, from 0
     * @return a stream the caller closes
     * @throws IOException when the file cannot be opened
     */
    InputStream open(String path, long offset) throws IOException;

    /**
     * Releases clients or handles; the default does nothing.
     *
     * @throws IOException when releasing fails
     */
    @Override
    default void close() throws IOException {
    }
}
