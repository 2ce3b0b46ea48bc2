package dev.lightning4j.spi;

import java.io.IOException;
import java.io.InputStream;

/** Random access to one stored file, for formats that read from the end (Parquet's footer) or jump between parts. */
public interface SeekableSource {

    /**
     * The file's size.
     *
     * @return the stored size in bytes
     */
    long size();

    /**
     * A stream from {@code offset} to the end of the file; the caller closes it and reads only what it needs.
     *
     * @param offset the first byte, from 0
     * @return an unbuffered stream
     * @throws IOException when the file cannot be opened
     */
    InputStream open(long offset) throws IOException;
}
