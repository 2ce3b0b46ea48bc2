package dev.lightning4j.sources.sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A fixed-size window over the stream of a SQL dump, tracking absolute byte offsets.
 *
 * <p>The lexer scans {@link #buf} between {@link #pos} and {@link #limit} directly in its hot loops, so
 * these fields are package-visible on purpose. The window never grows: anything longer than it (a huge
 * string, a long comment) is consumed piecewise, so memory does not depend on the size of the file or
 * of a statement.
 */
final class SqlInput {
    static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    private final InputStream in;
    byte[] buf;
    int pos;
    int limit;
    /** Absolute offset of {@code buf[0]}. */
    private long base;
    private boolean eof;

    SqlInput(InputStream in, long startOffset, int bufferSize) {
        if (bufferSize < 64) {
            throw new IllegalArgumentException("buffer too small: " + bufferSize);
        }
        this.in = in;
        this.buf = new byte[bufferSize];
        this.base = startOffset;
    }

    /** Absolute offset of the next unread byte. */
    long offset() {
        return base + pos;
    }

    /** The next byte (0-255) without consuming it, or -1 at the end of the stream. */
    int peek() throws IOException {
        if (pos < limit || fill()) {
            return buf[pos] & 0xff;
        }
        return -1;
    }

    /** The byte {@code ahead} positions after the next one, or -1 when the stream ends before it. */
    int peekAt(int ahead) throws IOException {
        if (pos + ahead < limit || ensure(ahead + 1)) {
            return buf[pos + ahead] & 0xff;
        }
        return -1;
    }

    /** Makes at least {@code n} unread bytes available; false when the stream ends first. */
    boolean ensure(int n) throws IOException {
        while (limit - pos < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads more bytes after the unread ones, moving them to the front of the window first. False at the
     * end of the stream; {@code buf} may be rearranged, so callers re-read {@code buf}, {@code pos} and
     * {@code limit} afterwards.
     */
    boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            int unread = limit - pos;
            System.arraycopy(buf, pos, buf, 0, unread);
            base += pos;
            limit = unread;
            pos = 0;
        }
        if (limit == buf.length) {
            // Only reachable through ensure() with a look-ahead larger than the window; never in practice.
            throw new IllegalStateException("look-ahead larger than the read buffer");
        }
        int n;
        do {
            n = in.read(buf, limit, buf.length - limit);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /** Up to {@code max} upcoming bytes as printable text, for error messages. */
    String snippet(int max) throws IOException {
        ensure(max);
        return printable(buf, pos, Math.min(max, limit - pos));
    }

    int capacity() {
        return buf.length;
    }

    void close() throws IOException {
        in.close();
    }

    /** Bytes as text with line breaks and other control characters made visible. */
    static String printable(byte[] bytes, int off, int len) {
        String s = new String(bytes, off, len, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\0' -> sb.append("\\0");
                default -> sb.append(ch < 0x20 ? '?' : ch);
            }
        }
        return sb.toString();
    }

    /** Appends to {@code out} the bytes from here on that {@code accept} marks, stopping before the first other byte. */
    void readWhile(boolean[] accept, ByteBuilder out) throws IOException {
        out.clear();
        for (;;) {
            int p = pos;
            int s = p;
            while (p < limit && accept[buf[p] & 0xff]) {
                p++;
            }
            out.append(buf, s, p - s);
            pos = p;
            if (p < limit || !fill()) {
                return;
            }
        }
    }
}
