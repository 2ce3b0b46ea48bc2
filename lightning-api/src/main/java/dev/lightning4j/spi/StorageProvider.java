package dev.lightning4j.spi;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

/** Creates {@link Storage}s for the URL schemes it names. Found by ServiceLoader or registered by hand. */
public interface StorageProvider {

    /**
     * Short name, such as {@code file}, {@code s3}.
     *
     * @return the provider's name, for messages and registration
     */
    String name();

    /**
     * URL schemes this provider serves.
     *
     * @return the schemes, lower case, without {@code ://}
     */
    Set<String> schemes();

    /**
     * Opens the storage at {@code location}.
     *
     * @param location the source URL with one of {@link #schemes()}
     * @return the storage; the engine closes it when the import ends
     * @throws IOException when the location cannot be reached
     * @throws dev.lightning4j.ImportException with {@code SOURCE_NOT_FOUND} when the location does not exist
     */
    Storage open(URI location) throws IOException;
}
