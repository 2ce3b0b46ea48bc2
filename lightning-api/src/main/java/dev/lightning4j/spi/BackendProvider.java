package dev.lightning4j.spi;

import dev.lightning4j.ImportConfig;
import java.util.Set;

/** A backend by name: {@code logical}, {@code physical}. Found by ServiceLoader or registered by hand. */
public interface BackendProvider {

    /**
     * The name an import selects this backend by ({@code backend} in TiDB Lightning).
     *
     * @return the lower-case name, such as {@code logical}
     */
    String name();

    /**
     * Other names accepted for this backend (TiDB Lightning's {@code tidb} for logical, {@code local} for physical).
     *
     * @return the aliases, lower case; empty by default
     */
    default Set<String> aliases() {
        return Set.of();
    }

    /**
     * Creates the backend for one import, connecting to the target.
     *
     * @param config the whole import configuration (target address, credentials, concurrency)
     * @return a new backend that the engine closes when the import ends
     * @throws dev.lightning4j.ImportException with {@code TARGET_UNREACHABLE} or {@code TARGET_ACCESS_DENIED}
     */
    Backend create(ImportConfig config);
}
