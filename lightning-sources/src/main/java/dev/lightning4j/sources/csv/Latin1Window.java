package dev.lightning4j.sources.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * Feeds raw bytes to fastcsv as ISO-8859-1 chars (one char per byte, so char counts are byte counts) and
 * keeps the bytes of the current row, so the scanner can see which line ending closed a row (LF, CR or
 * CRLF) and can hand the rest of the data to another scanner.
 *
 * <p>It always reads one byte further than it hands out (except at the end), so the byte after any row
 * fastcsv has finished is in the window.
 */
final class Latin1Window extends Reader {
    private static final int BLOCK = 64 * 1024;

    private final InputStream in;
    private byte[] win = new byte[2 * BLOCK];
    private int len;
    private int delivered;
    private int keep;
    /** Stream offset of {@code win[0]}. */
    private long winBase;
    private boolean eof;

    Latin1Window(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int n) throws IOException {
        while (!eof && len - delivered < 2) {
            fill();
        }
        int avail = len - delivered - (eof ? 0 : 1);
        if (avail <= 0) {
            return -1;
        }
        int k = Math.min(n, avail);
        byte[] w = win;
        int d = delivered;
        for (int i = 0; i < k; i++) {
            cbuf[off + i] = (char) (w[d + i] & 0xFF);
        }
        delivered += k;
        return k;
    }

    private void fill() throws IOException {
        if (win.length - len < BLOCK) {
            if (keep > 0) {
                System.arraycopy(win, keep, win, 0, len - keep);
                winBase += keep;
                len -= keep;
                delivered -= keep;
                keep = 0;
            }
            if (win.length - len < BLOCK) {
                win = Arrays.copyOf(win, win.length * 2);
            }
        }
        int r = in.read(win, len, win.length - len);
        if (r < 0) {
            eof = true;
        } else {
            len += r;
        }
    }

    /** The bytes before this stream offset are no longer needed. */
    void keepFrom(long offset) {
        keep = (int) (offset - winBase);
    }

    /** Length of the line ending at this stream offset: 2 for CRLF, 1 for LF or CR, 0 for the end. */
    int lineEndingAt(long offset) {
        int i = (int) (offset - winBase);
        if (i >= len) {
            return 0;
        }
        byte b = win[i];
        if (b == '\r') {
            return i + 1 < len && win[i + 1] == '\n' ? 2 : 1;
        }
        return b == '\n' ? 1 : 0;
    }

    /** The data from this stream offset on: what the window holds, then the rest of the stream. */
    InputStream remainder(long offset) {
        int i = (int) (offset - winBase);
        return new SequenceInputStream(new ByteArrayInputStream(win, i, len - i), in);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
