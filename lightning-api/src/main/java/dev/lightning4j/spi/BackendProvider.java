package dev.lightning4j.spi;

import dev.lightning4j.ImportConfig;
import java.util.Set;

/** A backend by name: {@code logical}, {@code physical}. Found by ServiceLoader or registered by hand. */
public interface BackendProvider {

    String name();

    /** Other names accepted for this backend (TiDB Lightning's {@code tidb} for logical, {@code local} for physical). */
    default Set<String> aliases() {
        return Set.of();
    }

    /**
     * Creates the backend for one import, connecting to the target.
     *
     * @throws dev.lightning4j.ImportException with {@code TARGET_UNREACHABLE} or {@code TARGET_ACCESS_DENIED}
     */
    Backend create(ImportConfig config);
}
