package dev.lightning4j.sources.csv;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;

/**
 * Receives fastcsv's fields straight from its buffer into {@link CsvFields} (no String per field) and
 * works out how many raw bytes the row took, which fastcsv itself does not report.
 */
final class FieldCollector extends CsvCallbackHandler<Object> {
    private final char quote;
    private CsvFields target;
    private boolean empty;
    private long rawLength;
    private int fields;
    private boolean quoteInUnquotedField;

    /** @param quote the quote char, or a char that never occurs in Latin-1 input when there is none */
    FieldCollector(char quote) {
        this.quote = quote;
    }

    void target(CsvFields fields) {
        this.target = fields;
    }

    boolean empty() {
        return empty;
    }

    /** Bytes of the row without its line ending. */
    long rawLength() {
        return rawLength;
    }

    /** fastcsv takes such a quote as data; Lightning rejects it, so the row must be re-read strictly. */
    boolean quoteInUnquotedField() {
        return quoteInUnquotedField;
    }

    @Override
    protected RecordType getRecordType() {
        return empty ? RecordType.EMPTY : RecordType.DATA;
    }

    @Override
    protected int getFieldCount() {
        return fields;
    }

    @Override
    protected void beginRecord(long startingLineNumber) {
        target.reset();
        empty = false;
        rawLength = 0;
        fields = 0;
        quoteInUnquotedField = false;
    }

    @Override
    protected void addField(char[] buf, int offset, int len, boolean quoted) {
        if (fields > 0) {
            rawLength++; // the one-byte separator
        }
        int quotes = 0;
        for (int i = offset; i < offset + len; i++) {
            if (buf[i] == quote) {
                quotes++;
            }
        }
        if (quoted) {
            // opening and closing quote, and each quote inside was written doubled
            rawLength += len + 2 + quotes;
        } else {
            rawLength += len;
            quoteInUnquotedField |= quotes > 0;
        }
        target.appendLatin1(buf, offset, len);
        target.endField(quoted);
        fields++;
    }

    @Override
    protected void setComment(char[] buf, int offset, int len) {
        throw new IllegalStateException("comments are disabled");
    }

    @Override
    protected void setEmpty() {
        empty = true;
    }

    @Override
    protected Object buildRecord() {
        return this;
    }
}
