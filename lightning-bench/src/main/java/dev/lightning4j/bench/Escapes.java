package dev.lightning4j.bench;

/**
 * Backslash escaping as Dumpling writes it (its default {@code escape-backslash}) and as MySQL's
 * {@code LOAD DATA} and TiDB Lightning read it back: {@code \0 \n \r \Z \\} and the quote characters.
 */
final class Escapes {
    private Escapes() {
    }

    /**
     * Appends {@code bytes} escaped; {@code quote} is the quoting character that must be escaped too
     * (both quotes are escaped in SQL, as Dumpling does; only the delimiter in CSV).
     */
    static void append(ByteSink out, byte[] bytes, int off, int len, boolean escapeBothQuotes, byte quote) {
        int end = off + len;
        int run = off;
        for (int i = off; i < end; i++) {
            byte b = bytes[i];
            byte escaped = escapeOf(b, escapeBothQuotes, quote);
            if (escaped != 0) {
                out.put(bytes, run, i - run);
                out.put('\\').put(escaped);
                run = i + 1;
            }
        }
        out.put(bytes, run, end - run);
    }

    /** The letter after the backslash, or 0 when {@code b} is written as is. */
    private static byte escapeOf(byte b, boolean escapeBothQuotes, byte quote) {
        switch (b) {
            case 0:
                return '0';
            case '\n':
                return 'n';
            case '\r':
                return 'r';
            case 0x1a:
                return 'Z';
            case '\\':
                return '\\';
            case '\'':
            case '"':
                return escapeBothQuotes || b == quote ? b : 0;
            default:
                return 0;
        }
    }
}
