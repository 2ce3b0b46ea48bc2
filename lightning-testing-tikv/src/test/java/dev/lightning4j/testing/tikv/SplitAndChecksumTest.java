package dev.lightning4j.testing.tikv;

import static dev.lightning4j.testing.tikv.StandinClient.b;
import static dev.lightning4j.testing.tikv.StandinClient.batch;
import static dev.lightning4j.testing.tikv.StandinClient.meta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pingcap.tidb.tipb.ChecksumAlgorithm;
import com.pingcap.tidb.tipb.ChecksumRequest;
import com.pingcap.tidb.tipb.ChecksumResponse;
import com.pingcap.tidb.tipb.ChecksumScanOn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tikv.kvproto.Coprocessor;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.com.google.protobuf.ByteString;

class SplitAndChecksumTest {
    private TestingTikvCluster cluster;
    private StandinClient client;

    @BeforeEach
    void start() {
        cluster = TestingTikvCluster.start();
        client = new StandinClient(cluster);
    }

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    private Kvrpcpb.SplitRegionResponse split(Pdpb.GetRegionResponse region, Metapb.Peer peer, byte[]... rawKeys) {
        Kvrpcpb.SplitRegionRequest.Builder req = Kvrpcpb.SplitRegionRequest.newBuilder()
                .setContext(StandinClient.context(region.getRegion(), peer));
        for (byte[] k : rawKeys) {
            req.addSplitKeys(ByteString.copyFrom(k));
        }
        return client.tikv(peer.getStoreId()).splitRegion(req.build());
    }

    @Test
    void splitRegionEncodesRawKeysAndDerivesRight() {
        Pdpb.GetRegionResponse region = client.region(b("a"));
        long version = region.getRegion().getRegionEpoch().getVersion();
        Kvrpcpb.SplitRegionResponse r = split(region, region.getLeader(), b("m"), b("d"));
        assertThat(r.hasRegionError()).as("%s", r.getRegionError()).isFalse();
        List<Metapb.Region> parts = r.getRegionsList();
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).getStartKey().isEmpty()).isTrue();
        assertThat(parts.get(0).getEndKey().toByteArray()).isEqualTo(TikvKeys.encode(b("d")));
        assertThat(parts.get(1).getStartKey().toByteArray()).isEqualTo(TikvKeys.encode(b("d")));
        assertThat(parts.get(1).getEndKey().toByteArray()).isEqualTo(TikvKeys.encode(b("m")));
        assertThat(parts.get(2).getStartKey().toByteArray()).isEqualTo(TikvKeys.encode(b("m")));
        assertThat(parts.get(2).getEndKey().isEmpty()).isTrue();
        assertThat(parts.get(2).getId()).isEqualTo(region.getRegion().getId());
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.getRegionEpoch().getVersion()).isEqualTo(version + 2);
            assertThat(p.getPeersList()).extracting(Metapb.Peer::getStoreId).containsExactly(1L, 2L, 3L);
        });
        assertThat(cluster.regions()).extracting(Region::id)
                .containsExactly(parts.get(0).getId(), parts.get(1).getId(), parts.get(2).getId());
        assertThat(client.region(b("e")).getRegion()).isEqualTo(parts.get(1));
    }

    @Test
    void splitChecksEpochLeaderAndKeys() {
        Pdpb.GetRegionResponse region = client.region(b("a"));
        assertThat(split(region, region.getLeader(), b("m")).hasRegionError()).isFalse();

        Kvrpcpb.SplitRegionResponse stale = split(region, region.getLeader(), b("x"));
        assertThat(stale.getRegionError().hasEpochNotMatch()).isTrue();
        assertThat(stale.getRegionError().getEpochNotMatch().getCurrentRegionsCount()).isEqualTo(2);

        Pdpb.GetRegionResponse right = client.region(b("x"));
        Metapb.Peer follower = right.getRegion().getPeersList().stream()
                .filter(p -> p.getStoreId() != right.getLeader().getStoreId()).findFirst().orElseThrow();
        Kvrpcpb.SplitRegionResponse notLeader = split(right, follower, b("x"));
        assertThat(notLeader.getRegionError().getNotLeader().getLeader()).isEqualTo(right.getLeader());

        Kvrpcpb.SplitRegionResponse atStart = split(right, right.getLeader(), b("m"));
        assertThat(atStart.getRegionError().getMessage()).contains("invalid split request");
        Kvrpcpb.SplitRegionResponse outside = split(right, right.getLeader(), b("a"));
        assertThat(outside.getRegionError().getMessage()).contains("invalid split request");
        Kvrpcpb.SplitRegionResponse dup = split(right, right.getLeader(), b("x"), b("x"));
        assertThat(dup.getRegionError().getMessage()).contains("duplicated");
        Kvrpcpb.SplitRegionResponse none = split(right, right.getLeader());
        assertThat(none.getRegionError().getMessage()).contains("no split key");
        assertThat(cluster.regions()).hasSize(2);

        // A conf-version change alone does not stop a split (TiKV checks only the version there).
        cluster.scatter(right.getRegion().getId());
        Pdpb.GetRegionResponse scattered = client.region(b("x"));
        Pdpb.GetRegionResponse oldConf = scattered.toBuilder().setRegion(scattered.getRegion().toBuilder()
                .setRegionEpoch(right.getRegion().getRegionEpoch())).build();
        assertThat(split(oldConf, scattered.getLeader(), b("x")).hasRegionError()).isFalse();
    }

    @Test
    void splitFromTheTestSideMovesEpochsAndSkipsExistingBoundaries() {
        cluster.splitAt(b("b"), b("a"), b("b"));
        assertThat(cluster.regions()).hasSize(3);
        cluster.splitAt(b("a"));
        assertThat(cluster.regions()).hasSize(3);
        assertThat(cluster.regions().get(1).startKey()).isEqualTo(TikvKeys.encode(b("a")));
    }

    /** Bitwise CRC-64/XZ, the slow way, as an independent check of the stand-in's table-driven one. */
    private static long crc(byte[] key, byte[] value) {
        long crc = -1L;
        byte[] all = new byte[key.length + value.length];
        System.arraycopy(key, 0, all, 0, key.length);
        System.arraycopy(value, 0, all, key.length, value.length);
        for (byte x : all) {
            crc ^= x & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
            }
        }
        return ~crc;
    }

    private Coprocessor.Response checksum(Pdpb.GetRegionResponse region, long startTs, byte[]... bounds) {
        Coprocessor.Request.Builder req = Coprocessor.Request.newBuilder()
                .setContext(StandinClient.context(region.getRegion(), region.getLeader()))
                .setTp(105)
                .setStartTs(startTs)
                .setData(ByteString.copyFrom(ChecksumRequest.newBuilder()
                        .setScanOn(ChecksumScanOn.Table)
                        .setAlgorithm(ChecksumAlgorithm.Crc64_Xor)
                        .build().toByteArray()));
        for (int i = 0; i < bounds.length; i += 2) {
            req.addRanges(Coprocessor.KeyRange.newBuilder()
                    .setStart(ByteString.copyFrom(bounds[i])).setEnd(ByteString.copyFrom(bounds[i + 1])));
        }
        return client.tikv(region.getLeader().getStoreId()).coprocessor(req.build());
    }

    @Test
    void checksumCoprocessorMatchesAnIndependentComputation() throws Exception {
        Random rnd = new Random(11);
        TreeMap<byte[], byte[]> pairs = new TreeMap<>(TikvKeys.ORDER);
        for (int i = 0; i < 500; i++) {
            byte[] k = new byte[1 + rnd.nextInt(20)];
            byte[] v = new byte[rnd.nextInt(400)];
            rnd.nextBytes(k);
            rnd.nextBytes(v);
            k[0] = (byte) ('a' + rnd.nextInt(20));
            pairs.put(k, v);
        }
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("a"));
        List<ImportSstpb.WriteRequest> batches = new ArrayList<>();
        List<byte[]> kv = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : pairs.entrySet()) {
            kv.add(e.getKey());
            kv.add(e.getValue());
            if (kv.size() == 64) {
                batches.add(batch(ts, kv.toArray(byte[][]::new)));
                kv.clear();
            }
        }
        batches.add(batch(ts, kv.toArray(byte[][]::new)));
        List<ImportSstpb.SSTMeta> metas = client.writeAll(region,
                meta(region.getRegion(), pairs.firstKey(), pairs.lastKey()), batches);
        assertThat(client.ingest(region, metas).hasError()).isFalse();

        long x = 0;
        long n = 0;
        long bytes = 0;
        for (Map.Entry<byte[], byte[]> e : pairs.subMap(b("c"), b("k")).entrySet()) {
            x ^= crc(e.getKey(), e.getValue());
            n++;
            bytes += e.getKey().length + e.getValue().length;
        }
        long readTs = client.tso();
        Coprocessor.Response resp = checksum(region, readTs, b("c"), b("f"), b("f"), b("k"));
        assertThat(resp.hasRegionError()).isFalse();
        assertThat(resp.getOtherError()).isEmpty();
        ChecksumResponse cr = ChecksumResponse.parseFrom(resp.getData().toByteArray());
        assertThat(cr.getChecksum()).isEqualTo(x);
        assertThat(cr.getTotalKvs()).isEqualTo(n).isPositive();
        assertThat(cr.getTotalBytes()).isEqualTo(bytes);
        assertThat(cluster.checksum(b("c"), b("k"))).isEqualTo(new Checksum(x, n, bytes));

        ChecksumResponse before = ChecksumResponse.parseFrom(checksum(region, ts - 1, b("c"), b("k")).getData()
                .toByteArray());
        assertThat(before.getTotalKvs()).as("a snapshot before the commit sees nothing").isZero();
    }

    @Test
    void checksumIsARegionReadWithItsChecks() {
        cluster.splitAt(b("m"));
        Pdpb.GetRegionResponse left = client.region(b("a"));
        Coprocessor.Response outside = checksum(left, client.tso(), b("a"), b("z"));
        assertThat(outside.getRegionError().hasKeyNotInRegion()).isTrue();
        Pdpb.GetRegionResponse stale = left.toBuilder().setRegion(left.getRegion().toBuilder()
                .setRegionEpoch(left.getRegion().getRegionEpoch().toBuilder().setVersion(1))).build();
        assertThat(checksum(stale, client.tso(), b("a"), b("b")).getRegionError().hasEpochNotMatch()).isTrue();
        Coprocessor.Response other = client.tikv(left.getLeader().getStoreId()).coprocessor(Coprocessor.Request
                .newBuilder().setContext(StandinClient.context(left.getRegion(), left.getLeader())).setTp(103).build());
        assertThat(other.getOtherError()).contains("unsupported");
        assertThatThrownBy(() -> cluster.storedCommitTs(b("a"))).hasMessageContaining("no pair");
    }
}
