package dev.lightning4j.sources.sql;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The token-level pieces of the SQL dump grammar: blanks and comments, words, quoted strings and
 * identifiers, skipping a whole statement, and syntax errors that say where.
 */
final class SqlLexer {
    /** Bytes that may appear in an unquoted word: letters, digits, {@code _}, {@code $} and non-ASCII. */
    private static final boolean[] WORD = new boolean[256];
    private static final int CONTEXT_BYTES = 20;

    static {
        for (int c = 0; c < 256; c++) {
            WORD[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
                    || c >= 0x80;
        }
    }

    final SqlInput in;
    private final String file;
    private final String table;

    SqlLexer(SqlInput in, String file, String table) {
        this.in = in;
        this.file = file;
        this.table = table;
    }

    static boolean isWordByte(int c) {
        return c >= 0 && WORD[c];
    }

    /** Skips whitespace and comments; returns the next byte (not consumed) or -1 at the end. */
    int skipBlanks() throws IOException {
        for (;;) {
            int c = in.peek();
            switch (c) {
                case ' ', '\t', '\n', '\r', 0x0b, 0x0c -> in.pos++;
                case '#' -> skipLine();
                case '/' -> {
                    if (in.peekAt(1) != '*') {
                        return c;
                    }
                    skipBlockComment();
                }
                case '-' -> {
                    // MySQL starts a "--" comment only when a blank or control byte follows.
                    int after = in.peekAt(2);
                    if (in.peekAt(1) != '-' || after > ' ') {
                        return c;
                    }
                    skipLine();
                }
                default -> {
                    return c;
                }
            }
        }
    }

    /** Skips to just after the next line break, or to the end. */
    void skipLine() throws IOException {
        for (;;) {
            byte[] b = in.buf;
            int p = in.pos;
            int lim = in.limit;
            while (p < lim && b[p] != '\n') {
                p++;
            }
            in.pos = p;
            if (p < lim) {
                in.pos++;
                return;
            }
            if (!in.fill()) {
                return;
            }
        }
    }

    /** Skips a {@code /* ... *}{@code /} comment, including MySQL's executable {@code /*!...*}{@code /} ones. */
    private void skipBlockComment() throws IOException {
        long start = in.offset();
        in.pos += 2;
        boolean star = false;
        for (;;) {
            int c = in.peek();
            if (c < 0) {
                throw error(start, "unterminated comment at end of file", "/*");
            }
            in.pos++;
            if (star && c == '/') {
                return;
            }
            star = c == '*';
        }
    }

    /** Reads an unquoted word (letters, digits, _, $) into {@code out}; reads nothing when none starts here. */
    void readWord(ByteBuilder out) throws IOException {
        in.readWhile(WORD, out);
    }

    /**
     * Reads the rest of a quoted token whose opening quote is already consumed, up to and including the
     * closing quote. A doubled quote stands for itself; with {@code escapes}, MySQL backslash escapes are
     * decoded. Contents go to {@code out}, or nowhere when it is null.
     */
    void readQuotedRest(int quote, boolean escapes, ByteBuilder out, long openOffset) throws IOException {
        byte q = (byte) quote;
        for (;;) {
            byte[] b = in.buf;
            int p = in.pos;
            int lim = in.limit;
            int s = p;
            while (p < lim) {
                byte x = b[p];
                if (x == q || x == '\\' && escapes) {
                    break;
                }
                p++;
            }
            if (out != null) {
                out.append(b, s, p - s);
            }
            in.pos = p;
            if (p == lim) {
                if (!in.fill()) {
                    throw unterminated(quote, out, openOffset);
                }
                continue;
            }
            in.pos++;
            if (b[p] == q) {
                if (in.peek() != quote) {
                    return;
                }
                in.pos++;
                if (out != null) {
                    out.append(q);
                }
            } else {
                int e = in.peek();
                if (e < 0) {
                    throw unterminated(quote, out, openOffset);
                }
                in.pos++;
                if (out != null) {
                    appendEscaped(e, out);
                }
            }
        }
    }

    private static void appendEscaped(int e, ByteBuilder out) {
        switch (e) {
            case '0' -> out.append((byte) 0);
            case 'b' -> out.append((byte) '\b');
            case 'n' -> out.append((byte) '\n');
            case 'r' -> out.append((byte) '\r');
            case 't' -> out.append((byte) '\t');
            case 'Z' -> out.append((byte) 26);
            case '%', '_' -> {
                // LIKE wildcards keep their backslash, as in MySQL.
                out.append((byte) '\\');
                out.append((byte) e);
            }
            default -> out.append((byte) e);
        }
    }

    private ImportException unterminated(int quote, ByteBuilder out, long openOffset) {
        String near = (char) quote + (out == null ? "" : SqlInput.printable(out.data, 0, Math.min(out.size,
                CONTEXT_BYTES - 1)));
        String what = quote == '`' ? "unterminated quoted identifier at end of file"
                : "unterminated string at end of file";
        return error(openOffset, what, near);
    }

    /** Reads an identifier: {@code `quoted`}, {@code "quoted"} or a bare word; null when none starts here. */
    String readIdentifier(ByteBuilder scratch) throws IOException {
        int c = in.peek();
        if (c == '`' || c == '"') {
            long open = in.offset();
            in.pos++;
            scratch.clear();
            readQuotedRest(c, false, scratch, open);
        } else if (isWordByte(c)) {
            readWord(scratch);
        } else {
            return null;
        }
        return new String(scratch.data, 0, scratch.size, StandardCharsets.UTF_8);
    }

    /** Skips to just after the next {@code ;} that is outside strings, identifiers and comments, or to the end. */
    void skipStatement() throws IOException {
        for (;;) {
            int c = skipBlanks();
            switch (c) {
                case -1 -> {
                    return;
                }
                case ';' -> {
                    in.pos++;
                    return;
                }
                case '\'', '"', '`' -> {
                    long open = in.offset();
                    in.pos++;
                    readQuotedRest(c, c != '`', null, open);
                }
                default -> in.pos++;
            }
        }
    }

    /** A syntax error at the current position, quoting the bytes that follow it. */
    ImportException errorHere(String what) throws IOException {
        return error(in.offset(), what, in.snippet(CONTEXT_BYTES));
    }

    /** A syntax error at the current position, where {@code consumed} are the bytes just read before it. */
    ImportException errorAfter(long offset, String what, String consumed) throws IOException {
        String rest = in.snippet(Math.max(0, CONTEXT_BYTES - consumed.length()));
        return error(offset, what, consumed + rest);
    }

    ImportException error(long offset, String what, String near) {
        return new ImportException(ErrorCode.SOURCE_SYNTAX,
                what + ", near '" + near + "'; fix the file or exclude it with a filter", file, offset, table, null,
                null);
    }
}
