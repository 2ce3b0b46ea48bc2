package dev.lightning4j.bench;

/**
 * Renders values as Dumpling's CSV does: numbers bare, strings, dates and blobs quoted with {@code "} and
 * backslash-escaped, NULL as a bare {@code \N}.
 */
final class CsvRowEncoder implements RowEncoder {
    private final ByteSink out;
    private boolean first;

    CsvRowEncoder(ByteSink out) {
        this.out = out;
    }

    @Override
    public void beginRow() {
        first = true;
    }

    private void separate() {
        if (!first) {
            out.put(',');
        }
        first = false;
    }

    @Override
    public void integer(long value) {
        separate();
        out.decimal(value);
    }

    @Override
    public void decimal(long unscaled, int scale) {
        separate();
        out.scaled(unscaled, scale);
    }

    @Override
    public void string(byte[] utf8, int off, int len) {
        separate();
        out.put('"');
        Escapes.append(out, utf8, off, len, false, (byte) '"');
        out.put('"');
    }

    @Override
    public void binary(byte[] bytes, int off, int len) {
        // Raw bytes, escaped like text: Lightning reads CSV data as binary by default.
        string(bytes, off, len);
    }

    @Override
    public void datetime(long epochSecond) {
        separate();
        out.put('"');
        DateTimes.datetime(out, epochSecond);
        out.put('"');
    }

    @Override
    public void date(long epochDay) {
        separate();
        out.put('"');
        DateTimes.date(out, epochDay);
        out.put('"');
    }

    @Override
    public void nullValue() {
        separate();
        out.ascii("\\N");
    }

    @Override
    public void endRow() {
    }
}
