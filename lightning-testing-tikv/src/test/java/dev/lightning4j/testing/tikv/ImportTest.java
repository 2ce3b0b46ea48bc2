package dev.lightning4j.testing.tikv;

import static dev.lightning4j.testing.tikv.StandinClient.b;
import static dev.lightning4j.testing.tikv.StandinClient.batch;
import static dev.lightning4j.testing.tikv.StandinClient.meta;
import static dev.lightning4j.testing.tikv.StandinClient.metaRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;

class ImportTest {
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

    private static void assertWriteFails(Runnable call, String... fragments) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
            assertThat(e.getStatus().getDescription()).contains(fragments);
        });
    }

    @Test
    void writeToEveryPeerThenIngestOnTheLeaderMakesPairsVisible() {
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("k1"));
        ImportSstpb.SSTMeta meta = meta(region.getRegion(), b("k1"), b("k3"));
        List<ImportSstpb.SSTMeta> metas = client.writeAll(region, meta, List.of(
                batch(ts, b("k1"), b("v1"), b("k2"), b("v2")),
                batch(ts, b("k3"), b("v3"))));
        assertThat(metas).singleElement().satisfies(m -> {
            assertThat(m.getUuid()).isEqualTo(meta.getUuid());
            assertThat(m.getCfName()).isEqualTo("write");
            assertThat(m.getRegionId()).isEqualTo(region.getRegion().getId());
            assertThat(m.getRegionEpoch()).isEqualTo(region.getRegion().getRegionEpoch());
            assertThat(m.getRange()).isEqualTo(meta.getRange());
        });
        assertThat(cluster.stored()).as("written, not ingested").isEmpty();
        assertThat(cluster.pendingSsts()).isEqualTo(3);

        ImportSstpb.IngestResponse resp = client.ingest(region, metas);
        assertThat(resp.hasError()).as("%s", resp.getError()).isFalse();
        assertThat(cluster.stored()).hasSize(3);
        assertThat(cluster.stored().get(b("k2"))).isEqualTo(b("v2"));
        assertThat(cluster.storedCommitTs(b("k3"))).isEqualTo(ts);
        assertThat(cluster.pendingSsts()).isZero();
        assertThat(cluster.requests(Rpc.WRITE)).isEqualTo(3);
        assertThat(cluster.requests(Rpc.MULTI_INGEST)).isEqualTo(1);

        // A retry of an ingest that already succeeded finds no file, as TiKV answers it.
        ImportSstpb.IngestResponse again = client.ingest(region, metas);
        assertThat(again.getError().hasStaleCommand()).isTrue();
    }

    @Test
    void longValuesGoToADefaultCfFileThatMustBeIngestedToo() {
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("a"));
        byte[] big = new byte[300];
        ImportSstpb.SSTMeta meta = meta(region.getRegion(), b("a"), b("b"));
        List<ImportSstpb.SSTMeta> metas = client.writeAll(region, meta, List.of(batch(ts, b("a"), big, b("b"), b("s"))));
        assertThat(metas).extracting(ImportSstpb.SSTMeta::getCfName).containsExactly("default", "write");

        ImportSstpb.IngestResponse partial = client.ingest(region, metas.subList(1, 2));
        assertThat(partial.getError().getMessage()).contains("ingest every meta");
        assertThat(cluster.stored()).isEmpty();

        assertThat(client.ingest(region, metas).hasError()).isFalse();
        assertThat(cluster.stored().get(b("a"))).hasSize(300);
    }

    @Test
    void deletesRemovePairs() {
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("a"));
        client.ingest(region, client.writeAll(region, meta(region.getRegion(), b("a"), b("b")),
                List.of(batch(ts, b("a"), b("1"), b("b"), b("2")))));
        ImportSstpb.WriteRequest del = ImportSstpb.WriteRequest.newBuilder().setBatch(ImportSstpb.WriteBatch.newBuilder()
                .setCommitTs(client.tso())
                .addPairs(ImportSstpb.Pair.newBuilder().setKey(ByteString.copyFrom(b("a")))
                        .setOp(ImportSstpb.Pair.OP.Delete))).build();
        client.ingest(region, client.writeAll(region, meta(region.getRegion(), b("a"), b("a")), List.of(del)));
        assertThat(cluster.stored().keySet()).containsExactly(b("b"));
    }

    @Test
    void writeWithoutMetaFirstIsAnInvalidChunk() {
        Pdpb.GetRegionResponse region = client.region(b("a"));
        assertWriteFails(() -> client.write(1, List.of(batch(5, b("a"), b("1")))), "InvalidChunk");
        assertWriteFails(() -> client.write(1, List.of()), "InvalidChunk");
        ImportSstpb.SSTMeta meta = meta(region.getRegion(), b("a"), b("a"));
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta), metaRequest(meta))), "InvalidChunk");
        assertThat(cluster.pendingSsts()).isZero();
    }

    @Test
    void keysOutOfOrderOrRepeatedAreRejected() {
        Pdpb.GetRegionResponse region = client.region(b("a"));
        ImportSstpb.SSTMeta meta = meta(region.getRegion(), b("a"), b("c"));
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta), batch(5, b("b"), b("1"), b("a"), b("2")))),
                "strict ascending order");
        ImportSstpb.SSTMeta meta2 = meta(region.getRegion(), b("a"), b("c"));
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta2), batch(5, b("a"), b("1")),
                batch(5, b("a"), b("2")))), "strict ascending order");
        assertThat(cluster.pendingSsts()).isZero();
    }

    @Test
    void keysOutsideTheMetaRangeOrTheRegionAreRejected() {
        cluster.splitAt(b("m"));
        Pdpb.GetRegionResponse left = client.region(b("a"));
        ImportSstpb.SSTMeta meta = meta(left.getRegion(), b("b"), b("c"));
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta), batch(5, b("a"), b("1")))),
                "outside the SST meta range");
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta(left.getRegion(), b("b"), b("c"))),
                batch(5, b("d"), b("1")))), "outside the SST meta range");
        ImportSstpb.SSTMeta wide = meta(left.getRegion(), b("a"), b("z"));
        assertWriteFails(() -> client.write(1, List.of(metaRequest(wide), batch(5, b("a"), b("1"), b("n"), b("2")))),
                "outside region");
        // The bounds themselves: the meta range holds both ends, the region its start and not its end.
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta(left.getRegion(), b("a"), b("z"))),
                batch(5, b("l"), b("1"), b("m"), b("2")))), "outside region");
        client.write(1, List.of(metaRequest(meta(left.getRegion(), b("b"), b("c"))),
                batch(5, b("b"), b("1"), b("bz"), b("2"), b("c"), b("3"))));
        client.write(1, List.of(metaRequest(meta(left.getRegion(), b(""), b("l\u00ff\u00ff"))),
                batch(5, b(""), b("0"), b("l\u00ff\u00ff"), b("1"))));
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta(left.getRegion(), b("b"), b("c"))),
                batch(5, b("c\u0000"), b("1")))), "outside the SST meta range");
        Pdpb.GetRegionResponse right = client.region(b("m"));
        client.write(right.getLeader().getStoreId(), List.of(metaRequest(meta(right.getRegion(), b("m"), b("zz"))),
                batch(5, b("m"), b("1"), b("zz"), b("2"))));
        // A meta range that is no memcomparable key still bounds the keys as bytes, as TiKV compares them.
        ImportSstpb.SSTMeta rawStart = meta(left.getRegion(), b("a"), b("z")).toBuilder()
                .setRange(ImportSstpb.Range.newBuilder().setStart(ByteString.copyFrom(b("c")))
                        .setEnd(ByteString.copyFrom(TikvKeys.encode(b("k"))))).build();
        assertWriteFails(() -> client.write(1, List.of(metaRequest(rawStart), batch(5, b("b"), b("1")))),
                "outside the SST meta range");
        client.write(1, List.of(metaRequest(rawStart.toBuilder().setUuid(meta(left.getRegion(), b("a"), b("a"))
                .getUuid()).build()), batch(5, b("c"), b("1"), b("k"), b("2"))));
    }

    @Test
    void commitTsMustBeSetAndConstant() {
        Pdpb.GetRegionResponse region = client.region(b("a"));
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta(region.getRegion(), b("a"), b("b"))),
                batch(0, b("a"), b("1")))), "commit_ts 0");
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta(region.getRegion(), b("a"), b("b"))),
                batch(5, b("a"), b("1")), batch(6, b("b"), b("1")))), "one commit timestamp");
    }

    @Test
    void badUuidAndReusedUuidAreRejected() {
        Pdpb.GetRegionResponse region = client.region(b("a"));
        ImportSstpb.SSTMeta shortUuid = meta(region.getRegion(), b("a"), b("a")).toBuilder()
                .setUuid(ByteString.copyFrom(new byte[4])).build();
        assertWriteFails(() -> client.write(1, List.of(metaRequest(shortUuid), batch(5, b("a"), b("1")))), "Uuid");
        ImportSstpb.SSTMeta meta = meta(region.getRegion(), b("a"), b("a"));
        client.write(1, List.of(metaRequest(meta), batch(5, b("a"), b("1"))));
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta), batch(5, b("a"), b("1")))), "FileExists");
    }

    @Test
    void staleEpochOnWriteIsRequestTooOldAndANewerOneRequestTooNew() {
        Pdpb.GetRegionResponse region = client.region(b("a"));
        cluster.splitAt(b("m"));
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta(region.getRegion(), b("a"), b("a"))),
                batch(5, b("a"), b("1")))), "RequestTooOld", "staler than local region");

        Pdpb.GetRegionResponse fresh = client.region(b("a"));
        Metapb.Region ahead = fresh.getRegion().toBuilder().setRegionEpoch(fresh.getRegion().getRegionEpoch()
                .toBuilder().setVersion(fresh.getRegion().getRegionEpoch().getVersion() + 1)).build();
        assertWriteFails(() -> client.write(1, List.of(metaRequest(meta(ahead, b("a"), b("a"))),
                batch(5, b("a"), b("1")))), "RequestTooNew");
        ImportSstpb.SSTMeta unknown = meta(fresh.getRegion(), b("a"), b("a")).toBuilder().setRegionId(9999).build();
        assertWriteFails(() -> client.write(1, List.of(metaRequest(unknown), batch(5, b("a"), b("1")))),
                "RequestTooOld", "not found");
    }

    @Test
    void writeToAStoreWithoutAPeerIsRefused() {
        try (TestingTikvCluster c = TestingTikvCluster.start(4); StandinClient cl = new StandinClient(c)) {
            Pdpb.GetRegionResponse region = cl.region(b("a"));
            assertThat(region.getRegion().getPeersList()).extracting(Metapb.Peer::getStoreId).doesNotContain(4L);
            assertThatThrownBy(() -> cl.write(4, List.of(metaRequest(meta(region.getRegion(), b("a"), b("a"))),
                    batch(5, b("a"), b("1"))))).hasMessageContaining("RequestTooOld");
        }
    }

    @Test
    void ingestOnAFollowerIsNotLeaderWithTheLeaderHint() {
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("a"));
        List<ImportSstpb.SSTMeta> metas = client.writeAll(region, meta(region.getRegion(), b("a"), b("a")),
                List.of(batch(ts, b("a"), b("1"))));
        Metapb.Peer follower = region.getRegion().getPeersList().stream()
                .filter(p -> p.getStoreId() != region.getLeader().getStoreId()).findFirst().orElseThrow();
        ImportSstpb.IngestResponse r = client.importer(follower.getStoreId()).multiIngest(
                ImportSstpb.MultiIngestRequest.newBuilder()
                        .setContext(StandinClient.context(region.getRegion(), follower)).addAllSsts(metas).build());
        assertThat(r.getError().hasNotLeader()).isTrue();
        assertThat(r.getError().getNotLeader().getLeader()).isEqualTo(region.getLeader());
        assertThat(cluster.stored()).isEmpty();

        cluster.transferLeader(region.getRegion().getId(), follower.getStoreId());
        ImportSstpb.IngestResponse old = client.ingest(region, metas);
        assertThat(old.getError().getNotLeader().getLeader()).isEqualTo(follower);
        Pdpb.GetRegionResponse now = client.region(b("a"));
        assertThat(now.getLeader()).isEqualTo(follower);
        assertThat(client.ingest(now, metas).hasError()).isFalse();
        assertThat(cluster.stored()).containsKey(b("a"));
    }

    @Test
    void ingestWithAMismatchedPeerOrUnknownRegionFails() {
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("a"));
        List<ImportSstpb.SSTMeta> metas = client.writeAll(region, meta(region.getRegion(), b("a"), b("a")),
                List.of(batch(ts, b("a"), b("1"))));
        Metapb.Peer wrongPeer = region.getLeader().toBuilder().setId(region.getLeader().getId() + 1000).build();
        ImportSstpb.IngestResponse r = client.importer(region.getLeader().getStoreId()).multiIngest(
                ImportSstpb.MultiIngestRequest.newBuilder()
                        .setContext(StandinClient.context(region.getRegion(), wrongPeer)).addAllSsts(metas).build());
        assertThat(r.getError().getMessage()).contains("mismatch peer id");
        ImportSstpb.IngestResponse noPeer = client.importer(region.getLeader().getStoreId()).multiIngest(
                ImportSstpb.MultiIngestRequest.newBuilder().setContext(StandinClient.context(region.getRegion(),
                        region.getLeader()).toBuilder().clearPeer()).addAllSsts(metas).build());
        assertThat(noPeer.getError().getStoreNotMatch().getActualStoreId()).isEqualTo(region.getLeader().getStoreId());
        Metapb.Region missing = region.getRegion().toBuilder().setId(4242).build();
        ImportSstpb.IngestResponse nf = client.importer(region.getLeader().getStoreId()).multiIngest(
                ImportSstpb.MultiIngestRequest.newBuilder()
                        .setContext(StandinClient.context(missing, region.getLeader())).addAllSsts(metas).build());
        assertThat(nf.getError().getRegionNotFound().getRegionId()).isEqualTo(4242);
        assertThat(cluster.stored()).isEmpty();
    }

    @Test
    void ingestAfterASplitIsEpochNotMatchWithTheCurrentRegions() {
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("a"));
        List<ImportSstpb.SSTMeta> metas = client.writeAll(region, meta(region.getRegion(), b("a"), b("b")),
                List.of(batch(ts, b("a"), b("1"), b("b"), b("2"))));
        assertThat(cluster.pendingSsts()).isEqualTo(3);
        cluster.splitAt(b("m"));
        assertThat(cluster.pendingSsts()).as("an SST of a moved epoch can never be ingested").isZero();
        ImportSstpb.IngestResponse r = client.ingest(region, metas);
        Errorpb.EpochNotMatch enm = r.getError().getEpochNotMatch();
        assertThat(r.getError().hasEpochNotMatch()).isTrue();
        assertThat(enm.getCurrentRegionsList()).hasSize(2);
        assertThat(enm.getCurrentRegionsList()).extracting(Metapb.Region::getId)
                .containsExactlyInAnyOrder(cluster.regions().get(0).id(), cluster.regions().get(1).id());
        assertThat(cluster.stored()).isEmpty();

        // Context brought up to date but the SSTs still carry the old epoch: TiKV checks each SST's epoch too.
        // The split kept the region ID on the right part (TiKV derives right); the left part is a new region.
        Pdpb.GetRegionResponse sameId = client.region(b("z"));
        assertThat(sameId.getRegion().getId()).isEqualTo(region.getRegion().getId());
        ImportSstpb.IngestResponse r2 = client.ingest(sameId, metas);
        assertThat(r2.getError().hasEpochNotMatch()).as("%s", r2.getError()).isTrue();
        Pdpb.GetRegionResponse newLeft = client.region(b("a"));
        ImportSstpb.IngestResponse r3 = client.ingest(newLeft, metas);
        assertThat(r3.getError().getRegionNotFound().getRegionId()).isEqualTo(region.getRegion().getId());
        assertThat(cluster.stored()).isEmpty();
    }

    @Test
    void ingestAfterAScatterIsEpochNotMatch() {
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("a"));
        List<ImportSstpb.SSTMeta> metas = client.writeAll(region, meta(region.getRegion(), b("a"), b("a")),
                List.of(batch(ts, b("a"), b("1"))));
        cluster.scatter(region.getRegion().getId());
        Pdpb.GetRegionResponse fresh = client.region(b("a"));
        ImportSstpb.IngestResponse r = client.ingest(fresh, metas);
        assertThat(r.getError().hasEpochNotMatch()).as("%s", r.getError()).isTrue();
        assertThat(cluster.stored()).isEmpty();
    }

    @Test
    void ingestOfAnUnknownUuidIsStaleCommand() {
        Pdpb.GetRegionResponse region = client.region(b("a"));
        ImportSstpb.SSTMeta never = meta(region.getRegion(), b("a"), b("a")).toBuilder().setCfName("write").build();
        ImportSstpb.IngestResponse r = client.ingest(region, List.of(never));
        assertThat(r.getError().hasStaleCommand()).isTrue();
        assertThat(r.getError().getMessage()).contains("does", "not exist");
    }

    @Test
    void ingestBeforeEveryPeerHasTheSstFails() {
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("a"));
        ImportSstpb.SSTMeta meta = meta(region.getRegion(), b("a"), b("a"));
        ImportSstpb.WriteResponse leaderOnly = client.write(region.getLeader().getStoreId(),
                List.of(metaRequest(meta), batch(ts, b("a"), b("1"))));
        ImportSstpb.IngestResponse r = client.ingest(region, leaderOnly.getMetasList());
        assertThat(r.getError().getMessage()).contains("write to every peer");
        assertThat(cluster.stored()).isEmpty();
    }

    @Test
    void singleIngestWorksLikeMultiIngest() {
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("a"));
        List<ImportSstpb.SSTMeta> metas = client.writeAll(region, meta(region.getRegion(), b("a"), b("a")),
                List.of(batch(ts, b("a"), b("1"))));
        ImportSstpb.IngestResponse r = client.importer(region.getLeader().getStoreId()).ingest(
                ImportSstpb.IngestRequest.newBuilder()
                        .setContext(StandinClient.context(region.getRegion(), region.getLeader()))
                        .setSst(metas.get(0)).build());
        assertThat(r.hasError()).isFalse();
        assertThat(cluster.stored()).containsKey(b("a"));
        assertThat(cluster.requests(Rpc.INGEST)).isEqualTo(1);
    }

    @Test
    void switchModeIsRecordedPerStoreAndImportModeTimesOut() {
        client.importer(1).switchMode(ImportSstpb.SwitchModeRequest.newBuilder()
                .setMode(ImportSstpb.SwitchMode.Import).build());
        assertThat(cluster.storeMode(1)).isEqualTo("Import");
        assertThat(cluster.storeMode(2)).isEqualTo("Normal");
        client.importer(1).switchMode(ImportSstpb.SwitchModeRequest.newBuilder()
                .setMode(ImportSstpb.SwitchMode.Normal).build());
        assertThat(cluster.storeMode(1)).isEqualTo("Normal");
        assertThat(cluster.modeChanges()).containsExactly("store 1: Import", "store 1: Normal");

        Pdpb.GetRegionResponse region = client.region(b("a"));
        for (long s = 1; s <= 2; s++) {
            client.importer(s).switchMode(ImportSstpb.SwitchModeRequest.newBuilder()
                    .setMode(ImportSstpb.SwitchMode.Import).build());
        }
        client.writeAll(region, meta(region.getRegion(), b("a"), b("a")), List.of(batch(5, b("a"), b("1"))));
        assertThat(cluster.writesInNormalMode()).as("store 3 was left in normal mode").isEqualTo(1);

        try (TestingTikvCluster c = TestingTikvCluster.builder().importModeTimeout(java.time.Duration.ZERO).start();
             StandinClient cl = new StandinClient(c)) {
            cl.importer(2).switchMode(ImportSstpb.SwitchModeRequest.newBuilder()
                    .setMode(ImportSstpb.SwitchMode.Import).build());
            assertThat(c.storeMode(2)).as("a zero timeout has always run out").isEqualTo("Normal");
        }
    }

    @Test
    void aStoreTakenDownRefusesEveryCallUntilBroughtBack() {
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(b("a"));
        ImportSstpb.SSTMeta meta = meta(region.getRegion(), b("a"), b("a"));
        cluster.storeDown(2, true);
        long writes = cluster.requests(Rpc.WRITE);
        assertThatThrownBy(() -> client.writeAll(region, meta, List.of(batch(ts, b("a"), b("1")))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThatThrownBy(() -> client.importer(2).switchMode(ImportSstpb.SwitchModeRequest.newBuilder()
                .setMode(ImportSstpb.SwitchMode.Import).build())).hasMessageContaining("store 2 is down");
        assertThat(cluster.requests(Rpc.WRITE)).as("store 1 got its stream, store 2 none").isEqualTo(writes + 1);

        cluster.storeDown(2, false);
        List<ImportSstpb.SSTMeta> metas = client.writeAll(region, meta(region.getRegion(), b("a"), b("a")),
                List.of(batch(ts, b("a"), b("1"))));
        assertThat(client.ingest(region, metas).hasError()).isFalse();
        assertThat(cluster.stored()).containsKey(b("a"));
    }

    @Test
    void tiflashStoreServesNoImport() {
        try (TestingTikvCluster c = TestingTikvCluster.builder().tiflash(true).start();
             StandinClient cl = new StandinClient(c)) {
            assertThatThrownBy(() -> cl.importer(4).switchMode(ImportSstpb.SwitchModeRequest.newBuilder()
                    .setMode(ImportSstpb.SwitchMode.Import).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
            assertThat(c.storeIds()).containsExactly(1L, 2L, 3L);
        }
    }
}
