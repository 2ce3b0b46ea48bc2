package dev.lightning4j.spi;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportJob;
import dev.lightning4j.PrecheckReport;

/**
 * The implementation behind {@link dev.lightning4j.ImportBuilder}, found by ServiceLoader. The API module
 * depends on no engine; {@code lightning-core} provides one.
 */
public interface ImportEngine {

    /**
     * Validates what the builder could not (filters, source), then starts the import on threads of its own.
     *
     * @param config the validated configuration
     * @return the running job; returns at once, without waiting for the import
     * @throws dev.lightning4j.ImportException when the configuration is refused before anything starts
     */
    ImportJob start(ImportConfig config);

    /**
     * Runs the pre-checks alone and changes nothing on the target (a dry run).
     *
     * @param config the validated configuration
     * @return every finding; the default throws {@link UnsupportedOperationException}
     */
    default PrecheckReport precheck(ImportConfig config) {
        throw new UnsupportedOperationException("this engine has no pre-checks");
    }

    /**
     * The checkpoints an import with this configuration would use, for listing and clearing them.
     *
     * @param config the validated configuration
     * @return a handle on the store; the caller closes it
     * @throws dev.lightning4j.ImportException with {@code PROVIDER_NOT_FOUND} when this engine has no checkpoints
     */
    default dev.lightning4j.Checkpoints checkpoints(ImportConfig config) {
        throw new dev.lightning4j.ImportException(dev.lightning4j.ErrorCode.PROVIDER_NOT_FOUND,
                "this import engine does not manage checkpoints");
    }
}
