package dev.lightning4j.spi;

import dev.lightning4j.RowError;

/** Where a backend reports a row it could not write. */
public interface RowErrorSink {

    /**
     * Records a rejected row and counts it against the error budget.
     *
     * @throws dev.lightning4j.ImportException with {@code TOO_MANY_ERRORS} when the budget is exceeded;
     *                                         the backend must then stop writing this chunk
     */
    void reject(RowError.Kind kind, long offset, String reason, String rowText);
}
