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

    /**
     * Short name, such as {@code gzip}.
     *
     * @return the provider's name, for messages and registration
     */
    String name();

    /**
     * The file suffixes this provider reads, such as {@code gz} and {@code gzip}.
     *
     * @return the suffixes without the dot, lower case
     */
    Set<String> suffixes();

    /**
     * Wraps the stored bytes in a decompressing stream. A truncated or corrupt input must end in an
     * {@link IOException} (not a silent end of data) wherever the format can tell; its message says what was wrong.
     *
     * @param raw the stored file from its first byte; the returned stream owns it
     * @return the decompressed bytes; closing it closes {@code raw}
     * @throws IOException when the header is not of this format or the stream cannot be set up
     */
    InputStream decompress(InputStream raw) throws IOException;
}
