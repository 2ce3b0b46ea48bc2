package dev.lightning4j.sources.split;

import java.io.IOException;
import java.io.InputStream;

/**
 * Finds where the next row starts after a cut point, reading forward from it through a small fixed window, so
 * that planning a split reads a few kilobytes per cut whatever the file's size. Relies on the
 * {@code strict-format} promise that no quoted value holds a line break (or a terminator).
 */
public final class RowBoundaries {
    private static final int WINDOW = 16 * 1024;
    /** Bytes asked for per read: rows are usually short, so the first read mostly suffices. */
    private static final int STEP = 4 * 1024;
    /** How far before a cut point escapes are counted, to know whether a terminator there is escaped. */
    public static final int LOOK_BEHIND = 256;

    private final InputStream in;
    private final byte[] buf = new byte[WINDOW];
    private int pos;
    private int limit;
    /** Absolute offset of {@code buf[0]}. */
    private long base;

    /** @param in the file from {@code offset} on; the caller closes it */
    public RowBoundaries(InputStream in, long offset) {
        this.in = in;
        this.base = offset;
    }

    /** The next byte (0-255) without consuming it... or -1 at the end of the file. */
    private int peek(int ahead) throws IOException {
        while (pos + ahead >= limit) {
            if (!fill()) {
                return -1;
            }
        }
        return buf[pos + ahead] & 0xFF;
    }

    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            base += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            throw new IllegalStateException("look-ahead larger than the window");
        }
        int n = in.read(buf, limit, Math.min(STEP, buf.length - limit));
        if (n < 0) {
            return false;
        }
        limit += n;
        return true;
    }

    private long offset() {
        return base + pos;
    }

    /**
     * The offset just after the first CSV terminator starting at or after {@code notBefore} that is not escaped.
     * The stream should start up to {@link #LOOK_BEHIND} bytes earlier (but not before a row start), so that an
     * escape right before the cut point is seen.
     *
     * @param terminator the terminator's bytes, or empty for LF, CRLF or CR
     * @param escape     the escape byte, or -1 for none
     * @return the offset where the next row starts, or -1 when the file ends first
     */
    public long afterCsvTerminator(byte[] terminator, int escape, long notBefore) throws IOException {
        int escapes = 0;
        for (int c = peek(0); c >= 0; c = peek(0)) {
            boolean escaped = (escapes & 1) == 1;
            if (!escaped && offset() >= notBefore) {
                if (terminator.length == 0) {
                    if (c == '\n') {
                        pos++;
                        return offset();
                    }
                    if (c == '\r') {
                        pos += peek(1) == '\n' ? 2 : 1;
                        return offset();
                    }
                } else if (c == (terminator[0] & 0xFF) && matches(terminator)) {
                    pos += terminator.length;
                    return offset();
                }
            }
            escapes = c == escape ? escapes + 1 : 0;
            pos++;
        }
        return -1;
    }

    private boolean matches(byte[] token) throws IOException {
        for (int i = 1; i < token.length; i++) {
            if (peek(i) != (token[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The offset of the next line that starts an {@code INSERT} or {@code REPLACE} statement right after a line
     * ending in {@code ;} (Dumpling and mydumper write each statement so), or -1 when the file ends first.
     */
    public long sqlStatementStart() throws IOException {
        int lastNonBlank = -1;
        for (int c = peek(0); c >= 0; c = peek(0)) {
            pos++;
            if (c == '\n') {
                if (lastNonBlank == ';' && (startsWord("INSERT") || startsWord("REPLACE"))) {
                    return offset();
                }
            } else if (c != ' ' && c != '\t' && c != '\r') {
                lastNonBlank = c;
            }
        }
        return -1;
    }

    /** Whether the next bytes are {@code word} (any case) followed by a blank. */
    private boolean startsWord(String word) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            int c = peek(i);
            if (c < 0 || Character.toUpperCase(c) != word.charAt(i)) {
                return false;
            }
        }
        int after = peek(word.length());
        return after == ' ' || after == '\t' || after == '\n' || after == '\r';
    }
}
