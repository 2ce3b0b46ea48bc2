package dev.lightning4j.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * A small properties file next to the dump that records how it was generated and how many rows it
 * holds, so a benchmark can reuse a dump and still check the row count. Its name matches no Dumpling
 * rule, so importers skip it.
 *
 * @param dataset  the dataset name
 * @param format   sql or csv
 * @param sizeMib  the requested size
 * @param tables   the number of tables
 * @param seed     the seed
 * @param database the database the tables belong to
 * @param rows     rows in all data files
 * @param bytes    bytes of all data files
 */
public record DatasetManifest(String dataset, String format, long sizeMib, int tables, long seed, String database,
        long rows, long bytes) {
    public static final String FILE_NAME = "bench-manifest.properties";

    static DatasetManifest of(GenerationReport report) {
        GeneratorOptions o = report.options();
        return new DatasetManifest(o.dataset(), o.format(), o.sizeMib(), o.tables(), o.seed(), report.database(),
                report.rows(), report.bytes());
    }

    /** True when this manifest describes a dump made with these options. */
    public boolean matches(GeneratorOptions o) {
        return dataset.equals(o.dataset()) && format.equals(o.format()) && sizeMib == o.sizeMib()
                && tables == o.tables() && seed == o.seed();
    }

    void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty("dataset", dataset);
        p.setProperty("format", format);
        p.setProperty("size-mib", Long.toString(sizeMib));
        p.setProperty("tables", Integer.toString(tables));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("database", database);
        p.setProperty("rows", Long.toString(rows));
        p.setProperty("bytes", Long.toString(bytes));
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            p.store(w, "written by dev.lightning4j.bench.DumpGenerator");
        }
    }

    /** The manifest of {@code dir}, or empty when there is none. */
    public static Optional<DatasetManifest> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            return Optional.of(new DatasetManifest(p.getProperty("dataset"), p.getProperty("format"),
                    Long.parseLong(p.getProperty("size-mib")), Integer.parseInt(p.getProperty("tables")),
                    Long.parseLong(p.getProperty("seed")), p.getProperty("database"),
                    Long.parseLong(p.getProperty("rows")), Long.parseLong(p.getProperty("bytes"))));
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged (" + e + "); delete the directory and generate again", e);
        }
    }
}
