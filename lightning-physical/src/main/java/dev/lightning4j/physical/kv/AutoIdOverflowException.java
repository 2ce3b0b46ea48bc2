package dev.lightning4j.physical.kv;

/**
 * A row's AUTO_RANDOM value cannot be composed: its row ID does not fit the incremental bits the column's
 * layout leaves. A row error, counted against the error budget like a value that does not fit its column;
 * the encoder wrote nothing for the row.
 */
public final class AutoIdOverflowException extends RuntimeException {
    AutoIdOverflowException(String message) {
        super(message);
    }
}
