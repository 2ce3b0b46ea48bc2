package dev.lightning4j.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Implemented by a {@link FormatProvider} whose uncompressed files can be cut into chunks at row boundaries
 * (Lightning's {@code strict-format} region splitting). The engine asks only for uncompressed files larger
 * than 1.1 x {@code max-region-size}.
 */
public interface SplittableFormat {

    /** Opens the file being split at a byte offset; the caller closes the stream. */
    @FunctionalInterface
    interface FileOpener {
        /**
         * Opens the file at a byte offset.
         *
         * @param offset the first byte, in the uncompressed file
         * @return a stream the caller closes
         * @throws IOException when the file cannot be read
         */
        InputStream open(long offset) throws IOException;
    }

    /**
     * Cuts one file into chunks of about {@code regionSize} bytes, each starting at a row boundary. Reads only
     * small windows of the file (the header and the bytes after each cut point), never the whole file.
     *
     * @param whole      the file as one chunk (start 0, end -1)
     * @param regionSize the wanted chunk size in bytes
     * @param file       opens the file at an offset, as often as the splitter needs
     * @param context    import-wide settings (CSV options, character set)
     * @return chunks covering the file without gaps or overlaps, in file order; the file itself when no safe
     *         cut exists
     * @throws IOException when the file cannot be read
     */
    List<DataChunk> split(DataChunk whole, long regionSize, FileOpener file, FormatContext context)
            throws IOException;
}
