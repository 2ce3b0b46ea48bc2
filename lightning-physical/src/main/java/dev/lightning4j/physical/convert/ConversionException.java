package dev.lightning4j.physical.convert;

/** A value does not fit its column; the engine counts the row as a type error. */
public final class ConversionException extends Exception {
    private final String column;

    public ConversionException(String column, String message) {
        super(message);
        this.column = column;
    }

    /** The column the value was meant for. */
    public String column() {
        return column;
    }
}
