package dev.lightning4j.bench;

/** Renders values as MySQL literals the way Dumpling does: quoted, backslash-escaped strings; hex blobs. */
final class SqlRowEncoder implements RowEncoder {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ByteSink out;
    private boolean first;

    SqlRowEncoder(ByteSink out) {
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
        out.put('\'');
        Escapes.append(out, utf8, off, len, true, (byte) '\'');
        out.put('\'');
    }

    @Override
    public void binary(byte[] bytes, int off, int len) {
        separate();
        // x'' is the empty binary string; the hex form keeps arbitrary bytes safe in a text file.
        out.ascii("x'");
        for (int i = off; i < off + len; i++) {
            out.put(HEX[(bytes[i] >> 4) & 0xf]).put(HEX[bytes[i] & 0xf]);
        }
        out.put('\'');
    }

    @Override
    public void datetime(long epochSecond) {
        separate();
        out.put('\'');
        DateTimes.datetime(out, epochSecond);
        out.put('\'');
    }

    @Override
    public void date(long epochDay) {
        separate();
        out.put('\'');
        DateTimes.date(out, epochDay);
        out.put('\'');
    }

    @Override
    public void nullValue() {
        separate();
        out.ascii("NULL");
    }

    @Override
    public void endRow() {
    }
}
