package dev.lightning4j.testing.tikv;

import static dev.lightning4j.testing.tikv.StandinClient.b;
import static dev.lightning4j.testing.tikv.StandinClient.batch;
import static dev.lightning4j.testing.tikv.StandinClient.meta;
import static dev.lightning4j.testing.tikv.StandinClient.metaRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pingcap.tidb.tipb.ChecksumRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tikv.kvproto.Coprocessor;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;

class FaultsTest {
    private static final int TIMES = 2;

    static Stream<Arguments> everyFault() {
        List<Arguments> out = new ArrayList<>();
        for (Rpc rpc : Rpc.values()) {
            for (FaultKind kind : FaultKind.values()) {
                if (kind.appliesTo(rpc)) {
                    out.add(Arguments.of(rpc, kind));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyFault")
    void firesExactlyTimesThenCallsSucceed(Rpc rpc, FaultKind kind) {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            if (kind == FaultKind.STALE_REGION) {
                c.splitAt(b("key")); // something for a lagging PD not to know yet
            }
            c.faults().inject(rpc, kind, TIMES);
            assertThat(c.faults().pending(rpc)).isEqualTo(TIMES);
            int regionsBefore = c.regions().size();
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < TIMES + 1; i++) {
                outcomes.add(call(cl, rpc, i));
            }
            List<String> expected = new ArrayList<>();
            String shape = rpc == Rpc.WRITE && kind == FaultKind.EPOCH_NOT_MATCH ? "REQUEST_TOO_OLD" : kind.name();
            for (int i = 0; i < TIMES; i++) {
                expected.add(shape);
            }
            expected.add("OK");
            assertThat(outcomes).containsExactlyElementsOf(expected);
            assertThat(c.faults().fired(rpc, kind)).isEqualTo(TIMES);
            assertThat(c.faults().pending(rpc)).isZero();
            if (kind == FaultKind.EPOCH_NOT_MATCH) {
                assertThat(c.regions().size()).as("the epoch really moved").isGreaterThan(regionsBefore);
            }
        }
    }

    /** Makes one call of {@code rpc} the way a correct client would (fresh region info) and names what came back. */
    private static String call(StandinClient cl, Rpc rpc, int attempt) {
        byte[] key = b("key" + attempt);
        try {
            return switch (rpc) {
                case GET_MEMBERS -> {
                    cl.pd.getMembers(Pdpb.GetMembersRequest.getDefaultInstance());
                    yield "OK";
                }
                case TSO -> {
                    cl.tso();
                    yield "OK";
                }
                case GET_REGION -> lookup(cl, cl.region(key));
                case GET_REGION_BY_ID -> lookup(cl, cl.pd.getRegionByID(Pdpb.GetRegionByIDRequest.newBuilder()
                        .setHeader(cl.header()).setRegionId(cl.cluster.regions().get(0).id()).build()));
                case SCAN_REGIONS -> {
                    Pdpb.ScanRegionsResponse r = cl.pd.scanRegions(Pdpb.ScanRegionsRequest.newBuilder()
                            .setHeader(cl.header()).build());
                    assertThat(r.getRegionsCount()).isPositive();
                    if (isStale(cl, r.getRegions(0).getRegion())) {
                        yield "STALE_REGION";
                    }
                    if (!r.getRegions(0).hasLeader()) {
                        assertThat(r.getLeaders(0).getId()).isZero();
                        yield "NO_LEADER";
                    }
                    yield ok(r.getHeader());
                }
                case GET_STORE -> ok(cl.pd.getStore(Pdpb.GetStoreRequest.newBuilder()
                        .setHeader(cl.header()).setStoreId(1).build()).getHeader());
                case GET_ALL_STORES -> ok(cl.pd.getAllStores(Pdpb.GetAllStoresRequest.newBuilder()
                        .setHeader(cl.header()).build()).getHeader());
                case SCATTER -> ok(cl.pd.scatterRegion(Pdpb.ScatterRegionRequest.newBuilder()
                        .setHeader(cl.header()).setRegionId(cl.region(key).getRegion().getId()).build()).getHeader());
                case GET_OPERATOR -> {
                    cl.pd.getOperator(Pdpb.GetOperatorRequest.newBuilder()
                            .setHeader(cl.header()).setRegionId(1).build());
                    yield "OK";
                }
                case GC_SAFE_POINT -> ok(cl.pd.getGCSafePoint(Pdpb.GetGCSafePointRequest.newBuilder()
                        .setHeader(cl.header()).build()).getHeader());
                case SWITCH_MODE -> {
                    cl.importer(1).switchMode(ImportSstpb.SwitchModeRequest.newBuilder()
                            .setMode(ImportSstpb.SwitchMode.Import).build());
                    yield "OK";
                }
                case SPLIT_REGION -> {
                    Pdpb.GetRegionResponse r = cl.region(key);
                    yield regionError(cl.tikv(r.getLeader().getStoreId()).splitRegion(Kvrpcpb.SplitRegionRequest
                            .newBuilder().setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                            .addSplitKeys(ByteString.copyFrom(key)).build()).getRegionError());
                }
                case COPROCESSOR -> {
                    Pdpb.GetRegionResponse r = cl.region(key);
                    Coprocessor.Response resp = cl.tikv(r.getLeader().getStoreId()).coprocessor(Coprocessor.Request
                            .newBuilder().setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                            .setTp(105).setStartTs(cl.tso())
                            .setData(ByteString.copyFrom(ChecksumRequest.newBuilder().build().toByteArray()))
                            .addRanges(Coprocessor.KeyRange.newBuilder().setStart(ByteString.copyFrom(key))
                                    .setEnd(ByteString.copyFrom(ClusterState.concat(key, new byte[] {0}))))
                            .build());
                    yield regionError(resp.getRegionError());
                }
                case KV_GET -> {
                    Pdpb.GetRegionResponse r = cl.region(key);
                    Kvrpcpb.GetResponse resp = cl.tikv(r.getLeader().getStoreId()).kvGet(Kvrpcpb.GetRequest
                            .newBuilder().setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                            .setKey(ByteString.copyFrom(key)).setVersion(cl.tso()).build());
                    String outcome = regionError(resp.getRegionError());
                    if (outcome.equals("OK")) {
                        assertThat(resp.getNotFound()).isTrue();
                    }
                    yield outcome;
                }
                case KV_CHECK_TXN_STATUS -> {
                    Pdpb.GetRegionResponse r = cl.region(key);
                    long lockTs = cl.tso();
                    Kvrpcpb.CheckTxnStatusResponse resp = cl.tikv(r.getLeader().getStoreId()).kvCheckTxnStatus(
                            Kvrpcpb.CheckTxnStatusRequest.newBuilder()
                                    .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                                    .setPrimaryKey(ByteString.copyFrom(key)).setLockTs(lockTs).setCallerStartTs(lockTs)
                                    .setCurrentTs(cl.tso()).setRollbackIfNotExist(true).build());
                    String outcome = regionError(resp.getRegionError());
                    if (outcome.equals("OK")) {
                        assertThat(resp.getAction()).isEqualTo(Kvrpcpb.Action.LockNotExistRollback);
                    }
                    yield outcome;
                }
                case KV_CHECK_SECONDARY_LOCKS -> {
                    Pdpb.GetRegionResponse r = cl.region(key);
                    Kvrpcpb.CheckSecondaryLocksResponse resp = cl.tikv(r.getLeader().getStoreId())
                            .kvCheckSecondaryLocks(Kvrpcpb.CheckSecondaryLocksRequest.newBuilder()
                                    .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                                    .addKeys(ByteString.copyFrom(key)).setStartVersion(cl.tso()).build());
                    String outcome = regionError(resp.getRegionError());
                    if (outcome.equals("OK")) {
                        assertThat(resp.getLocksCount()).as("no lock: rolled back").isZero();
                        assertThat(resp.getCommitTs()).isZero();
                    }
                    yield outcome;
                }
                case KV_RESOLVE_LOCK -> {
                    Pdpb.GetRegionResponse r = cl.region(key);
                    yield regionError(cl.tikv(r.getLeader().getStoreId()).kvResolveLock(Kvrpcpb.ResolveLockRequest
                            .newBuilder().setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                            .setStartVersion(cl.tso()).addKeys(ByteString.copyFrom(key)).build()).getRegionError());
                }
                case KV_PREWRITE, KV_COMMIT, KV_BATCH_ROLLBACK -> {
                    Pdpb.GetRegionResponse r = cl.region(key);
                    long startTs = cl.tso();
                    Kvrpcpb.PrewriteResponse pre = cl.tikv(r.getLeader().getStoreId()).kvPrewrite(Kvrpcpb
                            .PrewriteRequest.newBuilder()
                            .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                            .setPrimaryLock(ByteString.copyFrom(key)).setStartVersion(startTs).setLockTtl(3000)
                            .addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put)
                                    .setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(b("v"))))
                            .build());
                    if (rpc == Rpc.KV_PREWRITE) {
                        if (pre.getErrorsCount() > 0) {
                            assertThat(pre.getErrors(0).hasConflict()).as(pre.toString()).isTrue();
                            assertThat(pre.getErrors(0).getConflict().getConflictCommitTs()).isGreaterThan(startTs);
                            yield "WRITE_CONFLICT";
                        }
                        yield regionError(pre.getRegionError());
                    }
                    assertThat(regionError(pre.getRegionError())).isEqualTo("OK");
                    assertThat(pre.getErrorsList()).isEmpty();
                    Pdpb.GetRegionResponse now = cl.region(key);
                    if (rpc == Rpc.KV_COMMIT) {
                        long commitTs = cl.tso();
                        Kvrpcpb.CommitResponse resp = cl.tikv(now.getLeader().getStoreId()).kvCommit(Kvrpcpb
                                .CommitRequest.newBuilder()
                                .setContext(StandinClient.context(now.getRegion(), now.getLeader()))
                                .setStartVersion(startTs).addKeys(ByteString.copyFrom(key)).setCommitVersion(commitTs)
                                .build());
                        String outcome = regionError(resp.getRegionError());
                        assertThat(cl.cluster.committedValue(key)).isEqualTo(outcome.equals("OK") ? b("v") : null);
                        yield outcome;
                    }
                    Kvrpcpb.BatchRollbackResponse resp = cl.tikv(now.getLeader().getStoreId()).kvBatchRollback(
                            Kvrpcpb.BatchRollbackRequest.newBuilder()
                                    .setContext(StandinClient.context(now.getRegion(), now.getLeader()))
                                    .setStartVersion(startTs).addKeys(ByteString.copyFrom(key)).build());
                    String outcome = regionError(resp.getRegionError());
                    assertThat(cl.cluster.lockedKeys().stream().anyMatch(k -> java.util.Arrays.equals(k, key)))
                            .as("still locked").isEqualTo(!outcome.equals("OK"));
                    yield outcome;
                }
                case WRITE -> {
                    Pdpb.GetRegionResponse r = cl.region(key);
                    cl.write(r.getLeader().getStoreId(), List.of(metaRequest(meta(r.getRegion(), key, key)),
                            batch(cl.tso(), key, b("v"))));
                    yield "OK";
                }
                case MULTI_INGEST, INGEST -> {
                    Pdpb.GetRegionResponse r = cl.region(key);
                    List<ImportSstpb.SSTMeta> metas = cl.writeAll(r, meta(r.getRegion(), key, key),
                            List.of(batch(cl.tso(), key, b("v"))));
                    ImportSstpb.IngestResponse resp = rpc == Rpc.INGEST
                            ? cl.importer(r.getLeader().getStoreId()).ingest(ImportSstpb.IngestRequest.newBuilder()
                                    .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                                    .setSst(metas.get(0)).build())
                            : cl.ingest(r, metas);
                    String outcome = regionError(resp.getError());
                    if (outcome.equals("OK")) {
                        assertThat(cl.cluster.stored()).containsKey(key);
                    } else {
                        assertThat(cl.cluster.stored()).doesNotContainKey(key);
                    }
                    yield outcome;
                }
            };
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                return "UNAVAILABLE";
            }
            String d = String.valueOf(e.getStatus().getDescription());
            if (d.startsWith("RequestTooNew(")) {
                return "REQUEST_TOO_NEW";
            }
            if (d.startsWith("RequestTooOld(")) {
                return "REQUEST_TOO_OLD";
            }
            if (d.contains("disk full")) {
                return "DISK_FULL";
            }
            return "status " + e.getStatus();
        }
    }

    private static String lookup(StandinClient cl, Pdpb.GetRegionResponse r) {
        if (!r.hasRegion() || isStale(cl, r.getRegion())) {
            return "STALE_REGION";
        }
        return r.hasLeader() ? ok(r.getHeader()) : "NO_LEADER";
    }

    /** Whether PD answered with a region other than the current one of that ID. */
    private static boolean isStale(StandinClient cl, org.tikv.kvproto.Metapb.Region got) {
        return cl.cluster.regions().stream().noneMatch(x -> x.id() == got.getId()
                && x.version() == got.getRegionEpoch().getVersion() && x.confVer() == got.getRegionEpoch().getConfVer()
                && java.util.Arrays.equals(x.startKey(), got.getStartKey().toByteArray()));
    }

    private static String ok(Pdpb.ResponseHeader h) {
        return h.hasError() ? "PD error " + h.getError() : "OK";
    }

    private static String regionError(Errorpb.Error e) {
        if (e.equals(Errorpb.Error.getDefaultInstance())) {
            return "OK";
        }
        if (e.hasNotLeader()) {
            assertThat(e.getNotLeader().hasLeader()).isTrue();
            return "NOT_LEADER";
        }
        if (e.hasEpochNotMatch()) {
            assertThat(e.getEpochNotMatch().getCurrentRegionsCount()).isGreaterThanOrEqualTo(2);
            return "EPOCH_NOT_MATCH";
        }
        if (e.hasRegionNotFound()) {
            return "REGION_NOT_FOUND";
        }
        if (e.hasServerIsBusy()) {
            return "SERVER_IS_BUSY";
        }
        if (e.hasStaleCommand()) {
            return "STALE_COMMAND";
        }
        if (e.hasReadIndexNotReady()) {
            return "READ_INDEX_NOT_READY";
        }
        if (e.hasDiskFull()) {
            return "DISK_FULL";
        }
        if (e.getMessage().contains("proposal dropped")) {
            return "PROPOSAL_DROPPED";
        }
        return "region error " + e;
    }

    @Test
    void aLaggingPdAnswersWithTheRegionBeforeTheSplitUntilTheFaultsRunOut() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            Pdpb.GetRegionResponse before = cl.region(b("a"));
            c.splitAt(b("m"));
            c.splitAt(b("t"));
            c.faults().inject(Rpc.GET_REGION, FaultKind.STALE_REGION, 1)
                    .inject(Rpc.SCAN_REGIONS, FaultKind.STALE_REGION, 1);
            Pdpb.GetRegionResponse stale = cl.region(b("a"));
            assertThat(stale.getRegion()).isEqualTo(before.getRegion());
            assertThatThrownBy(() -> cl.write(stale.getLeader().getStoreId(), List.of(
                    metaRequest(meta(stale.getRegion(), b("a"), b("a"))), batch(cl.tso(), b("a"), b("v")))))
                    .hasMessageContaining("RequestTooOld");

            Pdpb.ScanRegionsResponse scan = cl.pd.scanRegions(Pdpb.ScanRegionsRequest.newBuilder()
                    .setHeader(cl.header()).build());
            assertThat(scan.getRegionMetasList()).as("one stale answer covering everything, no overlap")
                    .containsExactly(before.getRegion());

            assertThat(cl.pd.scanRegions(Pdpb.ScanRegionsRequest.newBuilder().setHeader(cl.header()).build())
                    .getRegionMetasCount()).isEqualTo(3);
            assertThat(cl.region(b("a")).getRegion().getEndKey().toByteArray()).isEqualTo(TikvKeys.encode(b("m")));
        }
    }

    @Test
    void aStaleScanNeverOverlapsAndCoversTheKeySpace() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            c.splitAt(b("t"));
            c.splitAt(b("m")); // splits the left part [, t) again
            c.faults().inject(Rpc.SCAN_REGIONS, FaultKind.STALE_REGION, 1);
            List<org.tikv.kvproto.Metapb.Region> regions = cl.pd.scanRegions(Pdpb.ScanRegionsRequest.newBuilder()
                    .setHeader(cl.header()).build()).getRegionMetasList();
            byte[] end = new byte[0];
            for (org.tikv.kvproto.Metapb.Region r : regions) {
                assertThat(r.getStartKey().toByteArray()).isEqualTo(end);
                end = r.getEndKey().toByteArray();
            }
            assertThat(end).isEmpty();
            assertThat(regions.get(0).getEndKey().toByteArray()).as("the left part before its split")
                    .isEqualTo(TikvKeys.encode(b("t")));
        }
    }

    @Test
    void notLeaderReallyMovesTheLeader() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            Pdpb.GetRegionResponse r = cl.region(b("a"));
            c.faults().inject(Rpc.MULTI_INGEST, FaultKind.NOT_LEADER, 1);
            List<ImportSstpb.SSTMeta> metas = cl.writeAll(r, meta(r.getRegion(), b("a"), b("a")),
                    List.of(batch(cl.tso(), b("a"), b("v"))));
            Errorpb.Error e = cl.ingest(r, metas).getError();
            assertThat(e.getNotLeader().getLeader().getStoreId()).isNotEqualTo(r.getLeader().getStoreId());
            assertThat(cl.region(b("a")).getLeader()).isEqualTo(e.getNotLeader().getLeader());
            // The SSTs are on every peer, so the new leader can ingest them as they are.
            Pdpb.GetRegionResponse now = cl.region(b("a"));
            assertThat(cl.ingest(now, metas).hasError()).isFalse();
            assertThat(c.stored()).containsKey(b("a"));
        }
    }

    @Test
    void faultsQueueInOrderAndRefuseWhatACallCannotReturn() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            c.faults().inject(Rpc.GET_ALL_STORES, FaultKind.UNAVAILABLE, 1).inject(Rpc.GET_ALL_STORES,
                    FaultKind.UNAVAILABLE, 1);
            assertThat(c.faults().pending(Rpc.GET_ALL_STORES)).isEqualTo(2);
            c.faults().clear();
            assertThat(c.faults().pending(Rpc.GET_ALL_STORES)).isZero();
            assertThat(ok(cl.pd.getAllStores(Pdpb.GetAllStoresRequest.newBuilder().setHeader(cl.header()).build())
                    .getHeader())).isEqualTo("OK");

            assertThatThrownBy(() -> c.faults().inject(Rpc.WRITE, FaultKind.NOT_LEADER, 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.faults().inject(Rpc.MULTI_INGEST, FaultKind.REQUEST_TOO_NEW, 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.faults().inject(Rpc.TSO, FaultKind.SERVER_IS_BUSY, 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.faults().inject(Rpc.TSO, FaultKind.UNAVAILABLE, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
