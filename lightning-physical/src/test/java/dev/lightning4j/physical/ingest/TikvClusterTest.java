package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.codec.MemComparable;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.engine.EngineOptions;
import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.physical.kv.KvPair;
import dev.lightning4j.testing.tikv.Checksum;
import dev.lightning4j.testing.tikv.FaultKind;
import dev.lightning4j.testing.tikv.Region;
import dev.lightning4j.testing.tikv.Rpc;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.tikv.kvproto.Metapb;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ingest client against the in-JVM PD/TiKV stand-in, over real gRPC. */
class TikvClusterTest {
    private static final long TABLE_ID = 112;
    private static final EngineOptions ENGINE = new EngineOptions(4 << 20, 256 << 10, 2);

    @TempDir
    Path dir;

    private TestingTikvCluster standIn;
    private LocalEngine engine;

    @BeforeEach
    void start() throws Exception {
        standIn = TestingTikvCluster.start();
        engine = LocalEngine.open(dir.resolve("engine"), ENGINE);
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
        standIn.close();
    }

    /** Fast retries; regions of {@code splitSize} bytes. */
    private TikvClusterOptions options(long splitSize) {
        return TikvClusterOptions.of(standIn.pdAddress())
                .withPdHttpAddress(standIn.pdHttpAddress())
                .withRegionSplit(splitSize, 1_280_000)
                .withConcurrency(8, 4)
                .withWriteBatchBytes(16 << 10)
                .withRetries(20, Duration.ofMillis(5), Duration.ofMillis(50))
                .withTimeouts(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                        Duration.ofSeconds(60));
    }

    /**
     * Fills the engine with {@code rows} rows of table {@value #TABLE_ID}: a record key {@code t{id}_r{handle}}
     * with a value of 40..160 bytes (every 16th row 300..600 bytes, which TiKV keeps in its default CF, so
     * a Write returns two SST metas), and one index entry {@code t{id}_i1{value}{handle}} per row.
     */
    private void fill(int rows, long seed) throws Exception {
        Random random = new Random(seed);
        try (LocalEngine.Writer w = engine.writer()) {
            for (int i = 1; i <= rows; i++) {
                byte[] value = new byte[i % 16 == 0 ? 300 + random.nextInt(301) : 40 + random.nextInt(121)];
                random.nextBytes(value);
                w.put(TableCodec.recordKey(TABLE_ID, i), value);
                byte[] prefix = TableCodec.indexPrefix(TABLE_ID, 1);
                byte[] idxValue = MemComparable.encodeBytes(("v" + random.nextInt(1_000_000)).getBytes());
                byte[] key = Arrays.copyOf(prefix, prefix.length + idxValue.length + 9);
                System.arraycopy(idxValue, 0, key, prefix.length, idxValue.length);
                key[prefix.length + idxValue.length] = 3;
                long h = i ^ Long.MIN_VALUE;
                for (int b = 0; b < 8; b++) {
                    key[key.length - 1 - b] = (byte) (h >>> (8 * b));
                }
                w.put(key, new byte[] {'0'});
            }
        }
        engine.flush();
    }

    private static KeyRange tableRange() {
        return new KeyRange(TableCodec.indexPrefix(TABLE_ID, 0), TableCodec.recordPrefix(TABLE_ID + 1));
    }

    private static List<KeyRange> checksumRanges() {
        return List.of(new KeyRange(TableCodec.recordPrefix(TABLE_ID), TableCodec.recordPrefix(TABLE_ID + 1)),
                new KeyRange(TableCodec.indexPrefix(TABLE_ID, 1), TableCodec.indexPrefix(TABLE_ID, 2)));
    }

    /** The stand-in holds exactly the engine's pairs, each with {@code commitTs}. */
    private void assertStoredExactly(long commitTs) {
        NavigableMap<byte[], byte[]> stored = standIn.stored();
        long n = 0;
        try (LocalEngine.KvIterator it = engine.iterator(null, null)) {
            var storedIt = stored.entrySet().iterator();
            while (it.hasNext()) {
                KvPair p = it.next();
                assertThat(storedIt.hasNext()).as("stored has fewer pairs than the engine (%d so far)", n).isTrue();
                Map.Entry<byte[], byte[]> e = storedIt.next();
                assertThat(e.getKey()).as("key #%d", n).isEqualTo(p.key());
                assertThat(e.getValue()).as("value #%d", n).isEqualTo(p.value());
                n++;
            }
            assertThat(storedIt.hasNext()).as("stored has more pairs than the engine").isFalse();
        }
        assertThat(n).isPositive();
        for (byte[] k : sample(stored)) {
            assertThat(standIn.storedCommitTs(k)).isEqualTo(commitTs);
        }
    }

    private static List<byte[]> sample(NavigableMap<byte[], byte[]> stored) {
        List<byte[]> keys = new ArrayList<>();
        int i = 0;
        for (byte[] k : stored.keySet()) {
            if (i++ % 97 == 0 || i == stored.size()) {
                keys.add(k);
            }
        }
        return keys;
    }

    private void assertChecksums(TikvCluster cluster) {
        KvChecksum local = engine.checksum();
        KvChecksum remote = cluster.checksum(checksumRanges(), cluster.timestamp());
        assertThat(remote.checksum()).isEqualTo(local.checksum());
        assertThat(remote.kvs()).isEqualTo(local.kvs());
        assertThat(remote.bytes()).isEqualTo(local.bytes());
        // One region request at a time (tidb.distsql-scan-concurrency = 1) sums the same regions.
        long calls = standIn.requests(dev.lightning4j.testing.tikv.Rpc.COPROCESSOR);
        KvChecksum serial = cluster.checksum(checksumRanges(), cluster.timestamp(), 1);
        assertThat(serial).usingRecursiveComparison().isEqualTo(remote);
        assertThat(standIn.requests(dev.lightning4j.testing.tikv.Rpc.COPROCESSOR) - calls).isPositive();
        Checksum own = standIn.checksum(tableRange().start(), tableRange().end());
        assertThat(own.crc64Xor()).isEqualTo(local.checksum());
        assertThat(own.kvs()).isEqualTo(local.kvs());
        assertThat(own.bytes()).isEqualTo(local.bytes());
    }

    @Test
    void ingestsEveryPairOnceWithTheCommitTsUnderImportModeAndPause() throws Exception {
        fill(60_000, 1);
        long kvs = engine.stats().kvs();
        assertThat(kvs).isEqualTo(120_000);
        try (TikvCluster cluster = TikvCluster.connect(options(256 << 10))) {
            long ts = cluster.timestamp();
            assertThat(cluster.timestamp()).isGreaterThan(ts);
            IngestStats stats;
            try (KvCluster.Lease mode = cluster.importMode(); KvCluster.Lease pause = cluster.pauseScheduling(tableRange())) {
                for (Region r : standIn.regions()) {
                    for (long store : r.storeIds()) {
                        assertThat(standIn.storeMode(store)).isEqualTo("Import");
                    }
                }
                assertThat(standIn.labelRules()).hasSize(1);
                var rule = standIn.labelRules().get(0);
                assertThat(rule.labels()).anySatisfy(l -> {
                    assertThat(l.key()).isEqualTo("schedule");
                    assertThat(l.value()).isEqualTo("deny");
                });
                assertThat(rule.ranges().get(0).startKey()).isEqualTo(MemComparable.encodeBytes(tableRange().start()));
                assertThat(rule.ranges().get(0).endKey()).isEqualTo(MemComparable.encodeBytes(tableRange().end()));
                stats = cluster.ingest(engine, tableRange(), ts);
            }
            assertThat(standIn.requests(Rpc.WRITE)).isPositive();
            assertThat(standIn.writesInNormalMode()).isZero();
            assertThat(standIn.pendingSsts()).isZero();
            for (Region r : standIn.regions()) {
                for (long store : r.storeIds()) {
                    assertThat(standIn.storeMode(store)).isEqualTo("Normal");
                }
            }
            assertThat(standIn.modeChanges()).contains("store 1: Import", "store 1: Normal");
            assertThat(standIn.labelRules()).isEmpty();
            assertThat(stats.kvs()).isEqualTo(kvs);
            assertThat(stats.bytes()).isEqualTo(engine.stats().bytes());
            assertThat(standIn.regions().size()).as("regions after split").isGreaterThan(20);
            assertThat(stats.regions()).isGreaterThan(20);
            assertThat(standIn.requests(Rpc.SCATTER)).isPositive();
            // Every scattered region polled until its operator ended (the stand-in reports RUNNING at least once).
            assertThat(standIn.requests(Rpc.GET_OPERATOR)).isGreaterThan(standIn.requests(Rpc.SCATTER));
            assertStoredExactly(ts);
            assertChecksums(cluster);
            assertThat(cluster.storeVersions()).hasSize(3).allSatisfy(v -> assertThat(v).contains("127.0.0.1:", "="));
        }
    }

    @Test
    void everyRegionIsWithinTheSplitLimits() throws Exception {
        fill(20_000, 2);
        try (TikvCluster cluster = TikvCluster.connect(options(128 << 10))) {
            cluster.ingest(engine, tableRange(), cluster.timestamp());
        }
        List<Region> regions = standIn.regions();
        NavigableMap<byte[], byte[]> stored = standIn.stored();
        for (Region r : regions) {
            long bytes = 0;
            for (var e : stored.entrySet()) {
                if (r.contains(MemComparable.encodeBytes(e.getKey()))) {
                    bytes += e.getKey().length + e.getValue().length;
                }
            }
            assertThat(bytes).as("bytes in %s", r).isLessThanOrEqualTo(128 << 10);
        }
    }

    @Test
    void gzipStreamsAndSmallSplitBatchesStillIngestExactly() throws Exception {
        fill(20_000, 5);
        long commitTs;
        TikvClusterOptions o = options(64 << 10).withWriteLimits(3, 0, true);
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            commitTs = cluster.timestamp();
            cluster.ingest(engine, tableRange(), commitTs);
            assertChecksums(cluster);
        }
        assertStoredExactly(commitTs);
        assertThat(standIn.messageEncodings("import_sstpb.ImportSST/Write")).containsExactly("gzip");
        // Every split request carried at most 3 keys, so there were at least a third as many requests as new regions.
        int created = standIn.regions().size() - 1;
        assertThat(created).isGreaterThan(20);
        assertThat(standIn.requests(Rpc.SPLIT_REGION)).isGreaterThanOrEqualTo((created + 2) / 3);
    }

    @Test
    void concurrentSplitsCutTheSameRegionsAsOneAtATime() throws Exception {
        fill(20_000, 8);
        List<String> bounds = new ArrayList<>();
        for (int concurrency : new int[] {1, 4}) {
            standIn.close();
            standIn = TestingTikvCluster.start();
            long commitTs;
            // Three keys per request: the first round splits one region, later rounds split many at once.
            TikvClusterOptions o = options(64 << 10).withWriteLimits(3, 0, false).withSplitConcurrency(concurrency);
            try (TikvCluster cluster = TikvCluster.connect(o)) {
                commitTs = cluster.timestamp();
                cluster.ingest(engine, tableRange(), commitTs);
            }
            assertStoredExactly(commitTs);
            bounds.add(String.join("|", standIn.regions().stream().map(r -> HexFormat.of().formatHex(r.startKey()))
                    .sorted().toList()));
        }
        assertThat(bounds.get(0).split("\\|").length).isGreaterThan(20);
        assertThat(bounds.get(1)).isEqualTo(bounds.get(0));
    }

    @Test
    void globalScopePausesPdSchedulersAndPutsTheSettingsBack() throws Exception {
        fill(5_000, 9);
        var before = standIn.scheduleConfig();
        assertThat(standIn.pausedSchedulers()).isEmpty();
        long commitTs;
        TikvClusterOptions o = options(64L << 20).withGlobalSchedulePause(true);
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            commitTs = cluster.timestamp();
            try (KvCluster.Lease outer = cluster.pauseScheduling(tableRange());
                    KvCluster.Lease inner = cluster.pauseScheduling(tableRange())) {
                // The balance schedulers PD runs are paused (not evict-slow-store, which is not one of them).
                assertThat(standIn.pausedSchedulers()).containsExactlyInAnyOrder("balance-leader-scheduler",
                        "balance-region-scheduler", "balance-hot-region-scheduler");
                var held = standIn.scheduleConfig();
                assertThat(((Number) held.get("max-merge-region-keys")).longValue()).isZero();
                assertThat(((Number) held.get("max-merge-region-size")).longValue()).isZero();
                // 4 x 3 stores, at most 40
                assertThat(((Number) held.get("leader-schedule-limit")).longValue()).isEqualTo(12);
                assertThat(((Number) held.get("region-schedule-limit")).longValue()).isEqualTo(40);
                assertThat(held.get("enable-location-replacement")).isEqualTo("false");
                assertThat(standIn.labelRules()).isEmpty();
                cluster.ingest(engine, tableRange(), commitTs);
                inner.close();
                // Another holder still imports: the pause stays.
                assertThat(standIn.pausedSchedulers()).hasSize(3);
            }
            assertThat(standIn.pausedSchedulers()).isEmpty();
            assertThat(standIn.scheduleConfig()).isEqualTo(before);
        }
        assertStoredExactly(commitTs);
    }

    @Test
    void uncompressedByDefault() throws Exception {
        fill(2_000, 6);
        try (TikvCluster cluster = TikvCluster.connect(options(64L << 20))) {
            cluster.ingest(engine, tableRange(), cluster.timestamp());
        }
        assertThat(standIn.messageEncodings("import_sstpb.ImportSST/Write")).containsExactly("identity");
    }

    @Test
    void aBandwidthLimitStillIngestsExactly() throws Exception {
        fill(5_000, 7);
        long commitTs;
        try (TikvCluster cluster = TikvCluster.connect(options(256 << 10).withWriteLimits(4096, 8L << 20, false))) {
            commitTs = cluster.timestamp();
            cluster.ingest(engine, tableRange(), commitTs);
        }
        assertStoredExactly(commitTs);
    }

    static Stream<Arguments> recoverableFaults() {
        return Stream.of(
                Arguments.of(Rpc.MULTI_INGEST, FaultKind.NOT_LEADER, 3),
                Arguments.of(Rpc.MULTI_INGEST, FaultKind.EPOCH_NOT_MATCH, 3),
                Arguments.of(Rpc.MULTI_INGEST, FaultKind.REGION_NOT_FOUND, 3),
                Arguments.of(Rpc.MULTI_INGEST, FaultKind.SERVER_IS_BUSY, 3),
                Arguments.of(Rpc.MULTI_INGEST, FaultKind.STALE_COMMAND, 3),
                Arguments.of(Rpc.MULTI_INGEST, FaultKind.READ_INDEX_NOT_READY, 3),
                Arguments.of(Rpc.MULTI_INGEST, FaultKind.PROPOSAL_DROPPED, 3),
                Arguments.of(Rpc.MULTI_INGEST, FaultKind.UNAVAILABLE, 3),
                Arguments.of(Rpc.WRITE, FaultKind.REQUEST_TOO_NEW, 3),
                Arguments.of(Rpc.WRITE, FaultKind.REQUEST_TOO_OLD, 3),
                Arguments.of(Rpc.WRITE, FaultKind.EPOCH_NOT_MATCH, 2),
                Arguments.of(Rpc.WRITE, FaultKind.UNAVAILABLE, 3),
                Arguments.of(Rpc.SPLIT_REGION, FaultKind.NOT_LEADER, 2),
                Arguments.of(Rpc.SPLIT_REGION, FaultKind.EPOCH_NOT_MATCH, 2),
                Arguments.of(Rpc.SPLIT_REGION, FaultKind.SERVER_IS_BUSY, 2),
                Arguments.of(Rpc.SPLIT_REGION, FaultKind.UNAVAILABLE, 2),
                Arguments.of(Rpc.SCAN_REGIONS, FaultKind.UNAVAILABLE, 2),
                Arguments.of(Rpc.SCAN_REGIONS, FaultKind.NO_LEADER, 3),
                Arguments.of(Rpc.SCAN_REGIONS, FaultKind.STALE_REGION, 4),
                Arguments.of(Rpc.TSO, FaultKind.UNAVAILABLE, 2));
    }

    @ParameterizedTest(name = "{0} {1} x{2}")
    @MethodSource("recoverableFaults")
    void ingestEndsExactAfterFault(Rpc rpc, FaultKind kind, int times) throws Exception {
        fill(15_000, 3);
        try (TikvCluster cluster = TikvCluster.connect(options(128 << 10))) {
            standIn.faults().inject(rpc, kind, times);
            long ts = cluster.timestamp();
            IngestStats stats = cluster.ingest(engine, tableRange(), ts);
            assertThat(standIn.faults().fired(rpc, kind)).isEqualTo(times);
            if (rpc == Rpc.MULTI_INGEST || rpc == Rpc.WRITE) {
                assertThat(stats.retries()).isGreaterThanOrEqualTo(1);
            }
            assertThat(stats.kvs()).isEqualTo(engine.stats().kvs());
            assertStoredExactly(ts);
            assertChecksums(cluster);
        }
    }

    @Test
    void regionsNotYetOnlineAreLookedUpAgainUpToTheRegionCheckLimitNotTheJobRetries() throws Exception {
        fill(15_000, 8);
        // Five lookups without a leader: more than the two job retries, fewer than the region check limit.
        try (TikvCluster cluster = TikvCluster.connect(options(128 << 10)
                .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(50)).withRegionCheckAttempts(10))) {
            standIn.faults().inject(Rpc.SCAN_REGIONS, FaultKind.NO_LEADER, 5);
            long ts = cluster.timestamp();
            cluster.ingest(engine, tableRange(), ts);
            assertThat(standIn.faults().fired(Rpc.SCAN_REGIONS, FaultKind.NO_LEADER)).isEqualTo(5);
            assertStoredExactly(ts);
        }
    }

    @Test
    void regionsStillNotOnlineAfterTheRegionCheckLimitFailNamingTheOption() throws Exception {
        fill(5_000, 9);
        try (TikvCluster cluster = TikvCluster.connect(options(128 << 10).withRegionCheckAttempts(3))) {
            standIn.faults().inject(Rpc.SCAN_REGIONS, FaultKind.NO_LEADER, 50);
            long ts = cluster.timestamp();
            assertThatThrownBy(() -> cluster.ingest(engine, tableRange(), ts))
                    .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.getMessage())
                            .contains("not all online after 3 lookups", "has no leader",
                                    "tikv-importer.region-check-backoff-limit"));
            assertThat(standIn.faults().fired(Rpc.SCAN_REGIONS, FaultKind.NO_LEADER)).isEqualTo(3);
            assertThat(standIn.requests(Rpc.WRITE)).isZero();
        }
    }

    @Test
    void regionsWithAHoleOrWithoutLeaderFallShortOfTheRange() {
        Metapb.Peer leader = Metapb.Peer.newBuilder().setId(7).setStoreId(1).build();
        java.util.function.BiFunction<String, String, RegionInfo> region = (a, b) -> new RegionInfo(
                Metapb.Region.newBuilder().setId(a.hashCode() & 0xffff).setStartKey(bs(a)).setEndKey(bs(b))
                        .addPeers(leader).build(), leader);
        byte[] from = "b".getBytes(StandardCharsets.US_ASCII);
        byte[] to = "y".getBytes(StandardCharsets.US_ASCII);
        assertThat(TikvCluster.regionsFallShort(List.of(region.apply("a", "m"), region.apply("m", "")), from, to))
                .isNull();
        assertThat(TikvCluster.regionsFallShort(List.of(region.apply("", "m"), region.apply("m", "z")), from, to))
                .isNull();
        assertThat(TikvCluster.regionsFallShort(List.of(), from, to)).isEqualTo("no region");
        assertThat(TikvCluster.regionsFallShort(List.of(region.apply("c", "m"), region.apply("m", "")), from, to))
                .startsWith("a hole before");
        assertThat(TikvCluster.regionsFallShort(List.of(region.apply("a", "k"), region.apply("m", "")), from, to))
                .startsWith("a hole before");
        assertThat(TikvCluster.regionsFallShort(List.of(region.apply("a", "m"), region.apply("m", "x")), from, to))
                .isEqualTo("a hole at the end of the range");
        assertThat(TikvCluster.regionsFallShort(List.of(region.apply("a", "m"), region.apply("m", "x")), from,
                new byte[0])).as("an unbounded range needs the last region").isEqualTo("a hole at the end of the range");
        RegionInfo leaderless = new RegionInfo(Metapb.Region.newBuilder().setId(9).setStartKey(bs("m"))
                .setEndKey(bs("")).addPeers(leader).build(), Metapb.Peer.getDefaultInstance());
        assertThat(TikvCluster.regionsFallShort(List.of(region.apply("a", "m"), leaderless), from, to))
                .endsWith("has no leader");
    }

    private static org.tikv.shade.com.google.protobuf.ByteString bs(String s) {
        return org.tikv.shade.com.google.protobuf.ByteString.copyFromUtf8(s);
    }

    static Stream<Arguments> checksumFaults() {
        return Stream.of(
                Arguments.of(FaultKind.NOT_LEADER),
                Arguments.of(FaultKind.EPOCH_NOT_MATCH),
                Arguments.of(FaultKind.REGION_NOT_FOUND),
                Arguments.of(FaultKind.SERVER_IS_BUSY),
                Arguments.of(FaultKind.UNAVAILABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checksumFaults")
    void checksumEndsExactAfterFault(FaultKind kind) throws Exception {
        fill(15_000, 4);
        try (TikvCluster cluster = TikvCluster.connect(options(128 << 10))) {
            cluster.ingest(engine, tableRange(), cluster.timestamp());
            standIn.faults().inject(Rpc.COPROCESSOR, kind, 2);
            assertChecksums(cluster);
            assertThat(standIn.faults().fired(Rpc.COPROCESSOR, kind)).isEqualTo(2);
        }
    }

    @Test
    void diskFullOnIngestFailsAtOnceNamingTheStore() throws Exception {
        fill(5_000, 5);
        try (TikvCluster cluster = TikvCluster.connect(options(64L << 20))) {
            standIn.faults().inject(Rpc.MULTI_INGEST, FaultKind.DISK_FULL, 1);
            long ts = cluster.timestamp();
            assertThatThrownBy(() -> {
                try (KvCluster.Lease mode = cluster.importMode();
                        KvCluster.Lease pause = cluster.pauseScheduling(tableRange())) {
                    cluster.ingest(engine, tableRange(), ts);
                }
            }).isInstanceOfSatisfying(ImportException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TARGET_WRITE);
                assertThat(e.getMessage()).contains("out of disk space", "TiKV store", "region", "free disk space");
            });
            for (long store : standIn.storeIds()) {
                assertThat(standIn.storeMode(store)).isEqualTo("Normal");
            }
            assertThat(standIn.labelRules()).isEmpty();
            assertThat(standIn.requests(Rpc.MULTI_INGEST)).isEqualTo(1);
            assertThat(standIn.stored()).isEmpty();
        }
    }

    @Test
    void diskFullOnWriteFailsAtOnce() throws Exception {
        fill(5_000, 6);
        try (TikvCluster cluster = TikvCluster.connect(options(64L << 20))) {
            standIn.faults().inject(Rpc.WRITE, FaultKind.DISK_FULL, 1);
            long ts = cluster.timestamp();
            assertThatThrownBy(() -> cluster.ingest(engine, tableRange(), ts))
                    .isInstanceOfSatisfying(ImportException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_WRITE);
                        assertThat(e.getMessage()).contains("out of disk space", "free disk space");
                    });
            assertThat(standIn.requests(Rpc.MULTI_INGEST)).isZero();
            assertThat(standIn.stored()).isEmpty();
        }
    }

    @Test
    void permanentBusyFailsAfterBoundedRequests() throws Exception {
        fill(5_000, 7);
        int retries = 4;
        TikvClusterOptions o = options(64L << 20).withRetries(retries, Duration.ofMillis(1), Duration.ofMillis(5));
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            standIn.faults().inject(Rpc.MULTI_INGEST, FaultKind.SERVER_IS_BUSY, 1000);
            long ts = cluster.timestamp();
            assertThatThrownBy(() -> cluster.ingest(engine, tableRange(), ts))
                    .isInstanceOfSatisfying(ImportException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_WRITE);
                        assertThat(e.getMessage()).contains("failed after " + (retries + 1) + " attempts",
                                "ServerIsBusy", "region ", "keys [");
                    });
            assertThat(standIn.requests(Rpc.MULTI_INGEST)).isEqualTo(retries + 1);
            assertThat(standIn.requests(Rpc.WRITE)).isEqualTo(3L * (retries + 1));
            assertThat(standIn.stored()).isEmpty();
        }
    }

    @Test
    void permanentWriteUnavailableFailsAfterBoundedRequests() throws Exception {
        fill(5_000, 8);
        int retries = 3;
        TikvClusterOptions o = options(64L << 20).withRetries(retries, Duration.ofMillis(1), Duration.ofMillis(5));
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            standIn.faults().inject(Rpc.WRITE, FaultKind.UNAVAILABLE, 1000);
            long ts = cluster.timestamp();
            assertThatThrownBy(() -> cluster.ingest(engine, tableRange(), ts))
                    .isInstanceOfSatisfying(ImportException.class, e ->
                            assertThat(e.getMessage()).contains("failed after " + (retries + 1) + " attempts",
                                    "UNAVAILABLE"));
            assertThat(standIn.requests(Rpc.WRITE)).isEqualTo(3L * (retries + 1));
            assertThat(standIn.requests(Rpc.MULTI_INGEST)).isZero();
        }
    }

    @Test
    void splitsFromOutsideWhileIngestingStillEndExact() throws Exception {
        fill(60_000, 9);
        List<byte[]> keys = new ArrayList<>();
        try (LocalEngine.KvIterator it = engine.iterator(null, null)) {
            int i = 0;
            while (it.hasNext()) {
                KvPair p = it.next();
                if (i++ % 1_777 == 5) {
                    keys.add(p.key());
                }
            }
        }
        TikvClusterOptions o = options(512 << 10).withConcurrency(2, 1).withWriteBatchBytes(4 << 10);
        ExecutorService splitter = Executors.newSingleThreadExecutor();
        AtomicBoolean done = new AtomicBoolean();
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            long ts = cluster.timestamp();
            Future<Integer> splits = splitter.submit(() -> {
                while (standIn.requests(Rpc.WRITE) == 0 && !done.get()) {
                    Thread.sleep(1);
                }
                int n = 0;
                for (byte[] k : keys) {
                    if (done.get()) {
                        break;
                    }
                    standIn.splitAt(k);
                    n++;
                    Thread.sleep(2);
                }
                return n;
            });
            IngestStats stats;
            try {
                stats = cluster.ingest(engine, tableRange(), ts);
            } finally {
                done.set(true);
            }
            int n = splits.get();
            assertStoredExactly(ts);
            assertChecksums(cluster);
            System.out.printf("outside splits while writing: %d, job retries: %d, regions now: %d%n", n, stats.retries(),
                    standIn.regions().size());
        } finally {
            splitter.shutdownNow();
        }
    }

    @Test
    void leaderTransferredBetweenScanAndIngestIsFollowed() throws Exception {
        fill(10_000, 10);
        try (TikvCluster cluster = TikvCluster.connect(options(64L << 20))) {
            long ts = cluster.timestamp();
            Region r = standIn.regions().get(0);
            long other = r.storeIds().stream().filter(s -> s != r.leaderStoreId()).findFirst().orElseThrow();
            standIn.faults().inject(Rpc.MULTI_INGEST, FaultKind.NOT_LEADER, 1);
            cluster.ingest(engine, tableRange(), ts);
            standIn.transferLeader(standIn.regions().get(0).id(), other);
            KvChecksum remote = cluster.checksum(checksumRanges(), cluster.timestamp());
            assertThat(remote.checksum()).isEqualTo(engine.checksum().checksum());
            assertStoredExactly(ts);
        }
    }

    @Test
    void emptyRangeIngestsNothing() throws Exception {
        fill(1_000, 11);
        try (TikvCluster cluster = TikvCluster.connect(options(64L << 20))) {
            KeyRange other = new KeyRange(TableCodec.recordPrefix(TABLE_ID + 5), TableCodec.recordPrefix(TABLE_ID + 6));
            IngestStats stats = cluster.ingest(engine, other, cluster.timestamp());
            assertThat(stats.kvs()).isZero();
            assertThat(standIn.stored()).isEmpty();
            assertThat(standIn.requests(Rpc.WRITE)).isZero();
        }
    }

    @Test
    void unreachablePdFailsClearly() throws Exception {
        TikvClusterOptions o = TikvClusterOptions.of("127.0.0.1:1")
                .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .withTimeouts(Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThatThrownBy(() -> TikvCluster.connect(o))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TARGET_UNREACHABLE);
                    assertThat(e.getMessage()).contains("127.0.0.1:1");
                });
    }

    @Test
    void importModeSkipsTiFlashAndIsRefreshedUntilClosed() throws Exception {
        try (TestingTikvCluster withTiFlash = TestingTikvCluster.builder().tiflash(true)
                .importModeTimeout(Duration.ofSeconds(2)).start()) {
            TikvClusterOptions o = TikvClusterOptions.of(withTiFlash.pdAddress())
                    .withPdHttpAddress(withTiFlash.pdHttpAddress())
                    .withImportMode(Duration.ofSeconds(2), Duration.ofMillis(200));
            try (TikvCluster cluster = TikvCluster.connect(o)) {
                assertThat(cluster.storeVersions()).hasSize(withTiFlash.storeIds().size());
                try (KvCluster.Lease mode = cluster.importMode()) {
                    long switches = withTiFlash.requests(Rpc.SWITCH_MODE);
                    assertThat(switches).isEqualTo(withTiFlash.storeIds().size());
                    // Past the stores' own timeout: only the refresh keeps them in import mode.
                    Thread.sleep(3_000);
                    for (long store : withTiFlash.storeIds()) {
                        assertThat(withTiFlash.storeMode(store)).isEqualTo("Import");
                    }
                    assertThat(withTiFlash.requests(Rpc.SWITCH_MODE)).isGreaterThan(switches);
                }
                for (long store : withTiFlash.storeIds()) {
                    assertThat(withTiFlash.storeMode(store)).isEqualTo("Normal");
                }
                long after = withTiFlash.requests(Rpc.SWITCH_MODE);
                Thread.sleep(600);
                assertThat(withTiFlash.requests(Rpc.SWITCH_MODE)).as("no refresh after close").isEqualTo(after);
            }
        }
    }

    @Test
    void leasesStillOpenAreReleasedByClose() throws Exception {
        TikvCluster cluster = TikvCluster.connect(options(64L << 20));
        cluster.importMode();
        cluster.pauseScheduling(tableRange());
        assertThat(standIn.labelRules()).hasSize(1);
        cluster.close();
        assertThat(standIn.labelRules()).isEmpty();
        for (long store : standIn.storeIds()) {
            assertThat(standIn.storeMode(store)).isEqualTo("Normal");
        }
    }

    @Test
    void pauseSchedulingIsBestEffortWithoutTheApi() throws Exception {
        TikvClusterOptions o = options(64L << 20).withPdHttpAddress(standIn.pdHttpAddress() + "/elsewhere");
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            KvCluster.Lease pause = cluster.pauseScheduling(tableRange());
            assertThat(standIn.labelRules()).isEmpty();
            pause.close();
            pause.close();
        }
    }

    @Test
    void permanentChecksumFaultFailsAfterBoundedRequests() throws Exception {
        fill(2_000, 12);
        int retries = 3;
        TikvClusterOptions o = options(64L << 20).withRetries(retries, Duration.ofMillis(1), Duration.ofMillis(5));
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            cluster.ingest(engine, tableRange(), cluster.timestamp());
            assertThat(standIn.regions()).hasSize(1);
            standIn.faults().inject(Rpc.COPROCESSOR, FaultKind.REGION_NOT_FOUND, 1000);
            KeyRange records = checksumRanges().get(0);
            assertThatThrownBy(() -> cluster.checksum(List.of(records), cluster.timestamp()))
                    .isInstanceOfSatisfying(ImportException.class, e ->
                            assertThat(e.getMessage()).contains("checksum of keys", "failed after " + (retries + 1),
                                    "RegionNotFound", "ADMIN CHECKSUM TABLE"));
            assertThat(standIn.requests(Rpc.COPROCESSOR)).isEqualTo(retries + 1);
        }
    }

    @Test
    void anyListedPdMemberLeadsToTheLeader() throws Exception {
        TikvClusterOptions o = TikvClusterOptions.of("127.0.0.1:1, " + standIn.pdAddress());
        assertThat(o.pdHttpAddress()).isEqualTo("http://127.0.0.1:1");
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            assertThat(cluster.clusterId()).isEqualTo(standIn.clusterId());
            assertThat(cluster.timestamp()).isPositive();
        }
    }

    @Test
    void mixedFaultsSplitsAndLeaderMovesStillEndExact() throws Exception {
        fill(40_000, 13);
        standIn.faults()
                .inject(Rpc.MULTI_INGEST, FaultKind.NOT_LEADER, 2)
                .inject(Rpc.MULTI_INGEST, FaultKind.EPOCH_NOT_MATCH, 2)
                .inject(Rpc.MULTI_INGEST, FaultKind.SERVER_IS_BUSY, 2)
                .inject(Rpc.MULTI_INGEST, FaultKind.STALE_COMMAND, 1)
                .inject(Rpc.MULTI_INGEST, FaultKind.PROPOSAL_DROPPED, 1)
                .inject(Rpc.MULTI_INGEST, FaultKind.UNAVAILABLE, 1)
                .inject(Rpc.WRITE, FaultKind.REQUEST_TOO_NEW, 2)
                .inject(Rpc.WRITE, FaultKind.EPOCH_NOT_MATCH, 2)
                .inject(Rpc.WRITE, FaultKind.UNAVAILABLE, 2)
                .inject(Rpc.SPLIT_REGION, FaultKind.EPOCH_NOT_MATCH, 1);
        TikvClusterOptions o = options(256 << 10).withConcurrency(4, 2);
        ExecutorService mover = Executors.newSingleThreadExecutor();
        AtomicBoolean done = new AtomicBoolean();
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            long ts = cluster.timestamp();
            Future<?> moves = mover.submit(() -> {
                Random random = new Random(13);
                while (standIn.requests(Rpc.WRITE) == 0 && !done.get()) {
                    Thread.sleep(1);
                }
                while (!done.get()) {
                    List<Region> regions = standIn.regions();
                    Region r = regions.get(random.nextInt(regions.size()));
                    List<Long> others = r.storeIds().stream().filter(s -> s != r.leaderStoreId()).toList();
                    if (!others.isEmpty()) {
                        standIn.transferLeader(r.id(), others.get(random.nextInt(others.size())));
                    }
                    Thread.sleep(5);
                }
                return null;
            });
            IngestStats stats;
            try {
                stats = cluster.ingest(engine, tableRange(), ts);
            } finally {
                done.set(true);
            }
            moves.get();
            assertThat(standIn.faults().pending(Rpc.MULTI_INGEST)).isZero();
            assertThat(standIn.faults().pending(Rpc.WRITE)).isZero();
            // Each failed MultiIngest costs its job one attempt.
            assertThat(stats.retries()).isGreaterThanOrEqualTo(9);
            assertStoredExactly(ts);
            assertChecksums(cluster);
        } finally {
            mover.shutdownNow();
        }
    }

    @Test
    void aStoreDownForAWhileDelaysButDoesNotFailTheIngest() throws Exception {
        fill(10_000, 14);
        TikvClusterOptions o = options(256 << 10).withRetries(30, Duration.ofMillis(20), Duration.ofMillis(100));
        ExecutorService restarter = Executors.newSingleThreadExecutor();
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            long ts = cluster.timestamp();
            standIn.storeDown(3, true);
            Future<?> back = restarter.submit(() -> {
                // Every region has a peer on store 3, so no job can finish while it is down; the first
                // jobs' streams to it fail well within the pause.
                while (standIn.requests(Rpc.WRITE) == 0) {
                    Thread.sleep(1);
                }
                Thread.sleep(300);
                standIn.storeDown(3, false);
                return null;
            });
            IngestStats stats = cluster.ingest(engine, tableRange(), ts);
            back.get();
            assertThat(stats.retries()).isPositive();
            assertStoredExactly(ts);
            assertChecksums(cluster);
        } finally {
            restarter.shutdownNow();
        }
    }

    @Test
    void aStoreDownForGoodFailsNamingTheRegionAndError() throws Exception {
        fill(3_000, 15);
        int retries = 3;
        TikvClusterOptions o = options(64L << 20).withRetries(retries, Duration.ofMillis(1), Duration.ofMillis(5));
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            long ts = cluster.timestamp();
            standIn.storeDown(2, true);
            assertThatThrownBy(() -> cluster.ingest(engine, tableRange(), ts))
                    .isInstanceOfSatisfying(ImportException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_WRITE);
                        assertThat(e.getMessage()).contains("failed after " + (retries + 1) + " attempts",
                                "store 2", "UNAVAILABLE", "region ");
                    });
            assertThat(standIn.requests(Rpc.MULTI_INGEST)).isZero();
        }
    }

    @Test
    void importModeIsSharedUntilTheLastHolderCloses() throws Exception {
        try (TikvCluster cluster = TikvCluster.connect(options(64L << 20))) {
            KvCluster.Lease first = cluster.importMode();
            KvCluster.Lease second = cluster.importMode();
            first.close();
            first.close();
            for (long store : standIn.storeIds()) {
                assertThat(standIn.storeMode(store)).isEqualTo("Import");
            }
            second.close();
            for (long store : standIn.storeIds()) {
                assertThat(standIn.storeMode(store)).isEqualTo("Normal");
            }
            try (KvCluster.Lease again = cluster.importMode()) {
                assertThat(standIn.storeMode(standIn.storeIds().get(0))).isEqualTo("Import");
            }
            assertThat(standIn.storeMode(standIn.storeIds().get(0))).isEqualTo("Normal");
        }
    }

    @Test
    void schedulingPauseOutlivesItsTtlByRefreshUntilClosed() throws Exception {
        TikvClusterOptions o = options(64L << 20).withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(60));
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            try (KvCluster.Lease pause = cluster.pauseScheduling(tableRange())) {
                assertThat(standIn.labelRules()).singleElement()
                        .satisfies(r -> assertThat(r.labels().get(0).ttl()).isEqualTo("3s"));
                Thread.sleep(4_500);
                assertThat(standIn.labelRules()).as("rule refreshed past its 3 s TTL").hasSize(1);
            }
            assertThat(standIn.labelRules()).isEmpty();
        }
    }

    @Test
    void scatterIsBestEffortWhenPdCannotScatter() throws Exception {
        fill(15_000, 16);
        TikvClusterOptions o = options(128 << 10).withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5));
        try (TikvCluster cluster = TikvCluster.connect(o)) {
            standIn.faults().inject(Rpc.SCATTER, FaultKind.UNAVAILABLE, 100_000);
            long ts = cluster.timestamp();
            IngestStats stats = cluster.ingest(engine, tableRange(), ts);
            assertThat(stats.regions()).isGreaterThan(10);
            // Each of at most rangeConcurrency (8) calls in flight gives up after 1 + 3 tries, then scattering stops.
            assertThat(standIn.requests(Rpc.SCATTER)).isBetween(4L, 8L * 4);
            assertThat(standIn.requests(Rpc.GET_OPERATOR)).isZero();
            assertStoredExactly(ts);
        }
    }
}
