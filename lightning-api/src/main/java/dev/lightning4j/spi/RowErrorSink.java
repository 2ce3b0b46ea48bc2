package dev.lightning4j.spi;

import dev.lightning4j.RowError;

/** Where a backend reports a row it could not write. */
public interface RowErrorSink {

    /**
     * Records a rejected row and counts it against the error budget.
     *
     * @param kind    why the row was rejected (a type error, a conflict, ...)
     * @param offset  byte offset of the row in its source file, as in {@link TargetRow#offset()}
     * @param reason  the server's or parser's message
     * @param rowText the row as text for the error report and {@code type_error_v1}, or null when unknown
     * @throws dev.lightning4j.ImportException with {@code TOO_MANY_ERRORS} when the budget is exceeded;
     *                                         the backend must then stop writing this chunk
     */
    void reject(RowError.Kind kind, long offset, String reason, String rowText);
}
