package dev.lightning4j.spi;

import dev.lightning4j.TableName;

/**
 * A table's state in a checkpoint.
 *
 * @param table  the target table
 * @param status how far it got
 * @param error  why it failed (status {@link Status#FAILED}), else null
 */
public record TableCheckpoint(TableName table, Status status, String error) {

    /** Table states in the order an import goes through them; {@code FAILED} blocks a resume. */
    public enum Status {
        /** Planned; nothing was done on the target yet. */
        PENDING,
        /** The table exists on the target; no rows were written. */
        SCHEMA_CREATED,
        /** Chunks are being written; their own checkpoints say how far. */
        WRITING,
        /** Every chunk was written; the backend's {@link TableImporter#finish()} (ingest, checksum) remains. */
        WRITTEN,
        /** The table is done; a resume skips it. */
        FINISHED,
        /** The table failed; a resume refuses it until its checkpoint is cleared. */
        FAILED;

        /**
         * The label stored and shown.
         *
         * @return the lower-case, dash-separated name, such as {@code schema-created}
         */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /**
         * The state a stored label names.
         *
         * @param label a label from {@link #label()} (case-insensitive)
         * @return the state
         * @throws IllegalArgumentException when the label names no state
         */
        public static Status ofLabel(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }
}
