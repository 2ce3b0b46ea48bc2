package dev.lightning4j.sources.csv;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The scanner for dialects fastcsv parses exactly as Lightning does (see
 * {@link CsvDialect#fastCsvCompatible()}): one-byte separator, no or a one-byte delimiter, default line
 * endings, no backslash escapes.
 *
 * <p>Where fastcsv is laxer than Lightning (a quote inside an unquoted field) or fails (bad quoting, a field
 * over its buffer limit), the rest of the data goes to {@link ByteCsvScanner} from the start of that row, so
 * errors name the same byte and message whichever scanner read the file.
 */
final class FastCsvScanner implements CsvScanner {
    /** Never occurs in Latin-1 input, so "no quoting" needs no special case in fastcsv. */
    private static final char NO_QUOTE = '\uFFFF';

    private final CsvDialect d;
    private final CsvErrors errors;
    private final long chunkStart;
    private final long end;
    private final Latin1Window window;
    private final FieldCollector collector;
    private final Iterator<Object> records;
    /** Stream offset (relative to the chunk start) where the next row begins. */
    private long next;
    private long rowStart;
    private long rowEnd;
    private ByteCsvScanner fallback;

    FastCsvScanner(InputStream in, CsvDialect d, CsvErrors errors, long chunkStart, long end) {
        this.d = d;
        this.errors = errors;
        this.chunkStart = chunkStart;
        this.end = end;
        this.window = new Latin1Window(in);
        char quote = d.quoting() ? (char) (d.delimiter[0] & 0xFF) : NO_QUOTE;
        this.collector = new FieldCollector(quote);
        CsvReader<Object> reader = CsvReader.builder()
                .fieldSeparator((char) (d.separator[0] & 0xFF))
                .quoteCharacter(quote)
                .commentStrategy(CommentStrategy.NONE)
                .commentCharacter('\uFFFE')
                .skipEmptyLines(false)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(false)
                .allowUnclosedQuote(false)
                .trimWhitespacesAroundQuotes(false)
                .detectBomHeader(false)
                .build(collector, window);
        this.records = reader.iterator();
    }

    @Override
    public boolean next(CsvFields f) throws IOException {
        if (fallback != null) {
            return fallback.next(f);
        }
        while (true) {
            if (end >= 0 && chunkStart + next >= end) {
                return false;
            }
            collector.target(f);
            try {
                if (!records.hasNext()) {
                    return false;
                }
                records.next();
            } catch (CsvParseException e) {
                return switchToByteScanner(f);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            long bodyEnd = next + collector.rawLength();
            long rowAfter = bodyEnd + window.lineEndingAt(bodyEnd);
            if (collector.empty() || (rowAfter > bodyEnd && f.isBlankLine())) {
                next = rowAfter;
                window.keepFrom(next);
                continue;
            }
            if (collector.quoteInUnquotedField()) {
                return switchToByteScanner(f);
            }
            rowStart = chunkStart + next;
            rowEnd = chunkStart + rowAfter;
            next = rowAfter;
            window.keepFrom(next);
            return true;
        }
    }

    private boolean switchToByteScanner(CsvFields f) throws IOException {
        fallback = new ByteCsvScanner(window.remainder(next), d, errors, chunkStart + next, end);
        return fallback.next(f);
    }

    @Override
    public long rowStart() {
        return fallback != null ? fallback.rowStart() : rowStart;
    }

    @Override
    public long rowEnd() {
        return fallback != null ? fallback.rowEnd() : rowEnd;
    }

    @Override
    public void close() throws IOException {
        window.close();
    }
}
