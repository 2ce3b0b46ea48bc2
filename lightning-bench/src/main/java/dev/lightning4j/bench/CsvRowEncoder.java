package dev.lightning4j.bench;

/**
 * Renders values as Dumpling's CSV does: numbers bare, strings, dates and blobs quoted with {@code "} and
 * backslash-escaped, NULL as a bare {@code \N}.
 */
final class CsvRowEncoder extends QuotingRowEncoder {

    CsvRowEncoder(ByteSink out) {
        super(out, '"', false);
    }

    @Override
    public void binary(byte[] bytes, int off, int len) {
        // Raw bytes, escaped like text: Lightning reads CSV data as binary by default.
        string(bytes, off, len);
    }

    @Override
    public void nullValue() {
        separate();
        out.ascii("\\N");
    }
}
