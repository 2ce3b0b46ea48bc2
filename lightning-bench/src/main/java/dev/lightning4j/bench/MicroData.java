package dev.lightning4j.bench;

import dev.lightning4j.TableName;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.sources.sql.SqlFormatProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The input of the microbenchmarks: one sbtest data file of {@link #MIB} MiB as SQL and as CSV (generated
 * with a fixed seed, so every run measures the same bytes), its gzip form and its parsed rows.
 */
public final class MicroData {
    public static final int MIB = 8;
    private static MicroData instance;

    public final Path dir;
    public final Path sqlFile;
    public final byte[] sql;
    public final byte[] sqlGzip;
    public final byte[] csv;
    /** The SQL file's rows as the parser produces them. */
    public final List<Object[]> rows;
    /** The sbtest table's columns as the engine reads them from the server. */
    public final List<TargetColumn> columns = List.of(
            new TargetColumn("id", 1, "int", "int(11)", false, null, false),
            new TargetColumn("k", 2, "int", "int(11)", false, null, false),
            new TargetColumn("c", 3, "char", "char(120)", false, "utf8mb4", false),
            new TargetColumn("pad", 4, "char", "char(60)", false, "utf8mb4", false));

    private MicroData() throws IOException {
        dir = Files.createTempDirectory("lightning-micro");
        Path sqlDir = dir.resolve("sql");
        Path csvDir = dir.resolve("csv");
        DumpGenerator.generate(new GeneratorOptions(sqlDir, "sbtest", "sql", MIB, 1, 42, MIB * 2L, 1024));
        DumpGenerator.generate(new GeneratorOptions(csvDir, "sbtest", "csv", MIB, 1, 42, MIB * 2L, 1024));
        sqlFile = firstData(sqlDir, ".sql");
        sql = Files.readAllBytes(sqlFile);
        csv = Files.readAllBytes(firstData(csvDir, ".csv"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream(sql.length / 3);
        try (GZIPOutputStream out = new GZIPOutputStream(gz, 65536)) {
            out.write(sql);
        }
        sqlGzip = gz.toByteArray();
        rows = new ArrayList<>();
        try (RowReader r = new SqlFormatProvider().open(chunk("sql"), new ByteArrayInputStream(sql), new FormatContext(null))) {
            for (SourceRow row = r.next(); row != null; row = r.next()) {
                rows.add(row.values());
            }
        }
    }

    public static synchronized MicroData get() {
        if (instance == null) {
            try {
                instance = new MicroData();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public static DataChunk chunk(String format) {
        return new DataChunk(new TableName("sbtest", "sbtest1"), "sbtest.sbtest1.000000000." + format, format, null, 0,
                0, -1, 0);
    }

    private static Path firstData(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("[^.]+\\.[^.]+\\.\\d+\\" + suffix))
                    .min(Comparator.naturalOrder()).orElseThrow();
        }
    }
}
