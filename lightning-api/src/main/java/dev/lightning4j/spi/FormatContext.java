package dev.lightning4j.spi;

import dev.lightning4j.CsvOptions;

/**
 * What a parser may know about the import.
 *
 * @param csv                CSV options
 * @param dataCharacterSet   the character set of CSV and SQL data files ({@code data-character-set}):
 *                           {@code binary} (bytes as they are: text when they are valid UTF-8, else bytes),
 *                           {@code utf8mb4}, {@code gbk}, {@code gb18030}, {@code latin1} or {@code ascii}
 * @param invalidCharReplace what replaces each invalid byte sequence when text is converted
 *                           ({@code data-invalid-char-replace}, default U+FFFD); null makes such bytes an error
 */
public record FormatContext(CsvOptions csv, String dataCharacterSet, String invalidCharReplace) {
    /** Lightning's default {@code data-invalid-char-replace}. */
    public static final String DEFAULT_INVALID_CHAR_REPLACE = "\uFFFD";

    /**
     * Fills in the default character set {@code binary} when none is given.
     *
     * @param csv                CSV options
     * @param dataCharacterSet   the character set of data files, or null for {@code binary}
     * @param invalidCharReplace the replacement of invalid byte sequences, or null to make them an error
     */
    public FormatContext {
        dataCharacterSet = dataCharacterSet == null ? "binary" : dataCharacterSet;
    }

    /**
     * Data read as bytes ({@code binary}), as before character sets could be chosen.
     *
     * @param csv CSV options
     */
    public FormatContext(CsvOptions csv) {
        this(csv, "binary", DEFAULT_INVALID_CHAR_REPLACE);
    }
}
