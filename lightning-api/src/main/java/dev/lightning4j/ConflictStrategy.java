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

    /** Parses {@code error}, {@code replace} or {@code ignore} (case-insensitive; empty means {@code error}). */
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

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
