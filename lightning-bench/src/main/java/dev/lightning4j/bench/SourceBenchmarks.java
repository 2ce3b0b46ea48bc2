package dev.lightning4j.bench;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.sources.csv.CsvFormatProvider;
import dev.lightning4j.sources.local.LocalStorageProvider;
import dev.lightning4j.sources.sql.SqlFormatProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The source side of the pipeline: one operation handles the whole {@link MicroData} file. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SourceBenchmarks {
    private MicroData data;
    private Storage storage;
    private String relative;
    private final byte[] buffer = new byte[65536];

    @Setup
    public void setUp() throws IOException {
        data = MicroData.get();
        storage = new LocalStorageProvider().open(data.sqlFile.getParent().toUri());
        relative = data.sqlFile.getFileName().toString();
    }

    @TearDown
    public void tearDown() throws IOException {
        storage.close();
    }

    /** Local storage: the file through the storage SPI (page cache, so the cost of the read path). */
    @Benchmark
    public long storageRead() throws IOException {
        try (InputStream in = storage.open(relative, 0)) {
            return drain(in);
        }
    }

    /** gzip decompression of the SQL file (figures are per decompressed byte). */
    @Benchmark
    public long gzipDecompress() throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data.sqlGzip), 65536)) {
            return drain(in);
        }
    }

    /** The SQL dump parser: INSERT statements to rows. */
    @Benchmark
    public long sqlParse() throws IOException {
        return rows(new SqlFormatProvider().open(MicroData.chunk("sql"), new ByteArrayInputStream(data.sql),
                new FormatContext(null)));
    }

    /** The CSV parser with the default (backslash-escape) dialect. */
    @Benchmark
    public long csvParse() throws IOException {
        return rows(new CsvFormatProvider().open(MicroData.chunk("csv"), new ByteArrayInputStream(data.csv),
                new FormatContext(CsvOptions.DEFAULT)));
    }

    private long drain(InputStream in) throws IOException {
        long n = 0;
        for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
            n += r;
        }
        return n;
    }

    private static long rows(RowReader reader) throws IOException {
        long n = 0;
        try (reader) {
            while (reader.next() != null) {
                n++;
            }
        }
        return n;
    }
}
