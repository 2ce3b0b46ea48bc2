package dev.lightning4j.spi;

import java.io.IOException;
import java.io.InputStream;

/** A data file format: {@code sql}, {@code csv}, {@code parquet}. Found by ServiceLoader or registered by hand. */
public interface FormatProvider {

    /**
     * The format's name, which is also the data file extension it reads.
     *
     * @return the lower-case name, such as {@code csv}
     */
    String name();

    /**
     * Opens a reader over one chunk.
     *
     * @param chunk   the chunk, with its file and byte range
     * @param in      the decompressed file contents, positioned at {@code chunk.start()}; the reader owns it
     * @param context import-wide settings
     * @return a reader the engine closes when the chunk is done
     * @throws IOException when the file cannot be read
     */
    RowReader open(DataChunk chunk, InputStream in, FormatContext context) throws IOException;

    /**
     * True when this format reads its files by random access ({@link #open(DataChunk, SeekableSource, FormatContext)})
     * instead of as one stream. Such files are never compressed as a whole and never split by byte range.
     *
     * @return true for random access; false (the default) for streaming
     */
    default boolean randomAccess() {
        return false;
    }

    /**
     * Opens a reader over one chunk with random access to its stored file; called instead of
     * {@link #open(DataChunk, InputStream, FormatContext)} when {@link #randomAccess()} is true.
     *
     * @param chunk   the chunk, with its file
     * @param source  the stored file
     * @param context import-wide settings
     * @return a reader the engine closes when the chunk is done
     * @throws IOException when the file cannot be read
     */
    default RowReader open(DataChunk chunk, SeekableSource source, FormatContext context) throws IOException {
        return open(chunk, source.open(chunk.start()), context);
    }
}
