package dev.lightning4j.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** A place that holds source files: a local directory, a bucket prefix. Thread-safe. */
public interface Storage extends Closeable {

    /** The location for messages, without credentials. */
    String describe();

    /** Every file under the root, recursively, sorted by path. */
    List<StorageFile> list() throws IOException;

    /**
     * Opens a file for reading from {@code offset} to its end. The stream is not buffered by contract;
     * callers buffer.
     */
    InputStream open(String path, long offset) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
