package dev.lightning4j.sources.csv;

import dev.lightning4j.sources.text.Utf8;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fields of one row as unescaped bytes, written by a scanner and turned into values here. One instance
 * is reused for every row, so reading does not allocate per byte or per field beyond the values themselves.
 */
final class CsvFields {
    private byte[] data = new byte[4096];
    private int length;
    private int[] ends = new int[32];
    private boolean[] quoted = new boolean[32];
    private int[] escapes = new int[32];
    private int count;
    private int fieldStart;
    private int fieldEscapes;

    void reset() {
        length = 0;
        count = 0;
        fieldStart = 0;
        fieldEscapes = 0;
    }

    void append(byte[] src, int off, int len) {
        if (length + len > data.length) {
            grow(len);
        }
        System.arraycopy(src, off, data, length, len);
        length += len;
    }

    void append(byte b) {
        if (length == data.length) {
            grow(1);
        }
        data[length++] = b;
    }

    /** Appends chars that stand for bytes (ISO-8859-1: one char per byte). */
    void appendLatin1(char[] src, int off, int len) {
        if (length + len > data.length) {
            grow(len);
        }
        byte[] dst = data;
        int o = length;
        for (int i = 0; i < len; i++) {
            dst[o + i] = (byte) src[off + i];
        }
        length += len;
    }

    /** Appends the byte an escape sequence stands for. */
    void appendEscaped(byte b) {
        append(b);
        fieldEscapes++;
    }

    void endField(boolean isQuoted) {
        if (count == ends.length) {
            int n = count * 2;
            ends = Arrays.copyOf(ends, n);
            quoted = Arrays.copyOf(quoted, n);
            escapes = Arrays.copyOf(escapes, n);
        }
        ends[count] = length;
        quoted[count] = isQuoted;
        escapes[count] = fieldEscapes;
        count++;
        fieldStart = length;
        fieldEscapes = 0;
    }

    /** Bytes of the field being written so far (before {@link #endField}). */
    int currentFieldLength() {
        return length - fieldStart;
    }

    int count() {
        return count;
    }

    int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    int length(int i) {
        return ends[i] - start(i);
    }

    boolean quoted(int i) {
        return quoted[i];
    }

    byte[] data() {
        return data;
    }

    /**
     * Lightning skips a line that holds only white space (no separator, no quotes, no escapes), the way Go's
     * {@code bytes.TrimSpace} sees white space. The line being written is judged before {@link #endField}.
     */
    boolean currentLineIsBlank(boolean sawSeparatorOrQuote) {
        if (sawSeparatorOrQuote || count != 0 || fieldEscapes != 0) {
            return false;
        }
        return blank(0, length);
    }

    /** The completed row is one unquoted field of white space (see {@link #currentLineIsBlank}). */
    boolean isBlankLine() {
        return count == 1 && !quoted[0] && escapes[0] == 0 && blank(0, length);
    }

    private boolean blank(int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] < 0) {
                return unicodeBlank(from, to);
            }
            if (!asciiSpace(data[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean unicodeBlank(int from, int to) {
        if (!Utf8.isValid(data, from, to)) {
            return false;
        }
        String s = new String(data, from, to - from, StandardCharsets.UTF_8);
        return s.codePoints().allMatch(CsvFields::goSpace);
    }

    private static boolean asciiSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0B || b == '\f' || b == '\r';
    }

    /** Go's unicode.IsSpace. */
    private static boolean goSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    /**
     * The values of the row: null, a String, or (under {@code data-character-set=binary}) byte[] when a field
     * is not valid UTF-8.
     *
     * @throws dev.lightning4j.sources.text.TextDecoder.InvalidTextException with the field's number as its
     *         {@link #badField()}, when a field's bytes are invalid in the data's character set
     */
    Object[] values(CsvDialect d) {
        Object[] out = new Object[count];
        for (int i = 0; i < count; i++) {
            badField = i;
            out[i] = isNull(i, d) ? null : d.text.decode(data, start(i), length(i));
        }
        return out;
    }

    private int badField;

    /** The field being decoded when {@link #values} failed. */
    int badField() {
        return badField;
    }

    /** Forgets the last field, for {@code trim-last-separator}. */
    void dropLastField() {
        count--;
        length = count == 0 ? 0 : ends[count - 1];
        fieldStart = length;
    }

    /** The field as text, for header names. */
    String text(int i, CsvDialect d) {
        Object v = d.text.isBinary() ? null : d.text.decode(data, start(i), length(i));
        return v instanceof String s ? s : new String(data, start(i), length(i), StandardCharsets.UTF_8);
    }

    /** Whether field {@code i} is empty and was not quoted. */
    boolean emptyUnquoted(int i) {
        return length(i) == 0 && !quoted[i];
    }

    private boolean isNull(int i, CsvDialect d) {
        if (d.notNull) {
            return false;
        }
        int s = start(i);
        int len = length(i);
        if (d.backslashNIsNull) {
            // One escape that produced exactly "N": the raw field was \N (or N after another escape character).
            if (len == 1 && data[s] == 'N' && escapes[i] == 1) {
                return true;
            }
            // An escaped backslash followed by N (\\N) is the text \N, never NULL.
            if (len == 2 && data[s] == d.escape && data[s + 1] == 'N') {
                return false;
            }
        }
        for (byte[] nv : d.nullValues) {
            if (nv.length == len && Arrays.equals(data, s, s + len, nv, 0, len)) {
                return true;
            }
        }
        return false;
    }

    private void grow(int need) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, length + need));
    }
}
