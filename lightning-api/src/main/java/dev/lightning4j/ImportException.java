package dev.lightning4j;

import java.util.Objects;

/**
 * The one exception type of the library. It carries an {@link ErrorCode} and, where known, where the
 * problem is: the file, the byte offset in it, the table and the column. {@link #getMessage()} renders
 * all of it, so printing the message alone tells a user what happened and where.
 */
public class ImportException extends RuntimeException {
    private final ErrorCode code;
    private final String file;
    private final long offset;
    private final String table;
    private final String column;
    private final String reason;

    public ImportException(ErrorCode code, String reason) {
        this(code, reason, null, -1, null, null, null);
    }

    public ImportException(ErrorCode code, String reason, Throwable cause) {
        this(code, reason, null, -1, null, null, cause);
    }

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

    /** A copy of this error with the location filled in where it was unknown. */
    public ImportException at(String file, long offset, String table) {
        return new ImportException(code, reason, this.file != null ? this.file : file,
                this.offset >= 0 ? this.offset : offset, this.table != null ? this.table : table, column,
                getCause() != null ? getCause() : this);
    }

    public ErrorCode code() {
        return code;
    }

    /** The source file, relative to the source root, or null. */
    public String file() {
        return file;
    }

    /** Byte offset in the (decompressed) file, or -1. */
    public long offset() {
        return offset;
    }

    /** Qualified table name {@code db.tbl}, or null. */
    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    /** The message without the location. */
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
