package dev.lightning4j.bench;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.testing.TestingMariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Imports a generated dump through the public API and reports throughput and heap use. Not a unit test:
 * run it with a fixed -Xmx (see {@code bench/run-import-benchmark.sh}) so the heap figures mean something.
 *
 * <p>Without {@code --data} it generates (once, then reuses) 1100 MiB of sbtest under the temp directory;
 * without {@code --target} it imports into the embedded MariaDB of {@link TestingMariaDb}. The dump's
 * databases are dropped on the target first, so reruns start from empty tables.
 */
public final class ImportBenchmark {
    static final String USAGE = "ImportBenchmark [--data DIR] [--target JDBC-URL --user U --password P]"
            + " [--concurrency N] [--table-concurrency N] [--backend logical] [--batch-bytes N] [--batch-rows N]"
            + " [--load-data auto|on|off] [--load-batch-bytes N]"
            + "\n  generation when DIR holds no dump: [--size-mib 1100] [--dataset sbtest|wide] [--format sql|csv]"
            + " [--tables N] [--seed 42] [--file-mib 128] [--statement-kib 1024]";
    private static final Set<String> OPTIONS = Set.of("data", "target", "user", "password", "concurrency",
            "table-concurrency", "backend", "batch-bytes", "batch-rows", "size-mib", "dataset", "format", "tables",
            "seed", "file-mib", "statement-kib", "load-data", "load-batch-bytes");
    private static final double MIB = 1024.0 * 1024.0;

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a;
        try {
            a = BenchArgs.parse(args, OPTIONS, USAGE);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(a) ? 0 : 1);
    }

    private static boolean run(BenchArgs a) throws IOException, SQLException {
        Path data = a.has("data") ? Path.of(a.get("data", null)) : defaultDataDir(a);
        Optional<DatasetManifest> manifest = prepareData(a, data);
        List<String> databases = databasesOf(data);
        long dataBytes = dataBytes(data);

        BenchmarkTarget target = target(a);
        String version = target.version();
        target.dropDatabases(databases);

        ImportBuilder builder = ImportBuilder.create().source(data)
                .target(target.jdbcUrl(), target.user(), target.password())
                .backend(a.get("backend", "logical"))
                .listener(new ProgressPrinter(System.out));
        if (a.has("concurrency")) {
            builder.concurrency(a.getInt("concurrency", 0));
        }
        if (a.has("table-concurrency")) {
            builder.tableConcurrency(a.getInt("table-concurrency", 0));
        }
        if (a.has("batch-bytes")) {
            builder.batchBytes(a.getLong("batch-bytes", 0));
        }
        if (a.has("batch-rows")) {
            builder.batchRows(a.getInt("batch-rows", 0));
        }
        if (a.has("load-data")) {
            builder.loadData(a.get("load-data", "auto"));
        }
        if (a.has("load-batch-bytes")) {
            builder.option("logical-load-data-batch-bytes", a.get("load-batch-bytes", null));
        }
        int concurrency = builder.build().concurrency();

        System.out.printf("importing %s (%.1f MiB) into %s (%s), backend %s, concurrency %d, -Xmx %.0f MiB%n",
                data, dataBytes / MIB, target.description(), version, a.get("backend", "logical"), concurrency,
                HeapSampler.maxHeap() / MIB);
        System.gc(); // so generator garbage is not counted against the import
        ImportResult result;
        ImportException failure = null;
        long start = System.nanoTime();
        long end;
        HeapSampler heap = new HeapSampler();
        try {
            result = builder.run();
        } catch (ImportException e) {
            failure = e;
            result = null;
        } finally {
            end = System.nanoTime();
            heap.close();
        }
        double secs = (end - start) / 1e9;
        long targetRows = target.countRows(databases);
        long expectedRows = manifest.map(DatasetManifest::rows).orElse(-1L);

        StringBuilder out = new StringBuilder("\n=== import benchmark ===\n");
        out.append(String.format("dataset        %s (%s)%n", data, manifest.map(m -> m.dataset() + ", " + m.format()
                + ", " + m.tables() + " tables, seed " + m.seed()).orElse("no manifest")));
        out.append(String.format("dataset size   %.1f MiB in data files%n", dataBytes / MIB));
        out.append(String.format("server         %s, %s%n", target.description(), version));
        out.append(String.format("backend        %s (load-data %s), concurrency %d, %d CPUs%n",
                a.get("backend", "logical"), a.get("load-data", "auto"), concurrency, Runtime.getRuntime().availableProcessors()));
        out.append(String.format("rows           %,d imported (engine), %,d in target, %s generated%n",
                result == null ? -1 : result.rows(), targetRows,
                expectedRows < 0 ? "unknown" : String.format("%,d", expectedRows)));
        out.append(String.format("time           %.1f s%n", secs));
        out.append(String.format("throughput     %.1f MiB/s, %,.0f rows/s%n", dataBytes / MIB / secs,
                targetRows / secs));
        out.append(String.format("peak heap      %.1f MiB used after GC, %.1f MiB used at most, %d GCs%n",
                heap.maxUsedAfterGc() / MIB, heap.maxUsed() / MIB, heap.collections()));
        out.append(String.format("-Xmx           %.0f MiB (%s)%n", HeapSampler.maxHeap() / MIB,
                HeapSampler.collectorNames()));
        boolean ok = failure == null && expectedRows == targetRows && result.rows() == targetRows;
        out.append(String.format("row count      %s%n", failure != null ? "FAILED: " + failure.getMessage()
                : expectedRows < 0 ? "UNVERIFIED (no manifest)" : ok ? "OK" : "MISMATCH"));
        System.out.print(out);
        return ok || failure == null && expectedRows < 0;
    }

    private static Path defaultDataDir(BenchArgs a) {
        String name = String.format("%s-%dmib-%s-seed%d", a.get("dataset", "sbtest"), a.getLong("size-mib", 1100),
                a.get("format", "sql"), a.getLong("seed", 42));
        return Path.of(System.getProperty("java.io.tmpdir"), "lightning-bench", name);
    }

    /** Generates the dump unless the directory already holds one; returns its manifest when it has one. */
    private static Optional<DatasetManifest> prepareData(BenchArgs a, Path data) throws IOException {
        Optional<DatasetManifest> manifest = DatasetManifest.read(data);
        if (manifest.isPresent()) {
            System.out.println("reusing the dump in " + data);
            return manifest;
        }
        if (Files.isDirectory(data) && !isEmpty(data)) {
            System.out.println(data + " holds no " + DatasetManifest.FILE_NAME + ": importing it as it is,"
                    + " without a row count to check against");
            return Optional.empty();
        }
        GeneratorOptions options = GeneratorOptions.fromArgs(a, data);
        System.out.println("generating " + options.sizeMib() + " MiB of " + options.dataset() + " into " + data);
        GenerationReport report = DumpGenerator.generate(options);
        System.out.print(report.describe());
        return Optional.of(DatasetManifest.of(report));
    }

    private static BenchmarkTarget target(BenchArgs a) {
        if (a.has("target")) {
            return new BenchmarkTarget(a.get("target", null), a.get("user", "root"), a.get("password", ""),
                    "server at " + a.get("target", null));
        }
        TestingMariaDb db = TestingMariaDb.shared();
        return new BenchmarkTarget(db.jdbcUrl(), db.user(), db.password(), db.toString());
    }

    /** The databases the dump creates, from its {@code {db}-schema-create.sql} files. */
    private static List<String> databasesOf(Path data) throws IOException {
        List<String> dbs = new ArrayList<>();
        try (Stream<Path> files = Files.list(data)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-schema-create.sql")).sorted()
                    .forEach(n -> dbs.add(n.substring(0, n.length() - "-schema-create.sql".length())));
        }
        return dbs;
    }

    private static long dataBytes(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(p -> p.getFileName().toString().matches("[^.]+\\..+\\.\\d+\\.(sql|csv)"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }
}
