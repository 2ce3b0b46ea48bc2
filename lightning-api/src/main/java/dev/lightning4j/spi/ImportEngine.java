package dev.lightning4j.spi;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportJob;

/**
 * The implementation behind {@link dev.lightning4j.ImportBuilder}, found by ServiceLoader. The API module
 * depends on no engine; {@code lightning-core} provides one.
 */
public interface ImportEngine {

    /** Validates what the builder could not (filters, source), then starts the import on threads of its own. */
    ImportJob start(ImportConfig config);
}
