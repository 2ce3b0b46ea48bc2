package dev.lightning4j.bench;

import dev.lightning4j.TableName;
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.convert.ConversionException;
import dev.lightning4j.physical.convert.ConversionOptions;
import dev.lightning4j.physical.convert.RowConverter;
import dev.lightning4j.physical.convert.ValueConverter;
import dev.lightning4j.physical.engine.ChunkEncoder;
import dev.lightning4j.physical.engine.EngineOptions;
import dev.lightning4j.physical.engine.EngineStats;
import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.physical.ingest.IngestStats;
import dev.lightning4j.physical.ingest.KeyRange;
import dev.lightning4j.physical.ingest.TikvCluster;
import dev.lightning4j.physical.ingest.TikvClusterOptions;
import dev.lightning4j.physical.kv.TableKvEncoder;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.RowErrorSink;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetRow;
import dev.lightning4j.sources.sql.SqlFormatProvider;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Throughput of the physical backend's local pipeline on a generated dump, stage by stage, without a
 * cluster: (a) SQL parse only; (b) parse + convert ({@code RowConverter}) + KV encode ({@code TableKvEncoder});
 * (c) the same plus writing the pairs into local engines (one data and one index engine per table, as TiDB
 * Lightning splits them) and flushing them to sorted SST files; (d) the same plus splitting, writing and
 * ingesting the engines into the in-JVM PD/TiKV stand-in ({@code TestingTikvCluster}: 3 stores over real gRPC on
 * loopback, every pair kept in this JVM's heap, so run this stage with a heap of a few times the KV bytes) and
 * comparing the stand-in's checksum with the engines'. Each stage runs over the same files, with one or more
 * threads (a thread takes whole files). It prints MiB/s of dump, rows/s, KV bytes and the peak heap; the CPU
 * and heap of stage (d) include the stand-in's own.
 *
 * <pre>java -Xmx1g -cp ... dev.lightning4j.bench.PhysicalPipeline [--data DIR | --size-mib 512]
 *     [--dataset sbtest|wide] [--tables 4] [--threads 1] [--stages parse,encode,engine,ingest]
 *     [--engine-dir DIR] [--memtable-mib 64] [--writer-mib 32] [--repeat 2]</pre>
 *
 * <p>Every stage runs {@code --repeat} times in the same JVM; the first round includes the JIT's warm-up.
 */
public final class PhysicalPipeline {
    private static final double MIB = 1 << 20;

    private final List<Path> files;
    private final String dataset;
    private final int threads;
    private final Path engineDir;
    private final EngineOptions engineOptions;
    private final long totalBytes;

    private PhysicalPipeline(List<Path> files, String dataset, int threads, Path engineDir, EngineOptions options)
            throws IOException {
        this.files = files;
        this.dataset = dataset;
        this.threads = threads;
        this.engineDir = engineDir;
        this.engineOptions = options;
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        this.totalBytes = total;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String dataset = o.getOrDefault("dataset", "sbtest");
        Path data;
        if (o.containsKey("data")) {
            data = Path.of(o.get("data"));
        } else {
            data = Files.createTempDirectory("lightning-physical-bench");
            int tables = Integer.parseInt(o.getOrDefault("tables", dataset.equals("sbtest") ? "4" : "1"));
            System.out.println("generating " + o.getOrDefault("size-mib", "512") + " MiB of " + dataset + " into " + data);
            DumpGenerator.generate(new GeneratorOptions(data, dataset, "sql", Long.parseLong(o.getOrDefault("size-mib",
                    "512")), tables, 42, 128, 1024));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(data)) {
            files = s.filter(p -> p.getFileName().toString().matches("[^.]+\\.[^.]+\\.\\d+\\.sql"))
                    .sorted(Comparator.naturalOrder()).toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no data files db.table.NNN.sql in " + data);
        }
        Path engineDir = Path.of(o.getOrDefault("engine-dir", data.resolve("engines").toString()));
        EngineOptions options = new EngineOptions(Long.parseLong(o.getOrDefault("memtable-mib", "64")) << 20,
                EngineOptions.defaults().batchBytes(), EngineOptions.defaults().backgroundJobs(),
                Long.parseLong(o.getOrDefault("writer-mib", "32")) << 20);
        PhysicalPipeline p = new PhysicalPipeline(files, dataset, Integer.parseInt(o.getOrDefault("threads", "1")),
                engineDir, options);
        System.out.printf("%s: %d files, %.1f MiB, %d thread(s), -Xmx %d MiB, %s%n", dataset, files.size(),
                p.totalBytes / MIB, p.threads, HeapSampler.maxHeap() >> 20, HeapSampler.collectorNames());
        int repeat = Integer.parseInt(o.getOrDefault("repeat", "2"));
        for (int r = 0; r < repeat; r++) {
            if (repeat > 1) {
                System.out.println("round " + (r + 1) + " of " + repeat + (r == 0 ? " (includes JIT warm-up)" : ""));
            }
            p.stages(o.getOrDefault("stages", "parse,encode,engine"));
        }
    }

    private void stages(String list) throws Exception {
        PhysicalPipeline p = this;
        for (String stage : list.split(",")) {
            switch (stage) {
                case "parse" -> p.run("parse", false, false, false);
                case "encode" -> p.run("parse+convert+encode", true, false, false);
                case "engine" -> p.run("parse+convert+encode+engine", true, true, false);
                case "ingest" -> p.run("...+engine+ingest (stand-in)", true, true, true);
                default -> throw new IllegalArgumentException("unknown stage " + stage);
            }
        }
    }

    /** Per table: the schema, its target columns and, when writing, its two engines. */
    private final class Table {
        final TableInfo info;
        final List<TargetColumn> columns = new ArrayList<>();
        LocalEngine data;
        LocalEngine index;

        Table(String name, long id) {
            info = TidbSchemas.table(dataset, name, id);
            for (ColumnInfo c : info.columns()) {
                columns.add(new TargetColumn(c.name(), c.offset() + 1, "", "", !c.notNull(), null, false));
            }
        }
    }

    private void run(String stage, boolean encode, boolean engine, boolean ingest) throws Exception {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Path f : files) {
            String name = f.getFileName().toString().split("\\.")[1];
            tables.computeIfAbsent(name, n -> new Table(n, 100 + tables.size()));
        }
        if (engine) {
            deleteTree(engineDir);
            for (Table t : tables.values()) {
                t.data = LocalEngine.open(engineDir.resolve(t.info.name() + "-data"), engineOptions);
                t.index = LocalEngine.open(engineDir.resolve(t.info.name() + "-index"), engineOptions);
            }
        }
        AtomicLong rows = new AtomicLong();
        AtomicLong kvBytes = new AtomicLong();
        AtomicLong kvPairs = new AtomicLong();
        AtomicLong nextFile = new AtomicLong();
        System.gc();
        long flushNanos = 0;
        long start;
        long encodeNanos;
        long cpu0 = processCpuNanos();
        try (HeapSampler heap = new HeapSampler()) {
            start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    done.add(pool.submit(() -> {
                        for (long n = nextFile.getAndIncrement(); n < files.size(); n = nextFile.getAndIncrement()) {
                            Path f = files.get((int) n);
                            Table t = tables.get(f.getFileName().toString().split("\\.")[1]);
                            long[] r = file(f, t, encode, engine, n << 32);
                            rows.addAndGet(r[0]);
                            kvPairs.addAndGet(r[1]);
                            kvBytes.addAndGet(r[2]);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            encodeNanos = System.nanoTime() - start;
            if (engine) {
                long f0 = System.nanoTime();
                for (Table t : tables.values()) {
                    t.data.flush();
                    t.index.flush();
                }
                flushNanos = System.nanoTime() - f0;
            }
            long ingestNanos = 0;
            String ingested = "";
            if (ingest) {
                long i0 = System.nanoTime();
                ingested = ingestAll(tables);
                ingestNanos = System.nanoTime() - i0;
            }
            long total = System.nanoTime() - start;
            double s = total / 1e9;
            System.out.printf("%-28s %7.2f s  %7.1f MiB/s  %,10.0f rows/s  rows %,d", stage, s, totalBytes / MIB / s,
                    rows.get() / s, rows.get());
            if (encode) {
                System.out.printf("  kv %,d pairs %.1f MiB", kvPairs.get(), kvBytes.get() / MIB);
            }
            if (engine) {
                System.out.printf("  (writes %.2f s, final flush %.2f s)", encodeNanos / 1e9, flushNanos / 1e9);
            }
            if (ingest) {
                System.out.printf("  (ingest %.2f s: %s)", ingestNanos / 1e9, ingested);
            }
            // CPU of the whole process (RocksDB's threads and the GC included): on a shared machine far less
            // sensitive to other jobs than the wall time
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            System.out.printf("  cpu %.1f s (%.1f MiB per cpu-s)  heap peak %d MiB, after GC %d MiB  load %s%n", cpu,
                    totalBytes / MIB / cpu, heap.maxUsed() >> 20, heap.maxUsedAfterGc() >> 20, loadAverage());
        }
        if (engine) {
            long kvs = 0;
            long bytes = 0;
            KvChecksum sum = new KvChecksum();
            for (Table t : tables.values()) {
                for (LocalEngine e : List.of(t.data, t.index)) {
                    EngineStats st = e.stats();
                    kvs += st.kvs();
                    bytes += st.bytes();
                    e.close();
                }
            }
            System.out.printf("%-28s engines hold %,d pairs, %.1f MiB; on disk %.1f MiB%n", "", kvs, bytes / MIB,
                    treeSize(engineDir) / MIB);
            deleteTree(engineDir);
        }
    }

    /**
     * Ingests every table's engines into a fresh stand-in (regions of 96 MiB, 3 replicas) and checks that the
     * stand-in's checksum of each table equals its engines'. Returns a summary of what was ingested.
     */
    private String ingestAll(Map<String, Table> tables) {
        long regions = 0;
        long bytes = 0;
        try (TestingTikvCluster standIn = TestingTikvCluster.start();
                TikvCluster cluster = TikvCluster.connect(TikvClusterOptions.of(standIn.pdAddress())
                        .withPdHttpAddress(standIn.pdHttpAddress()))) {
            long ts = cluster.timestamp();
            for (Table t : tables.values()) {
                KeyRange range = new KeyRange(TableCodec.indexPrefix(t.info.id(), 0),
                        TableCodec.recordPrefix(t.info.id() + 1));
                KvChecksum local = new KvChecksum();
                for (LocalEngine e : List.of(t.data, t.index)) {
                    if (e.stats().kvs() == 0) {
                        continue;
                    }
                    IngestStats st = cluster.ingest(e, range, ts);
                    regions += st.regions();
                    bytes += st.bytes();
                    local.add(e.checksum());
                }
                var there = standIn.checksum(range.start(), range.end());
                if (there.crc64Xor() != local.checksum() || there.kvs() != local.kvs()
                        || there.bytes() != local.bytes()) {
                    throw new IllegalStateException("table " + t.info.name() + ": the stand-in holds " + there
                            + ", the engines " + local.kvs() + " pairs / " + local.bytes() + " bytes");
                }
            }
            return String.format("%.1f MiB in %d regions, checksums equal", bytes / MIB, regions);
        }
    }

    /** One file through the stage: {rows, pairs, key+value bytes}. */
    private long[] file(Path f, Table t, boolean encode, boolean engine, long firstRowId) throws IOException {
        DataChunk chunk = new DataChunk(new TableName(dataset, t.info.name()), f.getFileName().toString(), "sql",
                null, Files.size(f), 0, -1, 0, null);
        long rows = 0;
        long[] kv = new long[2];
        RowConverter converter = encode ? new RowConverter(t.info,
                new ValueConverter(ConversionOptions.strict(ZoneOffset.UTC))) : null;
        TableKvEncoder encoder = encode ? new TableKvEncoder(t.info, true) : null;
        RowErrorSink sink = (kind, offset, message, text) -> {
            throw new IllegalStateException("row at " + offset + " of " + f + " rejected: " + message);
        };
        ChunkEncoder chunkEncoder = engine ? new ChunkEncoder(converter, encoder, t.data, t.index) : null;
        try (InputStream in = Files.newInputStream(f);
                RowReader reader = new SqlFormatProvider().open(chunk, in, new FormatContext(null))) {
            for (SourceRow row = reader.next(); row != null; row = reader.next()) {
                long rowId = firstRowId + rows;
                rows++;
                if (chunkEncoder != null) {
                    chunkEncoder.write(new TargetRow(t.columns, row.values(), row.startOffset()), rowId, sink);
                } else if (encode) {
                    Datum[] datums;
                    try {
                        datums = converter.convert(new TargetRow(t.columns, row.values(), row.startOffset()));
                    } catch (ConversionException e) {
                        throw new IllegalStateException("row at " + row.startOffset() + " of " + f + ": "
                                + e.getMessage(), e);
                    }
                    encoder.encode(datums, rowId, (k, v) -> {
                        kv[0]++;
                        kv[1] += k.length + v.length;
                    });
                }
            }
        } finally {
            if (chunkEncoder != null) {
                chunkEncoder.close();
            }
        }
        if (chunkEncoder != null) {
            KvChecksum d = chunkEncoder.dataChecksum();
            KvChecksum i = chunkEncoder.indexChecksum();
            kv[0] = d.kvs() + i.kvs();
            kv[1] = d.bytes() + i.bytes();
        }
        return new long[] {rows, kv[0], kv[1]};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        return String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }

    private static long treeSize(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
