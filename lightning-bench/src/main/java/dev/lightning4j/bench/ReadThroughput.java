package dev.lightning4j.bench;

import com.github.luben.zstd.ZstdOutputStream;
import dev.lightning4j.CsvOptions;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.CompressionProvider;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SeekableSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.zip.GZIPOutputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * How fast the format readers turn stored files into rows, without a database: plain CSV against the same CSV
 * compressed with gzip, zstd and snappy (framing format), and the same rows as Parquet (written by DuckDB with
 * snappy and zstd pages). MiB/s are of the plain CSV's size, so the figures compare directly; one thread.
 *
 * <p>Run: {@code mvn -q -pl lightning-bench -am compile exec:java -Dexec.mainClass=dev.lightning4j.bench.ReadThroughput
 * -Dexec.args="ROWS"} (default 400000 rows, about 60 MiB of CSV).
 */
public final class ReadThroughput {
    private ReadThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        Path dir = Files.createTempDirectory("lightning-read-bench");
        Path csv = dir.resolve("db.t.csv");
        writeCsv(csv, rows);
        long csvBytes = Files.size(csv);
        List<String[]> files = new ArrayList<>();
        files.add(new String[] {"csv", null, csv.toString()});
        for (String codec : List.of("gz", "zst", "snappy")) {
            Path out = dir.resolve("db.t.csv." + codec);
            try (InputStream in = Files.newInputStream(csv); OutputStream z = compressor(codec, out)) {
                in.transferTo(z);
            }
            files.add(new String[] {"csv", codec, out.toString()});
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            for (String codec : List.of("snappy", "zstd")) {
                Path out = dir.resolve("db.t." + codec + ".parquet");
                s.execute("COPY (SELECT * FROM read_csv('" + csv + "', header = true, auto_detect = false, "
                        + "delim = ',', quote = '\"', escape = '\"', nullstr = '\\N', columns = {'id': 'BIGINT', "
                        + "'k': 'INTEGER', 'c': 'VARCHAR', 'pad': 'VARCHAR', 'amount': 'DECIMAL(12,2)', "
                        + "'ts': 'TIMESTAMP'})) TO '" + out + "' (FORMAT parquet, COMPRESSION " + codec + ")");
                files.add(new String[] {"parquet", codec, out.toString()});
            }
        }
        System.out.printf(Locale.ROOT, "%d rows, plain CSV %.1f MiB, java %s, %d cores%n", rows,
                csvBytes / 1048576.0, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-22s %10s %12s %12s%n", "input", "stored MiB", "CSV-MiB/s", "rows/s");
        for (String[] f : files) {
            Path path = Path.of(f[2]);
            double best = Double.MAX_VALUE;
            long count = 0;
            for (int run = 0; run < 4; run++) {
                long t0 = System.nanoTime();
                count = read(f[0], f[1], path);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (run > 0) {
                    best = Math.min(best, seconds);
                }
            }
            if (count != rows) {
                throw new IllegalStateException(path + ": read " + count + " rows, wrote " + rows);
            }
            System.out.printf(Locale.ROOT, "%-22s %10.1f %12.1f %12.0f%n", path.getFileName().toString()
                    .replace("db.t.", ""), Files.size(path) / 1048576.0, csvBytes / 1048576.0 / best, rows / best);
        }
        try (var stream = Files.list(dir)) {
            for (Path p : stream.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** Sysbench-like rows with escapes, NULLs, decimals and timestamps. */
    private static void writeCsv(Path file, int rows) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write("id,k,c,pad,amount,ts\n".getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(256);
            for (int i = 0; i < rows; i++) {
                sb.setLength(0);
                long x = i * 2654435761L;
                sb.append(i).append(',').append(x % 100_000).append(",\"");
                for (int g = 0; g < 10; g++) {
                    sb.append(Long.toString(Math.abs(x * (g + 7)) % 100_000_000_000L)).append(g < 9 ? '-' : '"');
                }
                sb.append(",\"").append(i % 5 == 0 ? "say \"\"hi\"\" \\\\ ok" : "pad-" + (x % 977)).append('"');
                sb.append(',').append(i % 17 == 0 ? "\\N" : (x % 1_000_000) / 100.0);
                sb.append(",2024-0").append(1 + i % 9).append("-1").append(i % 10).append(" 12:3").append(i % 10)
                        .append(":0").append(i % 10).append('\n');
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static OutputStream compressor(String codec, Path out) throws IOException {
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
        return switch (codec) {
            case "gz" -> new GZIPOutputStream(raw, 1 << 16);
            case "zst" -> new ZstdOutputStream(raw);
            case "snappy" -> new SnappyFramedOutputStream(raw);
            default -> throw new IllegalArgumentException(codec);
        };
    }

    private static <T> T provider(Class<T> type, java.util.function.Predicate<T> which) {
        return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).filter(which).findFirst()
                .orElseThrow();
    }

    /** Reads every row the way the engine does, returning the row count. */
    private static long read(String format, String codec, Path path) throws IOException {
        FormatProvider fp = provider(FormatProvider.class, p -> p.name().equals(format));
        long size = Files.size(path);
        DataChunk chunk = new DataChunk(new TableName("db", "t"), path.getFileName().toString(), format,
                format.equals("parquet") ? null : codec, size, 0, -1, 0);
        FormatContext ctx = new FormatContext(CsvOptions.DEFAULT);
        RowReader reader;
        if (fp.randomAccess()) {
            reader = fp.open(chunk, new SeekableSource() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public InputStream open(long offset) throws IOException {
                    FileChannel ch = FileChannel.open(path);
                    ch.position(offset);
                    return Channels.newInputStream(ch);
                }
            }, ctx);
        } else {
            InputStream in = Files.newInputStream(path);
            if (codec != null) {
                in = provider(CompressionProvider.class, p -> p.suffixes().contains(codec)).decompress(in);
            }
            reader = fp.open(chunk, in, ctx);
        }
        long n = 0;
        try (RowReader r = reader) {
            while (r.next() != null) {
                n++;
            }
        }
        return n;
    }
}
