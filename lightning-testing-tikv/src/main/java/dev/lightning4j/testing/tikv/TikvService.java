package dev.lightning4j.testing.tikv;

import com.pingcap.tidb.tipb.ChecksumAlgorithm;
import com.pingcap.tidb.tipb.ChecksumRequest;
import com.pingcap.tidb.tipb.ChecksumResponse;
import java.util.ArrayList;
import java.util.List;
import org.tikv.kvproto.Coprocessor;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.com.google.protobuf.InvalidProtocolBufferException;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.stub.StreamObserver;

/**
 * One store's TiKV service: SplitRegion, the checksum coprocessor request, and the transactional KvGet,
 * KvPrewrite, KvCommit, KvBatchRollback, KvCheckTxnStatus, KvCheckSecondaryLocks and KvResolveLock over {@link TxnStore}.
 */
final class TikvService extends TikvGrpc.TikvImplBase {
    /** tipb's request type for a checksum (REQ_TYPE_CHECKSUM). */
    static final long REQ_TYPE_CHECKSUM = 105;

    private final ClusterState state;
    private final long storeId;

    TikvService(ClusterState state, long storeId) {
        this.state = state;
        this.storeId = storeId;
    }

    /** Counts the call and takes its fault; returns the fault, or null. Fails the call for UNAVAILABLE. */
    private FaultKind admit(Rpc rpc, StreamObserver<?> out) {
        state.count(rpc);
        FaultKind f = state.faults.take(rpc);
        if (f == FaultKind.UNAVAILABLE) {
            out.onError(Status.UNAVAILABLE.withDescription("injected: store " + storeId + " unavailable")
                    .asRuntimeException());
        }
        return f;
    }

    @Override
    public void splitRegion(Kvrpcpb.SplitRegionRequest request, StreamObserver<Kvrpcpb.SplitRegionResponse> out) {
        FaultKind fault = admit(Rpc.SPLIT_REGION, out);
        if (fault == FaultKind.UNAVAILABLE) {
            return;
        }
        List<ByteString> rawKeys = request.getSplitKeysCount() > 0 ? request.getSplitKeysList()
                : request.getSplitKey().isEmpty() ? List.of() : List.of(request.getSplitKey());
        Kvrpcpb.Context ctx = request.getContext();
        Kvrpcpb.SplitRegionResponse.Builder resp = Kvrpcpb.SplitRegionResponse.newBuilder();
        synchronized (state) {
            if (fault != null) {
                byte[] hint = rawKeys.isEmpty() ? null : rawKeys.get(0).toByteArray();
                out.onNext(resp.setRegionError(state.faultError(fault, ctx.getRegionId(), storeId, hint,
                        ctx.getRegionEpoch())).build());
                out.onCompleted();
                return;
            }
            Errorpb.Error err = checkSplitContext(ctx);
            if (err != null) {
                out.onNext(resp.setRegionError(err).build());
                out.onCompleted();
                return;
            }
            RegionState r = state.regionById(ctx.getRegionId());
            String apiError = state.api.check("split_region", ctx.getApiVersion(),
                    rawKeys.stream().map(ByteString::toByteArray).toList());
            if (apiError != null) {
                out.onNext(resp.setRegionError(Errorpb.Error.newBuilder().setMessage(apiError)).build());
                out.onCompleted();
                return;
            }
            List<byte[]> keys = new ArrayList<>();
            for (ByteString k : rawKeys) {
                if (k.isEmpty()) {
                    out.onNext(resp.setRegionError(Errorpb.Error.newBuilder()
                            .setMessage("[region " + r.id + "] split key should not be empty")).build());
                    out.onCompleted();
                    return;
                }
                keys.add(request.getIsRawKv() ? k.toByteArray() : TikvKeys.encode(k.toByteArray()));
            }
            keys.sort(TikvKeys.ORDER);
            String bad = ClusterState.checkSplitKeys(r, keys);
            if (bad != null) {
                out.onNext(resp.setRegionError(Errorpb.Error.newBuilder().setMessage(bad)).build());
                out.onCompleted();
                return;
            }
            List<RegionState> parts = state.split(r, keys);
            for (RegionState p : parts) {
                resp.addRegions(p.toMeta());
            }
            resp.setLeft(parts.get(0).toMeta()).setRight(parts.get(parts.size() - 1).toMeta());
        }
        out.onNext(resp.build());
        out.onCompleted();
    }

    /**
     * TiKV's check before a split: the region has a leader peer here and the epoch's version matches (a split
     * ignores conf version, which it brings up to date itself).
     */
    private Errorpb.Error checkSplitContext(Kvrpcpb.Context ctx) {
        Errorpb.Error err = state.checkContext(storeId, ctx, false);
        if (err != null && err.hasEpochNotMatch()) {
            RegionState r = state.regionById(ctx.getRegionId());
            return state.epochNotMatch(r, ctx.getRegionEpoch().getVersion(), "[region " + r.id + "] " + r.peerOn(storeId)
                    + " epoch changed " + RegionState.epochText(ctx.getRegionEpoch()) + " != "
                    + RegionState.epochText(r.epoch()) + ", retry later");
        }
        return err;
    }

    @Override
    public void coprocessor(Coprocessor.Request request, StreamObserver<Coprocessor.Response> out) {
        FaultKind fault = admit(Rpc.COPROCESSOR, out);
        if (fault == FaultKind.UNAVAILABLE) {
            return;
        }
        Kvrpcpb.Context ctx = request.getContext();
        Coprocessor.Response.Builder resp = Coprocessor.Response.newBuilder();
        synchronized (state) {
            if (fault != null) {
                byte[] hint = request.getRangesCount() == 0 ? null : request.getRanges(0).getStart().toByteArray();
                out.onNext(resp.setRegionError(state.faultError(fault, ctx.getRegionId(), storeId, hint,
                        ctx.getRegionEpoch())).build());
                out.onCompleted();
                return;
            }
            Errorpb.Error err = state.checkContext(storeId, ctx, true);
            if (err != null) {
                out.onNext(resp.setRegionError(err).build());
                out.onCompleted();
                return;
            }
            String apiError = state.api.checkVersion("coprocessor", ctx.getApiVersion());
            for (Coprocessor.KeyRange range : request.getRangesList()) {
                if (apiError == null) {
                    apiError = state.api.checkRange("coprocessor", range.getStart().toByteArray(),
                            range.getEnd().toByteArray());
                }
            }
            if (apiError != null) {
                out.onNext(resp.setOtherError(apiError).build());
                out.onCompleted();
                return;
            }
            if (request.getTp() != REQ_TYPE_CHECKSUM) {
                out.onNext(resp.setOtherError("unsupported coprocessor request type " + request.getTp()
                        + " (this stand-in serves only the checksum request, tp " + REQ_TYPE_CHECKSUM + ")").build());
                out.onCompleted();
                return;
            }
            ChecksumRequest creq;
            try {
                creq = ChecksumRequest.parseFrom(request.getData().toByteArray());
            } catch (InvalidProtocolBufferException e) {
                out.onNext(resp.setOtherError("bad checksum request: " + e.getMessage()).build());
                out.onCompleted();
                return;
            }
            if (creq.getAlgorithm() != ChecksumAlgorithm.Crc64_Xor) {
                out.onNext(resp.setOtherError("unsupported checksum algorithm " + creq.getAlgorithm()).build());
                out.onCompleted();
                return;
            }
            RegionState r = state.regionById(ctx.getRegionId());
            Checksum sum = Checksum.EMPTY;
            for (Coprocessor.KeyRange range : request.getRangesList()) {
                byte[] start = range.getStart().toByteArray();
                byte[] end = range.getEnd().toByteArray();
                byte[] encStart = TikvKeys.encode(start);
                if (!r.contains(encStart)) {
                    out.onNext(resp.setRegionError(ClusterState.keyNotInRegion(encStart, r)).build());
                    out.onCompleted();
                    return;
                }
                if (end.length == 0 ? r.end.length != 0
                        : r.end.length != 0 && TikvKeys.compare(TikvKeys.encode(end), r.end) > 0) {
                    byte[] encEnd = end.length == 0 ? end : TikvKeys.encode(end);
                    out.onNext(resp.setRegionError(ClusterState.keyNotInRegion(encEnd, r)).build());
                    out.onCompleted();
                    return;
                }
                if (end.length != 0 && TikvKeys.compare(start, end) >= 0) {
                    continue;
                }
                sum = sum.plus(state.checksum(start, end, request.getStartTs()));
            }
            resp.setData(ByteString.copyFrom(ChecksumResponse.newBuilder()
                    .setChecksum(sum.crc64Xor())
                    .setTotalKvs(sum.kvs())
                    .setTotalBytes(sum.bytes())
                    .build().toByteArray()));
        }
        out.onNext(resp.build());
        out.onCompleted();
    }

    // ---- transactional KV -------------------------------------------------------------------------------

    /**
     * The region error of a transactional request, or null: an injected region fault; the context checked as for a
     * raft command (region here, store, leader, peer, epoch version); every key inside the region (KeyNotInRegion).
     */
    private Errorpb.Error txnRegionError(FaultKind fault, Kvrpcpb.Context ctx, List<ByteString> keys) {
        byte[] hint = keys.isEmpty() ? null : keys.get(0).toByteArray();
        if (fault != null && fault != FaultKind.WRITE_CONFLICT) {
            return state.faultError(fault, ctx.getRegionId(), storeId, hint, ctx.getRegionEpoch());
        }
        Errorpb.Error err = state.checkContext(storeId, ctx, true);
        if (err != null) {
            return err;
        }
        String apiError = state.api.check("txn", ctx.getApiVersion(), keys.stream().map(ByteString::toByteArray).toList());
        if (apiError != null) {
            return Errorpb.Error.newBuilder().setMessage(apiError).build();
        }
        RegionState r = state.regionById(ctx.getRegionId());
        for (ByteString k : keys) {
            byte[] enc = TikvKeys.encode(k.toByteArray());
            if (!r.contains(enc)) {
                return ClusterState.keyNotInRegion(enc, r);
            }
        }
        return null;
    }

    @Override
    public void kvGet(Kvrpcpb.GetRequest request, StreamObserver<Kvrpcpb.GetResponse> out) {
        FaultKind fault = admit(Rpc.KV_GET, out);
        if (fault == FaultKind.UNAVAILABLE) {
            return;
        }
        Kvrpcpb.GetResponse.Builder resp = Kvrpcpb.GetResponse.newBuilder();
        synchronized (state) {
            Errorpb.Error err = txnRegionError(fault, request.getContext(), List.of(request.getKey()));
            if (err != null) {
                resp.setRegionError(err);
            } else {
                Object r = state.txn.get(request.getKey().toByteArray(), request.getVersion());
                if (r instanceof Kvrpcpb.KeyError ke) {
                    resp.setError(ke);
                } else if (r == null) {
                    resp.setNotFound(true);
                } else {
                    resp.setValue(ByteString.copyFrom((byte[]) r));
                }
            }
        }
        out.onNext(resp.build());
        out.onCompleted();
    }

    @Override
    public void kvPrewrite(Kvrpcpb.PrewriteRequest request, StreamObserver<Kvrpcpb.PrewriteResponse> out) {
        FaultKind fault = admit(Rpc.KV_PREWRITE, out);
        if (fault == FaultKind.UNAVAILABLE) {
            return;
        }
        List<ByteString> keys = new ArrayList<>();
        for (Kvrpcpb.Mutation m : request.getMutationsList()) {
            keys.add(m.getKey());
        }
        Kvrpcpb.PrewriteResponse.Builder resp = Kvrpcpb.PrewriteResponse.newBuilder();
        synchronized (state) {
            Errorpb.Error err = txnRegionError(fault, request.getContext(), keys);
            if (err != null) {
                resp.setRegionError(err);
            } else {
                if (fault == FaultKind.WRITE_CONFLICT && !keys.isEmpty()) {
                    state.txn.commitAgainByOther(keys.get(0).toByteArray());
                }
                resp.addAllErrors(state.txn.prewrite(request.getMutationsList(), request.getPrimaryLock().toByteArray(),
                        request.getStartVersion(), request.getLockTtl()));
            }
        }
        out.onNext(resp.build());
        out.onCompleted();
    }

    @Override
    public void kvCommit(Kvrpcpb.CommitRequest request, StreamObserver<Kvrpcpb.CommitResponse> out) {
        FaultKind fault = admit(Rpc.KV_COMMIT, out);
        if (fault == FaultKind.UNAVAILABLE) {
            return;
        }
        Kvrpcpb.CommitResponse.Builder resp = Kvrpcpb.CommitResponse.newBuilder();
        synchronized (state) {
            Errorpb.Error err = txnRegionError(fault, request.getContext(), request.getKeysList());
            if (err != null) {
                resp.setRegionError(err);
            } else {
                Kvrpcpb.KeyError ke = state.txn.commit(request.getKeysList(), request.getStartVersion(),
                        request.getCommitVersion());
                if (ke != null) {
                    resp.setError(ke);
                } else {
                    resp.setCommitVersion(request.getCommitVersion());
                }
            }
        }
        out.onNext(resp.build());
        out.onCompleted();
    }

    @Override
    public void kvBatchRollback(Kvrpcpb.BatchRollbackRequest request,
                                StreamObserver<Kvrpcpb.BatchRollbackResponse> out) {
        FaultKind fault = admit(Rpc.KV_BATCH_ROLLBACK, out);
        if (fault == FaultKind.UNAVAILABLE) {
            return;
        }
        Kvrpcpb.BatchRollbackResponse.Builder resp = Kvrpcpb.BatchRollbackResponse.newBuilder();
        synchronized (state) {
            Errorpb.Error err = txnRegionError(fault, request.getContext(), request.getKeysList());
            if (err != null) {
                resp.setRegionError(err);
            } else {
                Kvrpcpb.KeyError ke = state.txn.rollback(request.getKeysList(), request.getStartVersion());
                if (ke != null) {
                    resp.setError(ke);
                }
            }
        }
        out.onNext(resp.build());
        out.onCompleted();
    }

    @Override
    public void kvCheckTxnStatus(Kvrpcpb.CheckTxnStatusRequest request,
                                 StreamObserver<Kvrpcpb.CheckTxnStatusResponse> out) {
        FaultKind fault = admit(Rpc.KV_CHECK_TXN_STATUS, out);
        if (fault == FaultKind.UNAVAILABLE) {
            return;
        }
        Kvrpcpb.CheckTxnStatusResponse.Builder resp;
        synchronized (state) {
            Errorpb.Error err = txnRegionError(fault, request.getContext(), List.of(request.getPrimaryKey()));
            if (err != null) {
                resp = Kvrpcpb.CheckTxnStatusResponse.newBuilder().setRegionError(err);
            } else {
                resp = state.txn.checkTxnStatus(request.getPrimaryKey().toByteArray(), request.getLockTs(),
                        request.getCurrentTs(), request.getRollbackIfNotExist());
            }
        }
        out.onNext(resp.build());
        out.onCompleted();
    }

    @Override
    public void kvCheckSecondaryLocks(Kvrpcpb.CheckSecondaryLocksRequest request,
                                      StreamObserver<Kvrpcpb.CheckSecondaryLocksResponse> out) {
        FaultKind fault = admit(Rpc.KV_CHECK_SECONDARY_LOCKS, out);
        if (fault == FaultKind.UNAVAILABLE) {
            return;
        }
        Kvrpcpb.CheckSecondaryLocksResponse.Builder resp;
        synchronized (state) {
            Errorpb.Error err = txnRegionError(fault, request.getContext(), request.getKeysList());
            if (err != null) {
                resp = Kvrpcpb.CheckSecondaryLocksResponse.newBuilder().setRegionError(err);
            } else {
                resp = state.txn.checkSecondaryLocks(request.getKeysList(), request.getStartVersion());
            }
        }
        out.onNext(resp.build());
        out.onCompleted();
    }

    @Override
    public void kvResolveLock(Kvrpcpb.ResolveLockRequest request, StreamObserver<Kvrpcpb.ResolveLockResponse> out) {
        FaultKind fault = admit(Rpc.KV_RESOLVE_LOCK, out);
        if (fault == FaultKind.UNAVAILABLE) {
            return;
        }
        Kvrpcpb.ResolveLockResponse.Builder resp = Kvrpcpb.ResolveLockResponse.newBuilder();
        synchronized (state) {
            Errorpb.Error err = txnRegionError(fault, request.getContext(), request.getKeysList());
            if (err != null) {
                resp.setRegionError(err);
            } else {
                state.txn.resolveLock(request.getKeysList(), request.getStartVersion(), request.getCommitVersion());
            }
        }
        out.onNext(resp.build());
        out.onCompleted();
    }
}
