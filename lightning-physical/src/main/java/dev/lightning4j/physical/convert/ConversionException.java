package dev.lightning4j.physical.convert;

import dev.lightning4j.RowError;

/** A row cannot be stored: a value does not fit its column, or the row's shape does not fit the table. */
public final class ConversionException extends Exception {
    private final String column;
    private final RowError.Kind kind;

    /** A value that does not fit its column (a type error). */
    public ConversionException(String column, String message) {
        this(column, message, RowError.Kind.TYPE);
    }

    public ConversionException(String column, String message, RowError.Kind kind) {
        super(message);
        this.column = column;
        this.kind = kind;
    }

    /** How the engine counts the row. */
    public RowError.Kind kind() {
        return kind;
    }

    /** The column the value was meant for. */
    public String column() {
        return column;
    }
}
