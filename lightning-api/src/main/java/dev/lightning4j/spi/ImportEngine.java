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

    /** The checkpoints an import with this configuration would use, for listing and clearing them. */
    default dev.lightning4j.Checkpoints checkpoints(ImportConfig config) {
        throw new dev.lightning4j.ImportException(dev.lightning4j.ErrorCode.PROVIDER_NOT_FOUND,
                "this import engine does not manage checkpoints");
    }
}
