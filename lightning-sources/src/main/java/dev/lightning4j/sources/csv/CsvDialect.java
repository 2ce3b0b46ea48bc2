package dev.lightning4j.sources.csv;

import dev.lightning4j.CsvOptions;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link CsvOptions} compiled to the bytes the scanners match: separators, delimiters and terminators are
 * matched as their UTF-8 bytes, because the scanners read raw bytes and never decode the file.
 */
final class CsvDialect {
    static final byte ESCAPE = '\\';

    final byte[] separator;
    /** Empty when fields are never quoted. */
    final byte[] delimiter;
    /** Empty for "LF, CRLF or CR". */
    final byte[] terminator;
    final boolean backslashEscape;
    final boolean notNull;
    final byte[][] nullValues;
    /** True when a raw {@code \N} means NULL (MySQL's SELECT INTO OUTFILE writes NULL so). */
    final boolean backslashNIsNull;
    final boolean header;
    final boolean headerSchemaMatch;

    CsvDialect(CsvOptions o) {
        separator = utf8(o.separator());
        delimiter = utf8(o.delimiter());
        terminator = utf8(o.terminator());
        backslashEscape = o.backslashEscape();
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
