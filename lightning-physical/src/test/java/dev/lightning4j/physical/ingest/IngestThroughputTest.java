package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.engine.EngineOptions;
import dev.lightning4j.physical.engine.EngineStats;
import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures ingest throughput of a ~200 MiB engine into the stand-in (printed, not asserted). The stand-in
 * keeps everything in memory, so this measures the client and the gRPC path, not TiKV. Run with
 * {@code -Dlightning.ingest.bench=true -Dtest=IngestThroughputTest}; add {@code -Dlightning.ingest.bench.keyspace=NAME}
 * for an import into a keyspace of an API V2 stand-in (every key prefixed on the way out).
 */
@EnabledIfSystemProperty(named = "lightning.ingest.bench", matches = "true")
class IngestThroughputTest {
    @TempDir
    Path dir;

    @Test
    void ingestTwoHundredMebibytes() throws Exception {
        long target = Long.getLong("lightning.ingest.bench.bytes", 200L << 20);
        String keyspace = System.getProperty("lightning.ingest.bench.keyspace", "");
        TestingTikvCluster.Builder builder = TestingTikvCluster.builder();
        if (!keyspace.isEmpty()) {
            builder.keyspace(keyspace, 1);
        }
        try (TestingTikvCluster standIn = builder.start();
                LocalEngine engine = LocalEngine.open(dir, EngineOptions.defaults())) {
            Random random = new Random(42);
            long written = 0;
            long id = 0;
            try (LocalEngine.Writer w = engine.writer()) {
                while (written < target) {
                    id++;
                    byte[] value = new byte[150 + random.nextInt(200)];
                    random.nextBytes(value);
                    byte[] key = TableCodec.recordKey(77, id);
                    w.put(key, value);
                    written += key.length + value.length;
                }
            }
            engine.flush();
            EngineStats stats = engine.stats();
            TikvClusterOptions o = TikvClusterOptions.of(standIn.pdAddress())
                    .withPdHttpAddress(standIn.pdHttpAddress())
                    .withRegionSplit(8L << 20, 1_280_000)
                    .withWriteBatchBytes(Integer.getInteger("lightning.ingest.bench.batch", 256 << 10))
                    .withRetries(20, Duration.ofMillis(10), Duration.ofSeconds(1));
            try (TikvCluster cluster = TikvCluster.connect(o, keyspace)) {
                KeyRange range = new KeyRange(TableCodec.recordPrefix(77), TableCodec.recordPrefix(78));
                long ts = cluster.timestamp();
                long t0 = System.nanoTime();
                IngestStats s;
                try (KvCluster.Lease mode = cluster.importMode()) {
                    s = cluster.ingest(engine, range, ts);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                KvChecksum remote = cluster.checksum(java.util.List.of(range), cluster.timestamp());
                assertThat(s.kvs()).isEqualTo(stats.kvs());
                KvChecksum local = cluster.keyspace().newChecksum();
                try (LocalEngine.KvIterator it = engine.iterator(null, null)) {
                    while (it.hasNext()) {
                        var p = it.next();
                        local.update(p.key(), p.value());
                    }
                }
                assertThat(remote.toString()).isEqualTo(local.toString());
                System.out.printf("%s: ingest of", cluster.keyspace());
                System.out.printf(" %.1f MiB (%d pairs) into %d regions: %.2f s, %.1f MiB/s (%d retries)%n",
                        stats.bytes() / 1048576.0, stats.kvs(), s.regions(), secs, stats.bytes() / 1048576.0 / secs,
                        s.retries());
            }
        }
    }
}
