package dev.lightning4j.bench;

/**
 * What the SQL and CSV encoders share: values separated by commas, numbers bare, strings and dates inside
 * one quote character with backslash escapes. Subclasses say how binary values and NULL are written.
 */
abstract class QuotingRowEncoder implements RowEncoder {
    final ByteSink out;
    private final char quote;
    private final boolean escapeBothQuotes;
    private boolean first;

    QuotingRowEncoder(ByteSink out, char quote, boolean escapeBothQuotes) {
        this.out = out;
        this.quote = quote;
        this.escapeBothQuotes = escapeBothQuotes;
    }

    @Override
    public void beginRow() {
        first = true;
    }

    /** Writes the comma before every value but the row's first. */
    final void separate() {
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
        out.put(quote);
        Escapes.append(out, utf8, off, len, escapeBothQuotes, (byte) quote);
        out.put(quote);
    }

    @Override
    public void datetime(long epochSecond) {
        separate();
        out.put(quote);
        DateTimes.datetime(out, epochSecond);
        out.put(quote);
    }

    @Override
    public void date(long epochDay) {
        separate();
        out.put(quote);
        DateTimes.date(out, epochDay);
        out.put(quote);
    }

    @Override
    public void endRow() {
    }
}
