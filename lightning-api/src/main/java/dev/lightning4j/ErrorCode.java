package dev.lightning4j;

/** Stable error codes carried by {@link ImportException}; the prefix tells the area. */
public enum ErrorCode {
    /** An option has an invalid or missing value. */
    INVALID_OPTION("LJ-CONF-001"),
    /** No provider with the requested name was found (storage, format or backend). */
    PROVIDER_NOT_FOUND("LJ-CONF-002"),
    /** The source location does not exist or cannot be listed. */
    SOURCE_NOT_FOUND("LJ-SRC-001"),
    /** A source file could not be read. */
    SOURCE_READ("LJ-SRC-002"),
    /** A data file could not be parsed (syntax error, unterminated value). */
    SOURCE_SYNTAX("LJ-SRC-003"),
    /** A data file belongs to a table that has no schema file and does not exist on the target. */
    MISSING_SCHEMA("LJ-SRC-004"),
    /** A schema file could not be applied. */
    SCHEMA_FAILED("LJ-SCH-001"),
    /** The target database could not be reached. */
    TARGET_UNREACHABLE("LJ-TGT-001"),
    /** The target refused the credentials or a privilege. */
    TARGET_ACCESS_DENIED("LJ-TGT-002"),
    /** A statement failed on the target in a way that is not a row error. */
    TARGET_WRITE("LJ-TGT-003"),
    /** More rows were rejected than the error budget (max-error) allows. */
    TOO_MANY_ERRORS("LJ-ROW-001"),
    /** A row could not be imported (type error, conflict, wrong column count). */
    ROW_REJECTED("LJ-ROW-002"),
    /** A pre-check found a problem before anything was written. */
    PRECHECK_FAILED("LJ-CHK-001"),
    /** Checkpoints cannot be read or written, or do not fit this import (changed settings, a failed table). */
    CHECKPOINT("LJ-CKP-001"),
    /** The import was cancelled. */
    CANCELLED("LJ-JOB-001"),
    /** An unexpected internal failure. */
    INTERNAL("LJ-JOB-002");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /**
     * The stable code shown in messages, to search for or match on.
     *
     * @return a code such as {@code LJ-SRC-003}; it never changes between versions
     */
    public String code() {
        return code;
    }
}
