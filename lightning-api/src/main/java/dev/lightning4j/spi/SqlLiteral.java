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
        NUMBER,
        /** {@code X'4AF0'}: a binary string, also when assigned to a number column. */
        HEX,
        /** {@code 0x4AF0}: a number when assigned to a number column, a binary string elsewhere. */
        HEX_NUMBER,
        BIT,
        BOOLEAN
    }

    public SqlLiteral {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** The literal as SQL text the server accepts. */
    public String toSql() {
        return switch (kind) {
            case NUMBER, BOOLEAN -> text;
            case HEX -> "X'" + (text.length() % 2 == 1 ? "0" + text : text) + "'";
            case HEX_NUMBER -> text.isEmpty() ? "X''" : "0x" + text;
            case BIT -> "b'" + text + "'";
        };
    }

    @Override
    public String toString() {
        return toSql();
    }
}
