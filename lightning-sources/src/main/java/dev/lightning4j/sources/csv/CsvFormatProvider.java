package dev.lightning4j.sources.csv;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.RowReader;

import java.io.InputStream;

/**
 * The {@code csv} format with TiDB Lightning's {@code [mydumper.csv]} semantics. Dialects that fastcsv parses
 * exactly go through fastcsv; all others (backslash escapes, which are the default, or multi-byte tokens and
 * custom terminators) go through this module's own byte scanner. Both give the same rows.
 */
public final class CsvFormatProvider implements FormatProvider {

    public CsvFormatProvider() {
    }

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public RowReader open(DataChunk chunk, InputStream in, FormatContext context) {
        CsvOptions options = context != null && context.csv() != null ? context.csv() : CsvOptions.DEFAULT;
        CsvDialect d = new CsvDialect(options);
        CsvErrors errors = new CsvErrors(chunk.file(), chunk.table() == null ? null : chunk.table().toString());
        CsvScanner scanner = d.fastCsvCompatible()
                ? new FastCsvScanner(in, d, errors, chunk.start(), chunk.end())
                : new ByteCsvScanner(in, d, errors, chunk.start(), chunk.end());
        return new CsvRowReader(scanner, d, errors, chunk.atFileStart());
    }
}
