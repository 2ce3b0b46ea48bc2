package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.engine.EngineOptions;
import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.physical.kv.KvPair;
import dev.lightning4j.testing.tikv.LabelRule;
import dev.lightning4j.testing.tikv.Region;
import dev.lightning4j.testing.tikv.Rpc;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import dev.lightning4j.testing.tikv.TikvKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest client into a keyspace of the stand-in running TiKV API V2, over real gRPC. */
class KeyspaceIngestTest {
    private static final long TABLE_ID = 130;
    private static final int ID = 77;
    private static final byte[] PREFIX = {'x', 0, 0, 77};

    @TempDir
    Path dir;

    private TestingTikvCluster standIn;
    private TikvCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    private TikvClusterOptions options() {
        return TikvClusterOptions.of(standIn.pdAddress())
                .withPdHttpAddress(standIn.pdHttpAddress())
                .withRegionSplit(8 << 10, 1_280_000)
                .withConcurrency(4, 2)
                .withWriteBatchBytes(4 << 10)
                .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(20))
                .withTimeouts(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(10),
                        Duration.ofSeconds(30));
    }

    private static byte[] prefixed(byte[] key) {
        byte[] out = Arrays.copyOf(PREFIX, PREFIX.length + key.length);
        System.arraycopy(key, 0, out, PREFIX.length, key.length);
        return out;
    }

    private LocalEngine engine(int rows) throws Exception {
        LocalEngine e = LocalEngine.open(dir.resolve("engine"), EngineOptions.defaults());
        Random random = new Random(7);
        List<KvPair> pairs = new ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            byte[] value = new byte[i % 10 == 0 ? 400 : 60];
            random.nextBytes(value);
            pairs.add(new KvPair(TableCodec.recordKey(TABLE_ID, i), value));
        }
        e.write(pairs);
        e.flush();
        return e;
    }

    private static KeyRange tableRange() {
        return new KeyRange(TableCodec.indexPrefix(TABLE_ID, 0), TableCodec.recordPrefix(TABLE_ID + 1));
    }

    @Test
    void ingestSplitsPausesAndChecksumsUnderTheKeyspacePrefix() throws Exception {
        standIn = TestingTikvCluster.builder().keyspace("tenant", ID).start();
        cluster = TikvCluster.connect(options(), "tenant");
        assertThat(cluster.keyspace().prefix()).isEqualTo(PREFIX);
        try (LocalEngine e = engine(601)) {
            long ts = cluster.timestamp();
            IngestStats stats;
            List<LabelRule> rulesWhilePaused;
            try (KvCluster.Lease pause = cluster.pauseScheduling(tableRange())) {
                rulesWhilePaused = standIn.labelRules();
                stats = cluster.ingest(e, tableRange(), ts);
            }
            assertThat(stats.kvs()).isEqualTo(601);
            // The scheduling pause covers the table's keys inside the keyspace.
            assertThat(rulesWhilePaused).singleElement().satisfies(r -> assertThat(r.ranges()).singleElement()
                    .satisfies(k -> {
                        assertThat(k.startKey()).isEqualTo(TikvKeys.encode(prefixed(tableRange().start())));
                        assertThat(k.endKey()).isEqualTo(TikvKeys.encode(prefixed(tableRange().end())));
                    }));
            // Every pair stored once, under the prefix; the splits fell inside the keyspace.
            assertThat(standIn.stored()).hasSize(601);
            try (LocalEngine.KvIterator it = e.iterator(null, null)) {
                for (Map.Entry<byte[], byte[]> s : standIn.stored().entrySet()) {
                    KvPair p = it.next();
                    assertThat(s.getKey()).isEqualTo(prefixed(p.key()));
                    assertThat(s.getValue()).isEqualTo(p.value());
                }
            }
            List<Region> inside = standIn.regions().stream()
                    .filter(r -> Arrays.compareUnsigned(r.startKey(), TikvKeys.encode(PREFIX)) > 0
                            && r.endKey().length > 0 && Arrays.compareUnsigned(r.endKey(), TikvKeys.encode(prefixed(
                                    TableCodec.recordPrefix(TABLE_ID + 1)))) <= 0)
                    .toList();
            assertThat(inside).as("regions split inside the table's keys").hasSizeGreaterThan(3);

            // The local checksum counts keys as stored; TiKV's checksum over the prefixed ranges agrees.
            KvChecksum local = cluster.keyspace().newChecksum();
            try (LocalEngine.KvIterator it = e.iterator(null, null)) {
                while (it.hasNext()) {
                    KvPair p = it.next();
                    local.update(p.key(), p.value());
                }
            }
            KvChecksum remote = cluster.checksum(List.of(new KeyRange(TableCodec.recordPrefix(TABLE_ID),
                    TableCodec.recordPrefix(TABLE_ID + 1))), cluster.timestamp());
            assertThat(remote.toString()).isEqualTo(local.toString());
            assertThat(remote.kvs()).isEqualTo(601);
            // CRC-64 is affine: the prefix changes each pair's CRC by a constant of the pair's length, so it shows in
            // the XOR only where a length occurs an odd number of times (541 pairs of one length here).
            assertThat(e.checksum().checksum()).as("the unprefixed checksum differs").isNotEqualTo(local.checksum());
            assertThat(remote.bytes()).isEqualTo(e.checksum().bytes() + 4L * 601);

            // Deletes go under the prefix too: the first ten records leave the keyspace's table.
            try (LocalEngine deletes = LocalEngine.open(dir.resolve("deletes"), EngineOptions.defaults())) {
                List<KvPair> keys = new ArrayList<>();
                for (int i = 1; i <= 10; i++) {
                    keys.add(new KvPair(TableCodec.recordKey(TABLE_ID, i), new byte[0]));
                }
                deletes.write(keys);
                deletes.flush();
                assertThat(cluster.ingestDeletes(deletes, tableRange(), cluster.timestamp()).kvs()).isEqualTo(10);
            }
            assertThat(standIn.stored()).hasSize(591)
                    .doesNotContainKey(prefixed(TableCodec.recordKey(TABLE_ID, 1)))
                    .containsKey(prefixed(TableCodec.recordKey(TABLE_ID, 11)));
            assertThat(cluster.checksum(List.of(new KeyRange(TableCodec.recordPrefix(TABLE_ID),
                    TableCodec.recordPrefix(TABLE_ID + 1))), cluster.timestamp()).kvs()).isEqualTo(591);
        }
    }

    @Test
    void theAllocatorMetaKeyIsWrittenUnderTheKeyspace() {
        standIn = TestingTikvCluster.builder().keyspace("tenant", ID).start();
        cluster = TikvCluster.connect(options(), "tenant");
        assertThat(cluster.rebaseRowIdAllocator("`d`.`t`", 2, TABLE_ID, 900, false)).isEqualTo(900);
        byte[] key = prefixed(MetaKeys.rowIdAllocator(2, TABLE_ID));
        assertThat(standIn.committedKeys()).singleElement().isEqualTo(key);
        assertThat(new String(standIn.committedValue(key), StandardCharsets.US_ASCII)).isEqualTo("900");
        assertThat(cluster.rebaseRowIdAllocator("`d`.`t`", 2, TABLE_ID, 10, false)).isEqualTo(900);
    }

    @Test
    void anUnknownKeyspaceFailsNamingIt() {
        standIn = TestingTikvCluster.builder().keyspace("tenant", ID).start();
        assertThatThrownBy(() -> TikvCluster.connect(options(), "nobody"))
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_OPTION))
                .hasMessageContaining("keyspace 'nobody' does not exist in PD at " + standIn.pdHttpAddress())
                .hasMessageContaining("tikv-importer.keyspace-name");
    }

    @Test
    void aKeyspaceNotEnabledFailsNamingItsState() {
        standIn = TestingTikvCluster.builder().keyspace("tenant", ID).keyspaceState("ARCHIVED").start();
        assertThatThrownBy(() -> TikvCluster.connect(options(), "tenant"))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("keyspace 'tenant' (ID 77) is ARCHIVED, not ENABLED");
    }

    @Test
    void aPdWithoutKeyspacesFailsSayingSo() {
        standIn = TestingTikvCluster.start();
        assertThatThrownBy(() -> TikvCluster.connect(options(), "tenant"))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("PD at " + standIn.pdHttpAddress() + " has no keyspace API")
                .hasMessageContaining("leave tikv-importer.keyspace-name empty");
        // Blank is API V1.
        cluster = TikvCluster.connect(options(), " ");
        assertThat(cluster.keyspace()).isSameAs(KeyspaceCodec.V1);
    }

    @Test
    void aV1ClientIsRefusedByAnApiV2Cluster() {
        standIn = TestingTikvCluster.builder().keyspace("tenant", ID).start();
        cluster = TikvCluster.connect(options());
        assertThatThrownBy(() -> cluster.checksum(List.of(new KeyRange(TableCodec.recordPrefix(TABLE_ID),
                TableCodec.recordPrefix(TABLE_ID + 1))), cluster.timestamp()))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("ApiVersionNotMatched");
        assertThat(standIn.requests(Rpc.COPROCESSOR)).isPositive();
    }
}
