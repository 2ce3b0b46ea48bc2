package dev.lightning4j.sources.csv;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.sources.split.ChunkEndInputStream;
import dev.lightning4j.sources.split.RowBoundaries;
import dev.lightning4j.sources.text.TextDecoder;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SplittableFormat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code csv} format with TiDB Lightning's {@code [mydumper.csv]} semantics. Dialects that fastcsv parses
 * exactly go through fastcsv; all others (backslash escapes, which are the default, or multi-byte tokens and
 * custom terminators) go through this module's own byte scanner. Both give the same rows.
 *
 * <p>Under {@code strict-format} a large file is cut after terminators ({@link #split}); a chunk after the
 * first carries the header's column names, read once when the file was split.
 */
public final class CsvFormatProvider implements FormatProvider, SplittableFormat {

    public CsvFormatProvider() {
    }

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public RowReader open(DataChunk chunk, InputStream stream, FormatContext context) {
        InputStream in = ChunkEndInputStream.of(stream, chunk);
        CsvDialect d = dialect(chunk, context);
        CsvErrors errors = new CsvErrors(chunk.file(), chunk.table() == null ? null : chunk.table().toString());
        CsvScanner scanner = d.fastCsvCompatible()
                ? new FastCsvScanner(in, d, errors, chunk.start(), chunk.end())
                : new ByteCsvScanner(in, d, errors, chunk.start(), chunk.end());
        return new CsvRowReader(scanner, d, errors, chunk.atFileStart(), chunk.columns());
    }

    @Override
    public List<DataChunk> split(DataChunk whole, long regionSize, FileOpener file, FormatContext context)
            throws IOException {
        CsvDialect d = dialect(whole, context);
        long size = whole.fileSize();
        List<String> columns = null;
        long dataStart = 0;
        if (d.header) {
            CsvErrors errors = new CsvErrors(whole.file(), whole.table() == null ? null : whole.table().toString());
            try (InputStream in = new CappedReads(file.open(0))) {
                CsvRowReader reader = new CsvRowReader(new ByteCsvScanner(in, d, errors, 0, -1), d, errors, true);
                List<String> header = reader.readHeader();
                if (header == null) {
                    return List.of(whole);
                }
                columns = d.headerSchemaMatch ? header : null;
                dataStart = reader.lastRowEnd();
            }
        }
        List<Long> cuts = new ArrayList<>();
        long cut = dataStart + regionSize;
        long previous = dataStart;
        while (cut < size) {
            long next;
            long from = Math.max(previous, cut - RowBoundaries.LOOK_BEHIND);
            try (InputStream in = file.open(from)) {
                next = new RowBoundaries(in, from).afterCsvTerminator(d.terminator,
                        d.backslashEscape ? d.escape & 0xFF : -1, cut);
            }
            if (next < 0 || next >= size) {
                break;
            }
            cuts.add(next);
            previous = next;
            cut = next + regionSize;
        }
        if (cuts.isEmpty()) {
            return List.of(whole);
        }
        List<DataChunk> chunks = new ArrayList<>(cuts.size() + 1);
        long start = 0;
        for (int i = 0; i <= cuts.size(); i++) {
            long end = i < cuts.size() ? cuts.get(i) : -1;
            chunks.add(new DataChunk(whole.table(), whole.file(), whole.format(), whole.compression(),
                    whole.fileSize(), start, end, whole.index() + i, start == 0 ? null : columns));
            start = end;
        }
        return chunks;
    }

    /** Reads the header in small steps: the scanner would otherwise fill its whole buffer. */
    private static final class CappedReads extends java.io.FilterInputStream {
        CappedReads(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 4096));
        }
    }

    private static CsvDialect dialect(DataChunk chunk, FormatContext context) {
        CsvOptions options = context != null && context.csv() != null ? context.csv() : CsvOptions.DEFAULT;
        return new CsvDialect(options, decoder(chunk, context));
    }

    /** The value decoder for {@code data-character-set}; an unknown set is an option error. */
    public static TextDecoder decoder(DataChunk chunk, FormatContext context) {
        if (context == null) {
            return TextDecoder.binary();
        }
        try {
            return TextDecoder.of(context.dataCharacterSet(), context.invalidCharReplace());
        } catch (IllegalArgumentException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "data-character-set: " + e.getMessage(),
                    chunk.file(), -1, chunk.table() == null ? null : chunk.table().toString(), null, null);
        }
    }
}
