package dev.lightning4j.spi;

import java.util.Objects;

/**
 * A value that a SQL dump wrote as an unquoted literal. Kept as written so that a backend can hand it to
 * the server unchanged, and the server converts it exactly as it would the original dump.
 *
 * @param kind what kind of literal
 * @param text for NUMBER the literal as written ({@code -1.5e3}); for HEX and HEX_NUMBER the hex digits
 *             ({@code 4aF0}); for BIT the binary digits ({@code 0101}); for BOOLEAN {@code TRUE} or {@code FALSE}
 */
public record SqlLiteral(Kind kind, String text) {
    /** Literal kinds; the two hex forms differ on the server, so each is kept. */
    public enum Kind {
        /** A number: an integer, a decimal or one with an exponent, such as {@code -1.5e3}. */
        NUMBER,
        /** {@code X'4AF0'}: a binary string, also when assigned to a number column. */
        HEX,
        /** {@code 0x4AF0}: a number when assigned to a number column, a binary string elsewhere. */
        HEX_NUMBER,
        /** {@code b'0101'}: a bit value. */
        BIT,
        /** {@code TRUE} or {@code FALSE}, which the server reads as 1 or 0. */
        BOOLEAN
    }

    /**
     * Checks that neither part is null.
     *
     * @param kind what kind of literal
     * @param text the literal's digits or text as described on the record
     * @throws NullPointerException when either is null
     */
    public SqlLiteral {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /**
     * The literal as SQL text the server accepts.
     *
     * @return SQL such as {@code X'4AF0'}, {@code 0x4AF0} or {@code b'0101'}
     */
    public String toSql() {
        return switch (kind) {
            case NUMBER, BOOLEAN -> text;
            case HEX -> "X'" + (text.length() % 2 == 1 ? "0" + text : text) + "'";
            case HEX_NUMBER -> text.isEmpty() ? "X''" : "0x" + text;
            case BIT -> "b'" + text + "'";
        };
    }

    /**
     * The literal as SQL, for messages and logs.
     *
     * @return the same as {@link #toSql()}
     */
    @Override
    public String toString() {
        return toSql();
    }
}
