package dev.lightning4j.sources.csv;

import java.io.Closeable;
import java.io.IOException;

/** Splits a byte stream into rows of fields under one {@link CsvDialect}. */
interface CsvScanner extends Closeable {

    /**
     * Reads the next row into {@code fields}.
     *
     * @return false at the end of the data or of the chunk
     */
    boolean next(CsvFields fields) throws IOException;

    /** Absolute byte offset of the first byte of the last row read. */
    long rowStart();

    /** Absolute byte offset just after the last row's terminator. */
    long rowEnd();
}
