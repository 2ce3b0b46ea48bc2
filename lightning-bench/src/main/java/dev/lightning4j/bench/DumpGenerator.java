package dev.lightning4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a Dumpling-layout dump of generated data: a database schema file, a schema file per table and
 * numbered data files of multi-row INSERT statements (or CSV). The same options always produce the same
 * bytes: every value is drawn from one {@link SplittableRandom} seeded by {@code --seed}, split once per
 * table in table order. Memory use is one statement, whatever the size.
 *
 * <pre>{@code
 * java -cp ... dev.lightning4j.bench.DumpGenerator --out /data/sbtest --size-mib 1100 --tables 4
 * }</pre>
 */
public final class DumpGenerator {
    private DumpGenerator() {
    }

    public static void main(String[] args) {
        GeneratorOptions options;
        try {
            options = GeneratorOptions.fromArgs(BenchArgs.parse(args, GeneratorOptions.OPTIONS,
                    GeneratorOptions.USAGE), null);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.print(generate(options).describe());
    }

    /**
     * Generates the dump. Files of the same name in the directory are overwritten; other files are left
     * alone, so point it at an empty directory.
     */
    public static GenerationReport generate(GeneratorOptions options) {
        long start = System.nanoTime();
        Dataset dataset = Dataset.byName(options.dataset());
        DataFormat format = DataFormat.byName(options.format());
        Path dir = options.out();
        try {
            Files.createDirectories(dir);
            SchemaFiles.writeDatabase(dir, dataset.database());
            List<TableSpec> tables = dataset.tables(options.tables());
            long perTable = options.sizeBytes() / tables.size();
            TableWriter writer = new TableWriter(dir, dataset.database(), format, options.fileMib() * 1024 * 1024,
                    options.statementKib() * 1024);
            SplittableRandom root = new SplittableRandom(options.seed());
            List<TableReport> reports = new ArrayList<>();
            for (TableSpec table : tables) {
                SchemaFiles.writeTable(dir, dataset.database(), table);
                SplittableRandom random = root.split();
                long estimatedRows = perTable / dataset.estimatedRowBytes();
                reports.add(writer.write(table, dataset.rows(table, random, estimatedRows), perTable));
            }
            GenerationReport report = new GenerationReport(options, dataset.database(), reports,
                    Duration.ofNanos(System.nanoTime() - start));
            DatasetManifest.of(report).write(dir);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dump into " + dir + ": " + e.getMessage(), e);
        }
    }
}
