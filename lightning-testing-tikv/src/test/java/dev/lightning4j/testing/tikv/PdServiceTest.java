package dev.lightning4j.testing.tikv;

import static dev.lightning4j.testing.tikv.StandinClient.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.PDGrpc;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;
import org.tikv.shade.io.grpc.stub.StreamObserver;

class PdServiceTest {

    @Test
    void membersNameTheLeaderAndTheCluster() {
        try (TestingTikvCluster c = TestingTikvCluster.builder().clusterId(42).start();
             StandinClient cl = new StandinClient(c)) {
            Pdpb.GetMembersResponse m = cl.pd.getMembers(Pdpb.GetMembersRequest.getDefaultInstance());
            assertThat(m.getHeader().getClusterId()).isEqualTo(42);
            assertThat(m.getLeader().getClientUrlsList()).containsExactly("http://" + c.pdAddress());
            assertThat(m.getMembersList()).containsExactly(m.getLeader());
        }
    }

    @Test
    void wrongClusterIdIsRefused() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            Pdpb.RequestHeader wrong = Pdpb.RequestHeader.newBuilder().setClusterId(cl.clusterId + 1).build();
            assertThatThrownBy(() -> cl.pd.getAllStores(Pdpb.GetAllStoresRequest.newBuilder().setHeader(wrong).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription()).contains("mismatch cluster id");
                    });
            assertThatThrownBy(() -> cl.pd.getRegion(Pdpb.GetRegionRequest.getDefaultInstance()))
                    .isInstanceOf(StatusRuntimeException.class);
        }
    }

    @Test
    void tsoIsMonotonicAndHonoursCount() throws Exception {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            LinkedBlockingQueue<Pdpb.TsoResponse> got = new LinkedBlockingQueue<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            StreamObserver<Pdpb.TsoRequest> req = PDGrpc.newStub(cl.pdChannel).tso(new StreamObserver<>() {
                @Override
                public void onNext(Pdpb.TsoResponse v) {
                    got.add(v);
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                    done.complete(null);
                }
            });
            long last = 0;
            for (int i = 1; i <= 50; i++) {
                req.onNext(Pdpb.TsoRequest.newBuilder().setHeader(cl.header()).setCount(i).build());
                Pdpb.TsoResponse r = got.poll(30, TimeUnit.SECONDS);
                assertThat(r).isNotNull();
                assertThat(r.getCount()).isEqualTo(i);
                long ts = r.getTimestamp().getPhysical() << 18 | r.getTimestamp().getLogical();
                long first = ts - i + 1;
                assertThat(first).isGreaterThan(last);
                assertThat(r.getTimestamp().getLogical()).isGreaterThanOrEqualTo(i);
                last = ts;
            }
            req.onCompleted();
            done.get(30, TimeUnit.SECONDS);
            assertThat(c.requests(Rpc.TSO)).isEqualTo(50);
            assertThat(cl.tso()).isGreaterThan(last);
        }
    }

    @Test
    void regionsAndStoresAsPdReportsThem() {
        try (TestingTikvCluster c = TestingTikvCluster.builder().tiflash(true).start();
             StandinClient cl = new StandinClient(c)) {
            Pdpb.GetRegionResponse r = cl.region(b("anything"));
            Metapb.Region region = r.getRegion();
            assertThat(region.getStartKey().isEmpty()).isTrue();
            assertThat(region.getEndKey().isEmpty()).isTrue();
            assertThat(region.getPeersList()).extracting(Metapb.Peer::getStoreId).containsExactly(1L, 2L, 3L);
            assertThat(region.getPeersList()).contains(r.getLeader());
            assertThat(c.regions()).singleElement().satisfies(x -> {
                assertThat(x.id()).isEqualTo(region.getId());
                assertThat(x.leaderStoreId()).isEqualTo(r.getLeader().getStoreId());
            });

            Pdpb.GetAllStoresResponse all = cl.pd.getAllStores(
                    Pdpb.GetAllStoresRequest.newBuilder().setHeader(cl.header()).build());
            assertThat(all.getStoresList()).hasSize(4);
            assertThat(all.getStoresList()).allSatisfy(s -> {
                assertThat(s.getState()).isEqualTo(Metapb.StoreState.Up);
                assertThat(s.getAddress()).startsWith("127.0.0.1:");
            });
            assertThat(all.getStoresList().subList(0, 3)).allSatisfy(s -> {
                assertThat(s.getVersion()).isEqualTo("8.5.0");
                assertThat(s.getLabelsList()).isEmpty();
            });
            Metapb.Store tiflash = all.getStores(3);
            assertThat(tiflash.getLabelsList()).anySatisfy(l -> {
                assertThat(l.getKey()).isEqualTo("engine");
                assertThat(l.getValue()).isEqualTo("tiflash");
            });
            assertThat(cl.pd.getStore(Pdpb.GetStoreRequest.newBuilder().setHeader(cl.header()).setStoreId(2).build())
                    .getStore().getAddress()).isEqualTo(c.storeAddress(2));
            assertThat(cl.pd.getStore(Pdpb.GetStoreRequest.newBuilder().setHeader(cl.header()).setStoreId(99).build())
                    .getHeader().getError().getMessage()).contains("99");
        }
    }

    @Test
    void scanRegionsHonoursBoundsAndLimit() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            c.splitAt(b("b"), b("d"), b("f"));
            List<Region> regions = c.regions();
            assertThat(regions).hasSize(4);
            Pdpb.ScanRegionsResponse all = cl.pd.scanRegions(Pdpb.ScanRegionsRequest.newBuilder()
                    .setHeader(cl.header()).build());
            assertThat(all.getRegionsCount()).isEqualTo(4);
            assertThat(all.getRegionMetasCount()).isEqualTo(4);
            assertThat(all.getLeadersCount()).isEqualTo(4);

            Pdpb.ScanRegionsResponse mid = cl.pd.scanRegions(Pdpb.ScanRegionsRequest.newBuilder()
                    .setHeader(cl.header())
                    .setStartKey(ByteString.copyFrom(TikvKeys.encode(b("c"))))
                    .setEndKey(ByteString.copyFrom(TikvKeys.encode(b("e"))))
                    .build());
            List<Long> ids = new ArrayList<>();
            mid.getRegionsList().forEach(x -> ids.add(x.getRegion().getId()));
            assertThat(ids).containsExactly(regions.get(1).id(), regions.get(2).id());

            Pdpb.ScanRegionsResponse limited = cl.pd.scanRegions(Pdpb.ScanRegionsRequest.newBuilder()
                    .setHeader(cl.header())
                    .setStartKey(ByteString.copyFrom(TikvKeys.encode(b("c"))))
                    .setLimit(2)
                    .build());
            assertThat(limited.getRegionsCount()).isEqualTo(2);

            Pdpb.GetRegionResponse byId = cl.pd.getRegionByID(Pdpb.GetRegionByIDRequest.newBuilder()
                    .setHeader(cl.header()).setRegionId(regions.get(2).id()).build());
            assertThat(byId.getRegion().getStartKey().toByteArray()).isEqualTo(TikvKeys.encode(b("d")));
            assertThat(cl.region(b("e")).getRegion().getId()).isEqualTo(regions.get(2).id());
            assertThat(cl.region(b("d")).getRegion().getId()).isEqualTo(regions.get(2).id());
            assertThat(cl.region(b("cz")).getRegion().getId()).isEqualTo(regions.get(1).id());
        }
    }

    @Test
    void scatterMovesPeersAndReportsAnOperator() {
        try (TestingTikvCluster c = TestingTikvCluster.start(5); StandinClient cl = new StandinClient(c)) {
            Region before = c.regions().get(0);
            assertThat(before.storeIds()).hasSize(3);
            Pdpb.ScatterRegionResponse s = cl.pd.scatterRegion(Pdpb.ScatterRegionRequest.newBuilder()
                    .setHeader(cl.header()).setRegionId(before.id()).build());
            assertThat(s.getHeader().hasError()).isFalse();
            Region after = c.regions().get(0);
            assertThat(after.confVer()).isGreaterThan(before.confVer());
            assertThat(after.version()).isEqualTo(before.version());
            assertThat(after.storeIds()).isNotEqualTo(before.storeIds()).hasSize(3);
            assertThat(after.leaderStoreId()).isNotEqualTo(before.leaderStoreId());

            List<Pdpb.OperatorStatus> polls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Pdpb.GetOperatorResponse op = cl.pd.getOperator(Pdpb.GetOperatorRequest.newBuilder()
                        .setHeader(cl.header()).setRegionId(before.id()).build());
                assertThat(op.getDesc().toStringUtf8()).isEqualTo("scatter-region");
                polls.add(op.getStatus());
            }
            assertThat(polls.get(0)).isEqualTo(Pdpb.OperatorStatus.RUNNING);
            assertThat(polls.get(3)).isEqualTo(Pdpb.OperatorStatus.SUCCESS);
            assertThat(polls.indexOf(Pdpb.OperatorStatus.SUCCESS)).isBetween(1, 2);

            Pdpb.GetOperatorResponse none = cl.pd.getOperator(Pdpb.GetOperatorRequest.newBuilder()
                    .setHeader(cl.header()).setRegionId(12345).build());
            assertThat(none.getHeader().getError().getType()).isEqualTo(Pdpb.ErrorType.REGION_NOT_FOUND);
            Pdpb.ScatterRegionResponse missing = cl.pd.scatterRegion(Pdpb.ScatterRegionRequest.newBuilder()
                    .setHeader(cl.header()).setRegionId(12345).build());
            assertThat(missing.getHeader().getError().getType()).isEqualTo(Pdpb.ErrorType.REGION_NOT_FOUND);
        }
    }

    @Test
    void scatterWithAsManyStoresAsReplicasStillChangesPeers() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            Region before = c.regions().get(0);
            cl.pd.scatterRegion(Pdpb.ScatterRegionRequest.newBuilder().setHeader(cl.header())
                    .addRegionsId(before.id()).build());
            Region after = c.regions().get(0);
            assertThat(after.confVer()).isGreaterThan(before.confVer());
            assertThat(after.storeIds()).containsExactlyInAnyOrderElementsOf(before.storeIds());
            Pdpb.GetRegionResponse r = cl.region(b("x"));
            assertThat(r.getRegion().getRegionEpoch().getConfVer()).isEqualTo(after.confVer());
        }
    }

    @Test
    void gcSafePoints() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            Pdpb.UpdateServiceGCSafePointResponse r = cl.pd.updateServiceGCSafePoint(
                    Pdpb.UpdateServiceGCSafePointRequest.newBuilder().setHeader(cl.header())
                            .setServiceId(ByteString.copyFromUtf8("lightning")).setTTL(300).setSafePoint(77).build());
            assertThat(r.getMinSafePoint()).isEqualTo(77);
            assertThat(cl.pd.getGCSafePoint(Pdpb.GetGCSafePointRequest.newBuilder().setHeader(cl.header()).build())
                    .getSafePoint()).isZero();
        }
    }
}
