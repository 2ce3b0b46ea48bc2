package dev.lightning4j.spi;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportJob;
import dev.lightning4j.PrecheckReport;

/**
 * The implementation behind {@link dev.lightning4j.ImportBuilder}, found by ServiceLoader. The API module
 * depends on no engine; {@code lightning-core} provides one.
 */
public interface ImportEngine {

    /** Validates what the builder could not (filters, source), then starts the import on threads of its own. */
    ImportJob start(ImportConfig config);

    /** Runs the pre-checks alone and changes nothing on the target (a dry run). */
    default PrecheckReport precheck(ImportConfig config) {
        throw new UnsupportedOperationException("this engine has no pre-checks");
    }

    /** The checkpoints an import with this configuration would use, for listing and clearing them. */
    default dev.lightning4j.Checkpoints checkpoints(ImportConfig config) {
        throw new dev.lightning4j.ImportException(dev.lightning4j.ErrorCode.PROVIDER_NOT_FOUND,
                "this import engine does not manage checkpoints");
    }
}
