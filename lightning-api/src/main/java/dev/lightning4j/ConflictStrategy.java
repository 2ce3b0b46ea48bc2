package dev.lightning4j;

import java.util.Locale;

/** What to do when a row conflicts with an existing primary or unique key. */
public enum ConflictStrategy {
    /** Plain INSERT: a duplicate key is a row error, counted against the error budget. */
    ERROR,
    /** REPLACE: the imported row replaces the existing one. */
    REPLACE,
    /** INSERT IGNORE: the existing row is kept, the imported one is dropped. */
    IGNORE;

    /**
     * Parses {@code error}, {@code replace} or {@code ignore} (case-insensitive; empty means {@code error}).
     *
     * @param text the {@code on-duplicate} value, or null
     * @return the strategy; {@link #ERROR} for null or blank text
     * @throws IllegalArgumentException naming the accepted values when the text is none of them
     */
    public static ConflictStrategy parse(String text) {
        if (text == null || text.isBlank()) {
            return ERROR;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "on-duplicate: unknown conflict strategy '" + text + "'; use error, replace or ignore");
        }
    }

    /**
     * The name as written in configuration ({@code on-duplicate}).
     *
     * @return the lower-case name, such as {@code replace}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
