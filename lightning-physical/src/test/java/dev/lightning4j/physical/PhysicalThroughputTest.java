package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportResult;
import dev.lightning4j.testing.TestingMariaDb;
import dev.lightning4j.testing.TestingTidbStatus;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast the backend runs: its own part (convert, encode, sort, duplicate scan) into the in-memory
 * cluster double, and the whole path into the PD/TiKV stand-in. Opt-in ({@code -Dlightning.measure=true}); prints the figures, asserts only the row count.
 */
@EnabledIfSystemProperty(named = "lightning.measure", matches = "true")
class PhysicalThroughputTest {
    @TempDir
    Path source;
    @TempDir
    Path sortDir;

    private long bytes;

    /** Four SQL files of {@code lightning.measure.rows} rows each into a fresh database; returns the row count. */
    private long writeSource(String db) throws Exception {
        int files = 4;
        int rowsPerFile = Integer.getInteger("lightning.measure.rows", 100_000);
        Files.writeString(source.resolve(db + ".items-schema.sql"), "CREATE TABLE `items` (`id` bigint NOT NULL,"
                + " `name` varchar(40) COLLATE utf8mb4_bin NOT NULL, `score` int DEFAULT NULL, `note` varchar(100)"
                + " COLLATE utf8mb4_general_ci, PRIMARY KEY (`id`), UNIQUE KEY `uk_name` (`name`), KEY `k_score`"
                + " (`score`)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;\n");
        bytes = 0;
        for (int f = 0; f < files; f++) {
            Path p = source.resolve(db + ".items." + String.format("%09d", f) + ".sql");
            try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
                for (int i = 0; i < rowsPerFile; i++) {
                    long id = (long) f * rowsPerFile + i;
                    w.write(i % 1000 == 0 ? (i == 0 ? "" : ";\n") + "INSERT INTO `items` VALUES " : ",");
                    w.write("(" + id + ",'name-" + id + "'," + (id % 977) + ",'some note text for row " + id + "')");
                }
                w.write(";\n");
            }
            bytes += Files.size(p);
        }
        return (long) files * rowsPerFile;
    }

    private void print(String what, long rows, long pairs, double secs, double cpuSecs, String byThread,
            HeapPeak heap) {
        System.out.printf("[measure] physical backend into %s: %d rows, %.1f MiB source, %d pairs in %.2f s"
                + " (%.2f CPU s in this JVM; by thread %s): %.0f rows/s, %.1f MiB/s, heap peak %d MiB (max %d MiB)%n",
                what, rows, bytes / 1048576.0, pairs, secs, cpuSecs, byThread, rows / secs,
                bytes / 1048576.0 / secs, heap.peakMiB(), Runtime.getRuntime().maxMemory() >> 20);
    }

    /** CPU time of this JVM so far (every thread: the backend, and the cluster double or stand-in in it). */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    @Test
    void encodeSortAndFinish() throws Exception {
        TestingMariaDb server = TestingMariaDb.shared();
        String db = server.createDatabase("phys_measure");
        long rows = writeSource(db);
        MemoryKvCluster cluster = new MemoryKvCluster();
        try (TestingTidbStatus status = TestingTidbStatus.start(server.dataSource()); HeapPeak heap = new HeapPeak()) {
            double c0 = cpuSeconds();
            long t0 = System.nanoTime();
            ImportResult r = ImportBuilder.create().source(source).target(server.jdbcUrl(), server.user(),
                    server.password()).filter(db + ".*").backend(new PhysicalBackendProvider(c -> cluster.open()))
                    .concurrency(4).option("tikv-importer.sorted-kv-dir", sortDir.toString())
                    .option("tidb.status-addr", status.address()).option("post-restore.analyze", "off").run();
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = cpuSeconds() - c0;
            String byThread = heap.cpuByKind(cpu);
            assertThat(r.rows()).isEqualTo(rows);
            print("memory", rows, cluster.stored.size(), secs, cpu, byThread, heap);
        }
    }

    /** The whole path: encode, sort, split, write and ingest into the PD/TiKV stand-in over gRPC, checksum. */
    @Test
    void encodeSortAndIngestIntoTheStandIn() throws Exception {
        TestingMariaDb server = TestingMariaDb.shared();
        String db = server.createDatabase("phys_measure_tikv");
        long rows = writeSource(db);
        try (TestingTidbStatus status = TestingTidbStatus.start(server.dataSource());
                TestingTikvCluster tikv = TestingTikvCluster.start(); HeapPeak heap = new HeapPeak()) {
            double c0 = cpuSeconds();
            long t0 = System.nanoTime();
            // -Dlightning.measure.diskQuota=64MiB measures the same import with early imports under a disk quota
            String quota = System.getProperty("lightning.measure.diskQuota", "");
            ImportResult r;
            long peakDisk;
            try (DiskPeak disk = new DiskPeak(sortDir)) {
                r = ImportBuilder.create().source(source).target(server.jdbcUrl(), server.user(),
                        server.password()).filter(db + ".*").backend("physical").concurrency(2)
                        .option("tikv-importer.sorted-kv-dir", sortDir.toString())
                        .option("tikv-importer.disk-quota", quota.isEmpty() ? "0" : quota)
                        // -Dlightning.measure.checkDiskQuota=0ms checks the quota at every chance
                        .option("cron.check-disk-quota", System.getProperty("lightning.measure.checkDiskQuota", "100ms"))
                        .option("tidb.status-addr", status.address()).option("tidb.pd-addr", tikv.pdAddress())
                        .option("tidb.pd-http-addr", tikv.pdHttpAddress()).option("post-restore.analyze", "off").run();
                peakDisk = disk.peak();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = cpuSeconds() - c0;
            String byThread = heap.cpuByKind(cpu);
            assertThat(r.rows()).isEqualTo(rows);
            print("the PD/TiKV stand-in (3 replicas in this JVM)", rows, tikv.stored().size(), secs, cpu, byThread, heap);
            System.out.printf("[measure] sorted-kv-dir peak %.1f MiB (disk-quota %s)%n", peakDisk / 1048576.0,
                    quota.isEmpty() ? "none" : quota);
        }
    }

    /** Runs {@code sample} every {@code millis} on a daemon thread until closed. */
    private static final class Sampler implements AutoCloseable {
        private final Thread thread;
        private volatile boolean done;

        Sampler(String name, long millis, Runnable sample) {
            thread = new Thread(() -> {
                while (!done) {
                    sample.run();
                    try {
                        Thread.sleep(millis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            done = true;
            thread.interrupt();
            thread.join();
        }
    }

    /** Samples the size of a directory tree every 100 ms (as the disk quota measures it) and keeps the largest. */
    private static final class DiskPeak implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        private final Sampler sampler;

        DiskPeak(Path dir) {
            sampler = new Sampler("disk-peak", 100, () -> peak.accumulateAndGet(DiskQuota.treeSize(dir), Math::max));
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void close() throws InterruptedException {
            sampler.close();
        }
    }

    /**
     * Samples the used heap every 20 ms, and every live thread's CPU time (the last value seen per thread, so a
     * thread's last 20 ms before it ends may be missed), summed by kind of thread: the backend's own threads,
     * gRPC's executor (the stand-in's handlers; the client's callbacks there are small), gRPC's network threads
     * (client and server), the rest.
     */
    private static final class HeapPeak implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.Map<Long, long[]> cpu = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<Long, String> names = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<Long, Long> startCpu = new java.util.HashMap<>();
        private final Sampler sampler;

        HeapPeak() {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            for (long id : threads.getAllThreadIds()) {
                startCpu.put(id, Math.max(0, threads.getThreadCpuTime(id)));
            }
            sampler = new Sampler("heap-peak", 20, () -> {
                Runtime rt = Runtime.getRuntime();
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                    if (t == null) {
                        continue;
                    }
                    long c = threads.getThreadCpuTime(t.getThreadId());
                    if (c > 0) {
                        names.putIfAbsent(t.getThreadId(), t.getThreadName());
                        cpu.computeIfAbsent(t.getThreadId(), k -> new long[1])[0] = c;
                    }
                }
            });
        }

        /** CPU seconds by kind of thread; what no Java thread accounts for (GC, JIT, RocksDB's threads) is "unattributed". */
        String cpuByKind(double processCpu) {
            java.util.Map<String, Double> byKind = new java.util.TreeMap<>();
            cpu.forEach((id, c) -> {
                String n = names.get(id);
                String kind = n.startsWith("grpc-default-executor") ? "grpc-executor"
                        : n.startsWith("grpc-") ? "grpc-io"
                        : n.startsWith("lightning-") || n.startsWith("tikv-") || n.equals("main") ? "backend" : "other";
                byKind.merge(kind, (c[0] - startCpu.getOrDefault(id, 0L)) / 1e9, Double::sum);
            });
            byKind.put("unattributed", processCpu - byKind.values().stream().mapToDouble(Double::doubleValue).sum());
            StringBuilder b = new StringBuilder();
            byKind.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(String.format(" %.2f", v)));
            return b.toString();
        }

        long peakMiB() {
            return peak.get() >> 20;
        }

        @Override
        public void close() throws InterruptedException {
            sampler.close();
        }
    }
}
