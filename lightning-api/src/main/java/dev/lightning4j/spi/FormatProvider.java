package dev.lightning4j.spi;

import java.io.IOException;
import java.io.InputStream;

/** A data file format: {@code sql}, {@code csv}, {@code parquet}. Found by ServiceLoader or registered by hand. */
public interface FormatProvider {

    /** The format's name, which is also the data file extension it reads. */
    String name();

    /**
     * Opens a reader over one chunk.
     *
     * @param chunk   the chunk, with its file and byte range
     * @param in      the decompressed file contents, positioned at {@code chunk.start()}; the reader owns it
     * @param context import-wide settings
     */
    RowReader open(DataChunk chunk, InputStream in, FormatContext context) throws IOException;
}
