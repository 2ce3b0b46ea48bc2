package dev.lightning4j.sources.csv;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.sources.text.TextDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link CsvOptions} compiled to the bytes the scanners match: separators, delimiters and terminators are
 * matched as their UTF-8 bytes, because the scanners read raw bytes and never decode the file.
 */
final class CsvDialect {
    static final byte BACKSLASH = '\\';

    final byte[] separator;
    /** Empty when fields are never quoted. */
    final byte[] delimiter;
    /** Empty for "LF, CRLF or CR". */
    final byte[] terminator;
    /** True when an escape character is set ({@code escaped-by}, a backslash by default). */
    final boolean backslashEscape;
    /** The escape character's byte; meaningful only when {@link #backslashEscape}. */
    final byte escape;
    final boolean trimLastSeparator;
    /** Turns field bytes into values after {@code data-character-set}. */
    final TextDecoder text;
    final boolean notNull;
    final byte[][] nullValues;
    /** True when a raw {@code \N} means NULL (MySQL's SELECT INTO OUTFILE writes NULL so). */
    final boolean backslashNIsNull;
    final boolean header;
    final boolean headerSchemaMatch;

    CsvDialect(CsvOptions o) {
        this(o, TextDecoder.binary());
    }

    CsvDialect(CsvOptions o, TextDecoder text) {
        this.text = text;
        separator = utf8(o.separator());
        delimiter = utf8(o.delimiter());
        terminator = utf8(o.terminator());
        byte[] esc = utf8(o.escapedBy());
        if (esc.length > 1) {
            throw new IllegalArgumentException("csv.escaped-by must be a single-byte character, not '"
                    + o.escapedBy() + "'");
        }
        backslashEscape = esc.length == 1;
        escape = backslashEscape ? esc[0] : BACKSLASH;
        trimLastSeparator = o.trimLastSeparator();
        notNull = o.notNull();
        List<String> nulls = o.nullValues();
        nullValues = new byte[nulls.size()][];
        for (int i = 0; i < nullValues.length; i++) {
            nullValues[i] = utf8(nulls.get(i));
        }
        backslashNIsNull = backslashEscape && !notNull && nulls.contains("\\N");
        header = o.header();
        headerSchemaMatch = o.headerSchemaMatch();
    }

    boolean quoting() {
        return delimiter.length > 0;
    }

    /**
     * Whether fastcsv parses this dialect exactly as Lightning does: one-byte separator, no or a one-byte
     * delimiter, the default line endings and no backslash escapes.
     */
    boolean fastCsvCompatible() {
        return !backslashEscape && separator.length == 1 && delimiter.length <= 1 && terminator.length == 0
                && !isLineBreak(separator[0]) && (delimiter.length == 0 || !isLineBreak(delimiter[0]));
    }

    private static boolean isLineBreak(byte b) {
        return b == '\n' || b == '\r';
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
