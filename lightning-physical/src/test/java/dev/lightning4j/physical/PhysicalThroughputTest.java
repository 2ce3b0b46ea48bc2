package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportResult;
import dev.lightning4j.testing.TestingMariaDb;
import dev.lightning4j.testing.TestingTidbStatus;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast the backend's own part runs (convert, encode, sort, duplicate scan, final engines), into the in-memory
 * cluster double. Opt-in ({@code -Dlightning.measure=true}); prints the figures, asserts only the row count.
 */
@EnabledIfSystemProperty(named = "lightning.measure", matches = "true")
class PhysicalThroughputTest {
    @TempDir
    Path source;
    @TempDir
    Path sortDir;

    @Test
    void encodeSortAndFinish() throws Exception {
        TestingMariaDb server = TestingMariaDb.shared();
        String db = server.createDatabase("phys_measure");
        int files = 4;
        int rowsPerFile = Integer.getInteger("lightning.measure.rows", 100_000);
        Files.writeString(source.resolve(db + ".items-schema.sql"), "CREATE TABLE `items` (`id` bigint NOT NULL,"
                + " `name` varchar(40) COLLATE utf8mb4_bin NOT NULL, `score` int DEFAULT NULL, `note` varchar(100)"
                + " COLLATE utf8mb4_general_ci, PRIMARY KEY (`id`), UNIQUE KEY `uk_name` (`name`), KEY `k_score`"
                + " (`score`)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;\n");
        long bytes = 0;
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
        MemoryKvCluster cluster = new MemoryKvCluster();
        try (TestingTidbStatus status = TestingTidbStatus.start(server.dataSource())) {
            long t0 = System.nanoTime();
            ImportResult r = ImportBuilder.create().source(source).target(server.jdbcUrl(), server.user(),
                    server.password()).filter(db + ".*").backend(new PhysicalBackendProvider(c -> cluster.open()))
                    .concurrency(4).option("tikv-importer.sorted-kv-dir", sortDir.toString())
                    .option("tidb.status-addr", status.address()).option("post-restore.analyze", "off").run();
            double secs = (System.nanoTime() - t0) / 1e9;
            long rows = (long) files * rowsPerFile;
            assertThat(r.rows()).isEqualTo(rows);
            System.out.printf("[measure] physical backend into memory: %d rows, %.1f MiB source, %d pairs in %.2f s:"
                    + " %.0f rows/s, %.1f MiB/s%n", rows, bytes / 1048576.0, cluster.stored.size(), secs, rows / secs,
                    bytes / 1048576.0 / secs);
        }
    }
}
