package dev.lightning4j.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * A whole-file compression of data files ({@code .gz}, {@code .zst}, {@code .snappy}). Found by ServiceLoader or
 * registered by hand. Which suffixes are allowed on data files is the engine's routing rule; a provider only says
 * which of them it can read.
 */
public interface CompressionProvider {

    /** Short name, such as {@code gzip}. */
    String name();

    /** The file suffixes (without the dot, lower case) this provider reads, such as {@code gz} and {@code gzip}. */
    Set<String> suffixes();

    /**
     * Wraps the stored bytes in a decompressing stream. A truncated or corrupt input must end in an
     * {@link IOException} (not a silent end of data) wherever the format can tell; its message says what was wrong.
     *
     * @param raw the stored file from its first byte; the returned stream owns it
     */
    InputStream decompress(InputStream raw) throws IOException;
}
