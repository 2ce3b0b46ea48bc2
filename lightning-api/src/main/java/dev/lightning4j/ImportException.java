package dev.lightning4j;

import java.util.Objects;

/**
 * The one exception type of the library. It carries an {@link ErrorCode} and, where known, where the
 * problem is: the file, the byte offset in it, the table and the column. {@link #getMessage()} renders
 * all of it, so printing the message alone tells a user what happened and where.
 */
public class ImportException extends RuntimeException {
    /** What kind of failure; never null. */
    private final ErrorCode code;
    /** The source file relative to the source root, or null. */
    private final String file;
    /** Byte offset in the decompressed file, or -1. */
    private final long offset;
    /** The qualified table name, or null. */
    private final String table;
    /** The column name, or null. */
    private final String column;
    /** The message without code and location. */
    private final String reason;

    /**
     * An error without location.
     *
     * @param code   what kind of failure, not null
     * @param reason what happened and what to do, for people
     * @throws NullPointerException when {@code code} is null
     */
    public ImportException(ErrorCode code, String reason) {
        this(code, reason, null, -1, null, null, null);
    }

    /**
     * An error without location, caused by another exception.
     *
     * @param code   what kind of failure, not null
     * @param reason what happened and what to do, for people
     * @param cause  the underlying exception (an {@code SQLException}, an {@code IOException}), or null
     * @throws NullPointerException when {@code code} is null
     */
    public ImportException(ErrorCode code, String reason, Throwable cause) {
        this(code, reason, null, -1, null, null, cause);
    }

    /**
     * An error with its location; each part of the location may be unknown.
     *
     * @param code   what kind of failure, not null
     * @param reason what happened and what to do, for people
     * @param file   the source file, relative to the source root, or null
     * @param offset the byte offset in the (decompressed) file, or -1
     * @param table  the qualified table name {@code db.tbl}, or null
     * @param column the column name, or null
     * @param cause  the underlying exception, or null
     * @throws NullPointerException when {@code code} is null
     */
    public ImportException(ErrorCode code, String reason, String file, long offset, String table, String column,
            Throwable cause) {
        super(render(code, reason, file, offset, table, column), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.reason = reason;
        this.file = file;
        this.offset = offset;
        this.table = table;
        this.column = column;
    }

    /**
     * A copy of this error with the location filled in where it was unknown; known parts are kept.
     *
     * @param file   the source file, or null
     * @param offset the byte offset, or -1
     * @param table  the qualified table name, or null
     * @return a new exception whose cause is this one's cause, or this exception when it has none
     */
    public ImportException at(String file, long offset, String table) {
        return new ImportException(code, reason, this.file != null ? this.file : file,
                this.offset >= 0 ? this.offset : offset, this.table != null ? this.table : table, column,
                getCause() != null ? getCause() : this);
    }

    /**
     * What kind of failure this is; match on it rather than on the message.
     *
     * @return the error code, never null
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * The source file the error is about.
     *
     * @return the path relative to the source root, or null when not about a file
     */
    public String file() {
        return file;
    }

    /**
     * Where in the file the error is.
     *
     * @return the byte offset in the (decompressed) file, or -1 when not known
     */
    public long offset() {
        return offset;
    }

    /**
     * The table the error is about.
     *
     * @return the qualified name {@code db.tbl}, or null when not about a table
     */
    public String table() {
        return table;
    }

    /**
     * The column the error is about.
     *
     * @return the column name, or null when not about a column
     */
    public String column() {
        return column;
    }

    /**
     * The message without the code and location.
     *
     * @return the reason as given to the constructor
     */
    public String reason() {
        return reason;
    }

    private static String render(ErrorCode code, String reason, String file, long offset, String table,
            String column) {
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(code.code()).append("] ").append(reason);
        if (file != null || table != null || column != null) {
            sb.append(" (");
            String sep = "";
            if (file != null) {
                sb.append("file ").append(file);
                if (offset >= 0) {
                    sb.append(" at byte ").append(offset);
                }
                sep = ", ";
            }
            if (table != null) {
                sb.append(sep).append("table ").append(table);
                sep = ", ";
            }
            if (column != null) {
                sb.append(sep).append("column ").append(column);
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
