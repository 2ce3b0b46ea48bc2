package dev.lightning4j.sources.csv;

import java.io.IOException;
import java.io.InputStream;

/**
 * The CSV scanner for every dialect: multi-byte separators, delimiters and terminators, and backslash
 * escapes (Lightning's default). It reads raw bytes through one fixed buffer, finds the next interesting
 * byte with a 256-entry table and copies plain runs in bulk, so memory stays bounded by the longest row.
 *
 * <p>Rules, as Lightning's {@code [mydumper.csv]} parser applies them: a delimiter opens a quoted field only
 * at the start of a field; after the closing delimiter only a separator, a terminator or the end may follow;
 * a doubled delimiter inside quotes is one delimiter; with escapes, {@code \} plus one byte is one escape in
 * and out of quotes; empty lines, and lines holding only white space, are skipped.
 */
final class ByteCsvScanner implements CsvScanner {
    private static final int BUFFER = 64 * 1024;

    private static final int AT_LINE_START = 0;
    private static final int AFTER_SEPARATOR = 1;
    private static final int AFTER_CONTENT = 2;
    private static final int AFTER_CLOSING_QUOTE = 3;

    private final InputStream in;
    private final CsvDialect d;
    private final CsvErrors errors;
    private final long chunkStart;
    private final long end;
    private final boolean[] stopUnquoted = new boolean[256];
    private final boolean[] stopQuoted = new boolean[256];

    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    /** Bytes dropped from the front of {@link #buf} so far. */
    private long base;
    private boolean eof;
    private long rowStart;
    private long rowEnd;

    /**
     * @param chunkStart absolute offset of the stream's first byte
     * @param end        absolute offset where the chunk ends (no row starts at or after it), or -1
     */
    ByteCsvScanner(InputStream in, CsvDialect d, CsvErrors errors, long chunkStart, long end) {
        this.in = in;
        this.d = d;
        this.errors = errors;
        this.chunkStart = chunkStart;
        this.end = end;
        stopUnquoted[d.separator[0] & 0xFF] = true;
        if (d.terminator.length == 0) {
            stopUnquoted['\n'] = true;
            stopUnquoted['\r'] = true;
        } else {
            stopUnquoted[d.terminator[0] & 0xFF] = true;
        }
        if (d.quoting()) {
            stopUnquoted[d.delimiter[0] & 0xFF] = true;
            stopQuoted[d.delimiter[0] & 0xFF] = true;
        }
        if (d.backslashEscape) {
            stopUnquoted[d.escape & 0xFF] = true;
            stopQuoted[d.escape & 0xFF] = true;
        }
    }

    @Override
    public long rowStart() {
        return rowStart;
    }

    @Override
    public long rowEnd() {
        return rowEnd;
    }

    private long abs() {
        return chunkStart + base + pos;
    }

    private boolean pastEnd() {
        return end >= 0 && abs() >= end;
    }

    @Override
    public boolean next(CsvFields f) throws IOException {
        f.reset();
        boolean lineEmpty = true;
        boolean structural = false;
        boolean fieldQuoted = false;
        int prev = AT_LINE_START;
        rowStart = abs();
        if (pastEnd()) {
            return false;
        }
        final boolean[] stop = stopUnquoted;
        while (true) {
            if (pos >= limit && !ensure(1)) {
                if (lineEmpty) {
                    return false;
                }
                f.endField(fieldQuoted);
                rowEnd = abs();
                return true;
            }
            final byte[] b = buf;
            int p = pos;
            final int l = limit;
            while (p < l && !stop[b[p] & 0xFF]) {
                p++;
            }
            if (p > pos) {
                if (prev == AFTER_CLOSING_QUOTE) {
                    throw garbageAfterQuote();
                }
                f.append(b, pos, p - pos);
                pos = p;
                lineEmpty = false;
                prev = AFTER_CONTENT;
                continue;
            }
            byte c = b[pos];
            int t = terminatorAt(c);
            if (t > 0) {
                pos += t;
                if (lineEmpty || f.currentLineIsBlank(structural)) {
                    f.reset();
                    lineEmpty = true;
                    prev = AT_LINE_START;
                    rowStart = abs();
                    if (pastEnd()) {
                        return false;
                    }
                    continue;
                }
                f.endField(fieldQuoted);
                rowEnd = abs();
                return true;
            }
            if (c == d.separator[0] && matches(d.separator)) {
                pos += d.separator.length;
                f.endField(fieldQuoted);
                fieldQuoted = false;
                structural = true;
                lineEmpty = false;
                prev = AFTER_SEPARATOR;
                continue;
            }
            if (d.quoting() && c == d.delimiter[0] && matches(d.delimiter)) {
                if (prev != AT_LINE_START && prev != AFTER_SEPARATOR) {
                    throw syntaxHere("a quote delimiter inside an unquoted field",
                            "quote the whole field and double the delimiter inside it, or set csv delimiter=''");
                }
                long quoteAt = abs();
                pos += d.delimiter.length;
                readQuoted(f, quoteAt);
                fieldQuoted = true;
                structural = true;
                lineEmpty = false;
                prev = AFTER_CLOSING_QUOTE;
                continue;
            }
            if (prev == AFTER_CLOSING_QUOTE) {
                throw garbageAfterQuote();
            }
            if (d.backslashEscape && c == d.escape) {
                readEscape(f);
            } else {
                // The first byte of a multi-byte token that did not match: plain data.
                f.append(c);
                pos++;
            }
            lineEmpty = false;
            prev = AFTER_CONTENT;
        }
    }

    private void readQuoted(CsvFields f, long quoteAt) throws IOException {
        final boolean[] stop = stopQuoted;
        final byte[] delim = d.delimiter;
        while (true) {
            if (pos >= limit && !ensure(1)) {
                throw errors.syntax("unterminated quoted field", "close the quoted field with " + show(delim)
                        + ", or check that quotes inside fields are doubled" + (d.backslashEscape
                                ? " or escaped with a backslash" : ""), quoteAt, null, 0, 0);
            }
            final byte[] b = buf;
            int p = pos;
            final int l = limit;
            while (p < l && !stop[b[p] & 0xFF]) {
                p++;
            }
            if (p > pos) {
                f.append(b, pos, p - pos);
                pos = p;
                continue;
            }
            byte c = b[pos];
            if (c == delim[0] && matches(delim)) {
                pos += delim.length;
                if (ensure(1) && buf[pos] == delim[0] && matches(delim)) {
                    f.append(delim, 0, delim.length);
                    pos += delim.length;
                    continue;
                }
                return;
            }
            if (d.backslashEscape && c == d.escape) {
                readEscape(f);
            } else {
                f.append(c);
                pos++;
            }
        }
    }

    private void readEscape(CsvFields f) throws IOException {
        if (!ensure(2)) {
            throw syntaxHere("a backslash at the end of the data escapes nothing",
                    "remove the backslash or double it, or set csv backslash-escape=false");
        }
        f.appendEscaped(unescape(buf[pos + 1]));
        pos += 2;
    }

    /** MySQL's escapes; any other byte stands for itself. */
    static byte unescape(byte b) {
        return switch (b) {
            case '0' -> 0;
            case 'b' -> '\b';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'Z' -> 0x1A;
            default -> b;
        };
    }

    /** Length of the terminator at {@link #pos}, or 0. */
    private int terminatorAt(byte c) throws IOException {
        byte[] term = d.terminator;
        if (term.length == 0) {
            if (c == '\n') {
                return 1;
            }
            if (c == '\r') {
                return ensure(2) && buf[pos + 1] == '\n' ? 2 : 1;
            }
            return 0;
        }
        return c == term[0] && matches(term) ? term.length : 0;
    }

    /** Whether {@code token} is at {@link #pos}; the caller has checked its first byte. */
    private boolean matches(byte[] token) throws IOException {
        int n = token.length;
        if (n == 1) {
            return true;
        }
        if (!ensure(n)) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            if (buf[pos + i] != token[i]) {
                return false;
            }
        }
        return true;
    }

    /** Makes {@code k} bytes available from {@link #pos}; false when the data ends first. */
    private boolean ensure(int k) throws IOException {
        if (limit - pos >= k) {
            return true;
        }
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            base += pos;
            limit -= pos;
            pos = 0;
        }
        while (limit < k) {
            if (limit == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
        }
        return true;
    }

    private RuntimeException garbageAfterQuote() throws IOException {
        return syntaxHere("data after the closing quote of a field", "put a separator right after the closing "
                + show(d.delimiter) + ", or double the delimiter if it belongs inside the field");
    }

    /** An error at the current byte, showing the bytes from there (as many as the data has, up to a limit). */
    private RuntimeException syntaxHere(String problem, String todo) throws IOException {
        ensure(CsvErrors.SNIPPET_BYTES);
        return errors.syntax(problem, todo, abs(), buf, pos, limit - pos);
    }

    private static String show(byte[] token) {
        return "'" + CsvErrors.snippet(token, 0, token.length) + "'";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
