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
        PENDING, SCHEMA_CREATED, WRITING, WRITTEN, FINISHED, FAILED;

        /** The label stored and shown ({@code schema-created}). */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Status ofLabel(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }
}
