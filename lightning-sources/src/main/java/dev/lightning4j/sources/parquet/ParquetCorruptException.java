package dev.lightning4j.sources.parquet;

/**
 * A failure inside page reading, where the parquet-column interfaces allow no checked exception; carries the byte
 * offset of the page that failed.
 */
final class ParquetCorruptException extends RuntimeException {
    final long offset;

    ParquetCorruptException(String message, long offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }
}
