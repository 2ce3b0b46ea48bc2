package dev.lightning4j.sources.csv;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SourceRow;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Reads test data through the provider or through one chosen scanner. */
final class CsvTesting {
    static final TableName TABLE = new TableName("db", "t");
    static final String FILE = "db.t.csv";

    enum Scanner { PROVIDER, BYTES, FASTCSV }

    private CsvTesting() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static DataChunk chunk(long start, long end) {
        return new DataChunk(TABLE, FILE, "csv", null, -1, start, end, 0);
    }

    static List<SourceRow> read(CsvOptions o, String data) {
        return read(o, utf8(data));
    }

    static List<SourceRow> read(CsvOptions o, byte[] data) {
        return read(Scanner.PROVIDER, o, new ByteArrayInputStream(data), chunk(0, -1));
    }

    /** Reads {@code in}, which holds the file from {@code chunk.start()} on. */
    static List<SourceRow> read(Scanner kind, CsvOptions o, InputStream in, DataChunk chunk) {
        try (RowReader r = open(kind, o, in, chunk)) {
            List<SourceRow> rows = new ArrayList<>();
            for (SourceRow row = r.next(); row != null; row = r.next()) {
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RowReader open(Scanner kind, CsvOptions o, InputStream in, DataChunk chunk) {
        if (kind == Scanner.PROVIDER) {
            return new CsvFormatProvider().open(chunk, in, new FormatContext(o));
        }
        CsvDialect d = new CsvDialect(o);
        CsvErrors errors = new CsvErrors(chunk.file(), chunk.table().toString());
        CsvScanner s = kind == Scanner.BYTES
                ? new ByteCsvScanner(in, d, errors, chunk.start(), chunk.end())
                : new FastCsvScanner(in, d, errors, chunk.start(), chunk.end());
        return new CsvRowReader(s, d, errors, chunk.atFileStart());
    }

    /** Values as comparable objects: byte[] becomes "0x.." so rows compare with equals. */
    static List<Object> values(SourceRow row) {
        List<Object> out = new ArrayList<>();
        for (Object v : row.values()) {
            out.add(v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : v);
        }
        return out;
    }

    static List<List<Object>> values(List<SourceRow> rows) {
        return rows.stream().map(CsvTesting::values).toList();
    }

    /** Values and offsets of each row, for comparing whole results. */
    static List<String> describe(List<SourceRow> rows) {
        return rows.stream().map(r -> values(r) + "@" + r.startOffset() + "-" + r.endOffset() + " cols="
                + r.columns()).toList();
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /** Hands out one byte per read call, to put every token across a buffer boundary. */
    static InputStream oneByteAtATime(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }
}
