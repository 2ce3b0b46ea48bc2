package dev.lightning4j.spi;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

/** Creates {@link Storage}s for the URL schemes it names. Found by ServiceLoader or registered by hand. */
public interface StorageProvider {

    /** Short name, such as {@code file}, {@code s3}. */
    String name();

    /** URL schemes this provider serves, lower case. */
    Set<String> schemes();

    /**
     * Opens the storage at {@code location}.
     *
     * @throws dev.lightning4j.ImportException with {@code SOURCE_NOT_FOUND} when the location does not exist
     */
    Storage open(URI location) throws IOException;
}
