package dev.lightning4j.sources.sql;

import dev.lightning4j.sources.text.TextDecoder;
import dev.lightning4j.spi.SqlLiteral;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one value of a VALUES tuple: a quoted string (optionally with a charset introducer), a number,
 * a hex or bit literal, NULL, TRUE/FALSE, or {@code CONVERT('..' USING cs)}.
 *
 * <p>Strings become {@link String} when their bytes are valid UTF-8 and {@code byte[]} otherwise (and
 * always for {@code _binary}); unquoted literals stay as written in a {@link SqlLiteral}.
 */
final class SqlValueReader {
    /** Bytes that can belong to a number, hex or bit literal as written: digits, letters, . + - _ $. */
    private static final boolean[] NUMBER_RUN = new boolean[256];
    private static final SqlLiteral TRUE = new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "TRUE");
    private static final SqlLiteral FALSE = new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "FALSE");
    private static final int INITIAL_SCRATCH = 256;
    private static final int MAX_KEPT_SCRATCH = 1 << 20;

    static {
        for (int c = 0; c < 256; c++) {
            NUMBER_RUN[c] = SqlLexer.isWordByte(c) || c == '.' || c == '+' || c == '-';
        }
    }

    private final SqlLexer lexer;
    private final SqlInput in;
    /** Contents of the current string or literal; reused for every value. */
    private final ByteBuilder scratch = new ByteBuilder(INITIAL_SCRATCH);
    private final ByteBuilder word = new ByteBuilder(32);

    private final TextDecoder text;

    SqlValueReader(SqlLexer lexer) {
        this(lexer, TextDecoder.binary());
    }

    SqlValueReader(SqlLexer lexer, TextDecoder text) {
        this.text = text;
        this.lexer = lexer;
        this.in = lexer.in;
    }

    /** Reads the value starting at the next byte {@code c} (already peeked, blanks skipped). */
    Object read(int c) throws IOException {
        switch (c) {
            case '\'', '"' -> {
                return readString(c, false);
            }
            case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '-', '.' -> {
                return readNumber();
            }
            case -1 -> throw lexer.errorHere("unexpected end of file where a value was expected");
            default -> {
                if (SqlLexer.isWordByte(c)) {
                    return readWordValue();
                }
                throw lexer.errorHere("unknown token where a value was expected");
            }
        }
    }

    private Object readString(int quote, boolean binary) throws IOException {
        long open = in.offset();
        in.pos++;
        byte q = (byte) quote;
        byte[] b = in.buf;
        int p = in.pos;
        int lim = in.limit;
        int s = p;
        while (p < lim) {
            byte x = b[p];
            if (x == q || x == '\\') {
                break;
            }
            p++;
        }
        if (p + 1 < lim && b[p] == q && b[p + 1] != q) {
            // Common case: the whole string is in the window and has no escapes; decode it in place.
            in.pos = p + 1;
            return binary ? Arrays.copyOfRange(b, s, p) : text(b, s, p - s, open);
        }
        scratch.clear();
        lexer.readQuotedRest(quote, true, scratch, open);
        Object value = binary ? scratch.toByteArray() : text(scratch.data, 0, scratch.size, open);
        scratch.shrinkTo(MAX_KEPT_SCRATCH, INITIAL_SCRATCH);
        return value;
    }

    /** A string's text after {@code data-character-set}; invalid bytes fail at the string's opening quote. */
    private Object text(byte[] b, int off, int len, long open) {
        try {
            return text.decode(b, off, len);
        } catch (TextDecoder.InvalidTextException e) {
            throw lexer.error(open, "the string holds " + e.describe(), SqlInput.printable(b, off, Math.min(len, 30)));
        }
    }

    private Object readNumber() throws IOException {
        long start = in.offset();
        readRun();
        byte[] t = scratch.data;
        int n = scratch.size;
        if (n > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
            return literal(SqlLiteral.Kind.HEX_NUMBER, t, 2, n, start, "malformed hex literal", ascii(t, 0, n));
        }
        if (n > 2 && t[0] == '0' && (t[1] == 'b' || t[1] == 'B')) {
            return literal(SqlLiteral.Kind.BIT, t, 2, n, start, "malformed bit literal", ascii(t, 0, n));
        }
        if (!isNumber(t, n)) {
            throw lexer.errorAfter(start, "malformed number", ascii(t, 0, n));
        }
        return new SqlLiteral(SqlLiteral.Kind.NUMBER, ascii(t, 0, n));
    }

    /** Reads bytes that can belong to a literal into {@link #scratch}; validation comes after. */
    private void readRun() throws IOException {
        in.readWhile(NUMBER_RUN, scratch);
    }

    /** {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?} */
    private static boolean isNumber(byte[] t, int n) {
        int i = 0;
        if (i < n && (t[i] == '+' || t[i] == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(t[i])) {
            i++;
            digits++;
        }
        if (i < n && t[i] == '.') {
            i++;
            while (i < n && isDigit(t[i])) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (t[i] == 'e' || t[i] == 'E')) {
            i++;
            if (i < n && (t[i] == '+' || t[i] == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && isDigit(t[i])) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Checks the digits {@code t[from, to)}; {@code written} is how the literal began, for the error message. */
    private SqlLiteral literal(SqlLiteral.Kind kind, byte[] t, int from, int to, long start, String what,
            String written) throws IOException {
        for (int i = from; i < to; i++) {
            if (!(kind != SqlLiteral.Kind.BIT ? isHex(t[i]) : t[i] == '0' || t[i] == '1')) {
                throw lexer.errorAfter(start, what, written);
            }
        }
        return new SqlLiteral(kind, ascii(t, from, to));
    }

    private static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }

    private Object readWordValue() throws IOException {
        long start = in.offset();
        lexer.readWord(word);
        int next = in.peek();
        if (next == '\'' && word.size == 1) {
            switch (word.data[0]) {
                case 'x', 'X' -> {
                    return quotedLiteral(SqlLiteral.Kind.HEX, start);
                }
                case 'b', 'B' -> {
                    return quotedLiteral(SqlLiteral.Kind.BIT, start);
                }
                case 'n', 'N' -> {
                    return readString(next, false);
                }
                default -> {
                }
            }
        }
        if (word.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (word.equalsIgnoreCase("TRUE")) {
            return TRUE;
        }
        if (word.equalsIgnoreCase("FALSE")) {
            return FALSE;
        }
        if (word.size > 1 && word.data[0] == '_') {
            return readIntroduced(word.equalsIgnoreCase("_binary"), start);
        }
        if (word.equalsIgnoreCase("CONVERT")) {
            return readConvert(start);
        }
        throw lexer.errorAfter(start, "unknown token where a value was expected", wordText());
    }

    /** {@code X'0aF1'} or {@code b'0101'}: the digits between the quotes, checked. */
    private SqlLiteral quotedLiteral(SqlLiteral.Kind kind, long start) throws IOException {
        long open = in.offset();
        in.pos++;
        scratch.clear();
        lexer.readQuotedRest('\'', false, scratch, open);
        String written = (char) word.data[0] + "'" + SqlInput.printable(scratch.data, 0, Math.min(scratch.size, 18))
                + "'";
        return literal(kind, scratch.data, 0, scratch.size, start,
                kind == SqlLiteral.Kind.HEX ? "malformed hex literal" : "malformed bit literal", written);
    }

    /** A charset introducer such as {@code _binary} or {@code _utf8mb4} before a literal. */
    private Object readIntroduced(boolean binary, long start) throws IOException {
        String introducer = wordText();
        int c = lexer.skipBlanks();
        if (c == '\'' || c == '"') {
            return readString(c, binary);
        }
        if (c >= '0' && c <= '9' || SqlLexer.isWordByte(c)) {
            Object v = read(c);
            if (v instanceof SqlLiteral lit && (lit.kind() == SqlLiteral.Kind.HEX || lit.kind() == SqlLiteral.Kind.HEX_NUMBER
                    || lit.kind() == SqlLiteral.Kind.BIT)) {
                return v;
            }
        }
        throw lexer.errorAfter(start, "a string or hex literal must follow the introducer " + introducer,
                introducer + " ");
    }

    /** {@code CONVERT('..' USING charset)}, which some dumps write for text: yields the inner value. */
    private Object readConvert(long start) throws IOException {
        if (lexer.skipBlanks() != '(') {
            throw lexer.errorHere("expected '(' after CONVERT");
        }
        in.pos++;
        Object value = read(lexer.skipBlanks());
        lexer.skipBlanks();
        lexer.readWord(word);
        if (!word.equalsIgnoreCase("USING")) {
            throw lexer.errorHere("expected USING in CONVERT(... USING charset)");
        }
        lexer.skipBlanks();
        lexer.readWord(word);
        if (word.size == 0) {
            throw lexer.errorHere("expected a character set name after USING");
        }
        if (lexer.skipBlanks() != ')') {
            throw lexer.errorHere("expected ')' to close CONVERT(");
        }
        in.pos++;
        return value;
    }

    private String wordText() {
        return new String(word.data, 0, word.size, StandardCharsets.UTF_8);
    }

    private static String ascii(byte[] t, int from, int to) {
        return new String(t, from, to - from, StandardCharsets.ISO_8859_1);
    }

    int scratchCapacity() {
        return scratch.capacity();
    }
}
