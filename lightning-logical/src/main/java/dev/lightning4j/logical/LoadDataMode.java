package dev.lightning4j.logical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import java.util.Locale;

/**
 * Whether rows go to the server as {@code LOAD DATA LOCAL INFILE} streams (option {@value #OPTION}).
 * {@code auto}: when the server accepts local files and the table allows it; {@code on}: the same, but an
 * import fails at once when the server refuses; {@code off}: multi-row INSERT statements only.
 */
enum LoadDataMode {
    AUTO, ON, OFF;

    /** The option name, as given to {@code ImportBuilder.option} or the builder's {@code loadData}. */
    static final String OPTION = "logical-load-data";
    /** Size of one LOAD DATA stream in bytes; large streams amortise the per-statement cost. */
    static final String BATCH_BYTES_OPTION = "logical-load-data-batch-bytes";
    static final long DEFAULT_BATCH_BYTES = 4L << 20;

    static LoadDataMode of(ImportConfig config) {
        String v = config.option(OPTION, "auto");
        try {
            return valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, OPTION + " must be auto, on or off, not '" + v + "'");
        }
    }

    static long batchBytes(ImportConfig config) {
        String v = config.option(BATCH_BYTES_OPTION, null);
        if (v == null) {
            return DEFAULT_BATCH_BYTES;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 1024) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ImportException(ErrorCode.INVALID_OPTION, BATCH_BYTES_OPTION + " must be a number of bytes of at"
                + " least 1024, not '" + v + "'");
    }
}
