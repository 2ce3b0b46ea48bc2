package dev.lightning4j.spi;

import java.io.IOException;
import java.io.InputStream;

/** Random access to one stored file, for formats that read from the end (Parquet's footer) or jump between parts. */
public interface SeekableSource {

    /** The file's size in bytes. */
    long size();

    /** A stream from {@code offset} to the end of the file; the caller closes it and reads only what it needs. */
    InputStream open(long offset) throws IOException;
}
