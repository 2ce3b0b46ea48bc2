package dev.lightning4j.testing.tikv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.ImportSSTGrpc;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Metapb;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.stub.StreamObserver;

/**
 * One store's ImportSST service: SwitchMode, Write (client streaming), MultiIngest and Ingest, with the checks
 * TiKV makes. Write failures come back as TiKV sends them: the call fails with gRPC status UNKNOWN whose
 * description is the Rust debug form of the importer error, such as {@code RequestTooOld("...")} or
 * {@code InvalidChunk}.
 */
final class ImportService extends ImportSSTGrpc.ImportSSTImplBase {
    private static final int UUID_LEN = 16;

    private final ClusterState state;
    private final long storeId;

    ImportService(ClusterState state, long storeId) {
        this.state = state;
        this.storeId = storeId;
    }

    @Override
    public void switchMode(ImportSstpb.SwitchModeRequest request, StreamObserver<ImportSstpb.SwitchModeResponse> out) {
        state.count(Rpc.SWITCH_MODE);
        if (state.faults.take(Rpc.SWITCH_MODE) == FaultKind.UNAVAILABLE) {
            out.onError(Status.UNAVAILABLE.withDescription("injected: store " + storeId + " unavailable")
                    .asRuntimeException());
            return;
        }
        String mode = switch (request.getMode()) {
            case Normal -> "Normal";
            case Import -> "Import";
            default -> null;
        };
        if (mode == null) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("unknown switch mode " + request.getModeValue())
                    .asRuntimeException());
            return;
        }
        state.switchMode(storeId, mode);
        out.onNext(ImportSstpb.SwitchModeResponse.getDefaultInstance());
        out.onCompleted();
    }

    private static RuntimeException importError(String debugForm) {
        return Status.UNKNOWN.withDescription(debugForm).asRuntimeException();
    }

    @Override
    public StreamObserver<ImportSstpb.WriteRequest> write(StreamObserver<ImportSstpb.WriteResponse> out) {
        state.count(Rpc.WRITE);
        FaultKind fault = state.faults.take(Rpc.WRITE);
        if (fault == FaultKind.UNAVAILABLE) {
            out.onError(Status.UNAVAILABLE.withDescription("injected: store " + storeId + " unavailable")
                    .asRuntimeException());
            return new Drain();
        }
        return new WriteStream(out, fault);
    }

    /** Ignores what a client still sends on a call that already failed. */
    private static final class Drain implements StreamObserver<ImportSstpb.WriteRequest> {
        @Override
        public void onNext(ImportSstpb.WriteRequest value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    private final class WriteStream implements StreamObserver<ImportSstpb.WriteRequest> {
        private final StreamObserver<ImportSstpb.WriteResponse> out;
        private FaultKind fault;
        private ImportSstpb.SSTMeta meta;
        private byte[] regionStart;
        private byte[] regionEnd;
        private byte[] rangeStart;
        private byte[] rangeEnd;
        /**
         * The SST range and region bounds decoded to raw keys (null when one does not decode): the encoding keeps
         * order, so raw keys compare against these as their encodings compare against the encoded bounds, without
         * encoding every key.
         */
        private byte[][] rawBounds;
        private long commitTs;
        private byte[] lastKey;
        private final List<byte[][]> pairs = new ArrayList<>();
        private boolean longValue;
        private boolean done;

        WriteStream(StreamObserver<ImportSstpb.WriteResponse> out, FaultKind fault) {
            this.out = out;
            this.fault = fault;
        }

        private void fail(String debugForm) {
            done = true;
            pairs.clear();
            out.onError(importError(debugForm));
        }

        @Override
        public void onNext(ImportSstpb.WriteRequest req) {
            if (done) {
                return;
            }
            if (meta == null) {
                if (!req.hasMeta()) {
                    fail("InvalidChunk");
                    return;
                }
                String err = acceptMeta(req.getMeta());
                if (err != null) {
                    fail(err);
                }
                return;
            }
            if (!req.hasBatch()) {
                fail("InvalidChunk");
                return;
            }
            String err = acceptBatch(req.getBatch());
            if (err != null) {
                fail(err);
            }
        }

        private String acceptMeta(ImportSstpb.SSTMeta m) {
            if (m.getUuid().size() != UUID_LEN) {
                return "Uuid(Error(ByteLength { expected: 16, found: " + m.getUuid().size() + " }))";
            }
            String apiError = state.api.checkVersion("write", m.getApiVersion());
            if (apiError != null) {
                return apiError;
            }
            long regionId = m.getRegionId();
            Metapb.RegionEpoch sent = m.getRegionEpoch();
            synchronized (state) {
                state.noteWrite(storeId);
                if (fault == FaultKind.EPOCH_NOT_MATCH) {
                    RegionState r = state.regionById(regionId);
                    if (r != null) {
                        byte[] hint = m.getRange().getStart().isEmpty() ? null
                                : decodeOrNull(m.getRange().getStart().toByteArray());
                        state.splitSomewhere(r, hint);
                    }
                } else if (fault == FaultKind.REQUEST_TOO_NEW) {
                    return "RequestTooNew(\"request region " + regionId + " is ahead of local region, local epoch "
                            + "conf_ver: " + sent.getConfVer() + " version: " + Math.max(0, sent.getVersion() - 1)
                            + ", request epoch " + RegionState.epochText(sent) + ", please retry write later\")";
                } else if (fault == FaultKind.REQUEST_TOO_OLD) {
                    return "RequestTooOld(\"request region " + regionId + " is staler than local region, local epoch "
                            + "conf_ver: " + sent.getConfVer() + " version: " + (sent.getVersion() + 1)
                            + ", request epoch " + RegionState.epochText(sent) + "\")";
                } else if (fault == FaultKind.DISK_FULL) {
                    return "DiskSpaceNotEnough(\"disk full: store " + storeId + " has no space for the SST\")";
                }
                RegionState r = state.regionById(regionId);
                if (r == null || r.peerOn(storeId) == 0) {
                    return "RequestTooOld(\"region " + regionId + " is not found\")";
                }
                Metapb.RegionEpoch local = r.epoch();
                if (isStale(local, sent)) {
                    return "RequestTooNew(\"request region " + regionId + " is ahead of local region, local epoch "
                            + RegionState.epochText(local) + ", request epoch " + RegionState.epochText(sent)
                            + ", please retry write later\")";
                }
                if (isStale(sent, local)) {
                    return "RequestTooOld(\"request region " + regionId + " is staler than local region, local epoch "
                            + RegionState.epochText(local) + ", request epoch " + RegionState.epochText(sent) + "\")";
                }
                if (state.hasPending(storeId, m.getUuid())) {
                    return "FileExists(\"" + uuidText(m.getUuid()) + "_" + regionId + "_" + sent.getConfVer() + "_"
                            + sent.getVersion() + "_write.sst\", \"create\")";
                }
                regionStart = r.start;
                regionEnd = r.end;
            }
            fault = null;
            meta = m;
            rangeStart = m.getRange().getStart().toByteArray();
            rangeEnd = m.getRange().getEnd().toByteArray();
            byte[] rs = decodeOrNull(rangeStart);
            byte[] re = decodeOrNull(rangeEnd);
            byte[] gs = regionStart.length == 0 ? regionStart : decodeOrNull(regionStart);
            byte[] ge = regionEnd.length == 0 ? regionEnd : decodeOrNull(regionEnd);
            rawBounds = rs == null || re == null || gs == null || ge == null ? null : new byte[][] {rs, re, gs, ge};
            return null;
        }

        private String acceptBatch(ImportSstpb.WriteBatch batch) {
            long ts = batch.getCommitTs();
            if (ts == 0) {
                return "Engine(Other(\"write batch of SST " + uuidText(meta.getUuid()) + " has commit_ts 0: every batch"
                        + " needs the import's commit timestamp\"))";
            }
            if (commitTs != 0 && ts != commitTs) {
                return "Engine(Other(\"write batch of SST " + uuidText(meta.getUuid()) + " has commit_ts " + ts
                        + " but an earlier batch had " + commitTs + ": one stream writes one commit timestamp\"))";
            }
            commitTs = ts;
            for (ImportSstpb.Pair p : batch.getPairsList()) {
                byte[] key = p.getKey().toByteArray();
                String keyError = state.api.checkKey("write", key);
                if (keyError != null) {
                    return keyError;
                }
                if (lastKey != null && TikvKeys.compare(key, lastKey) <= 0) {
                    return "Engine(Other(\"[components/engine_rocks/src/sst.rs]: Corruption: Keys must be added in "
                            + "strict ascending order. (key " + TikvKeys.hex(key) + " after " + TikvKeys.hex(lastKey)
                            + ")\"))";
                }
                // Raw bounds say yes only when the encoded checks would; anything else gets those checks.
                boolean inBounds = rawBounds != null && TikvKeys.compare(key, rawBounds[0]) >= 0
                        && TikvKeys.compare(key, rawBounds[1]) <= 0 && TikvKeys.inRange(key, rawBounds[2], rawBounds[3]);
                String err = inBounds ? null : checkEncoded(key);
                if (err != null) {
                    return err;
                }
                lastKey = key;
                boolean delete = p.getOp() == ImportSstpb.Pair.OP.Delete;
                byte[] value = delete ? null : p.getValue().toByteArray();
                if (value != null && value.length > ClusterState.SHORT_VALUE_MAX_LEN) {
                    longValue = true;
                }
                pairs.add(new byte[][] {key, value});
            }
            return null;
        }

        /** The SST range and region checks on the encoded key: the error, or null when it passes. */
        private String checkEncoded(byte[] key) {
            byte[] enc = TikvKeys.encode(key);
            if (TikvKeys.compare(enc, rangeStart) < 0 || TikvKeys.compare(enc, rangeEnd) > 0) {
                return "KeyNotInRange(\"key " + TikvKeys.hex(key) + " (encoded " + TikvKeys.hex(enc)
                        + ") is outside the SST meta range [" + TikvKeys.hex(rangeStart) + ", "
                        + TikvKeys.hex(rangeEnd) + "]\")";
            }
            if (!TikvKeys.inRange(enc, regionStart, regionEnd)) {
                return "KeyNotInRegion(\"key " + TikvKeys.hex(key) + " (encoded " + TikvKeys.hex(enc)
                        + ") is outside region " + meta.getRegionId() + " [" + TikvKeys.hex(regionStart) + ", "
                        + TikvKeys.hex(regionEnd) + ")\")";
            }
            return null;
        }

        @Override
        public void onError(Throwable t) {
            done = true;
            pairs.clear();
        }

        @Override
        public void onCompleted() {
            if (done) {
                return;
            }
            if (meta == null) {
                fail("InvalidChunk");
                return;
            }
            done = true;
            List<String> cfs = new ArrayList<>();
            if (longValue) {
                cfs.add("default");
            }
            if (!pairs.isEmpty()) {
                cfs.add("write");
            }
            ImportSstpb.WriteResponse.Builder resp = ImportSstpb.WriteResponse.newBuilder();
            if (!cfs.isEmpty()) {
                synchronized (state) {
                    if (state.hasPending(storeId, meta.getUuid())) {
                        out.onError(importError("FileExists(\"" + uuidText(meta.getUuid()) + "\", \"create\")"));
                        return;
                    }
                    state.addPending(storeId, new ClusterState.PendingSst(meta.getUuid(), meta.getRegionId(),
                            meta.getRegionEpoch(), rangeStart, rangeEnd, commitTs, List.copyOf(pairs), List.copyOf(cfs)));
                }
                for (String cf : cfs) {
                    resp.addMetas(meta.toBuilder().setCfName(cf).setTotalKvs(pairs.size()));
                }
            }
            out.onNext(resp.build());
            out.onCompleted();
        }
    }

    private static byte[] decodeOrNull(byte[] encoded) {
        try {
            return TikvKeys.decode(encoded);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** TiKV's {@code is_epoch_stale(a, b)}: a is older than b in either version. */
    static boolean isStale(Metapb.RegionEpoch a, Metapb.RegionEpoch b) {
        return a.getVersion() < b.getVersion() || a.getConfVer() < b.getConfVer();
    }

    static String uuidText(ByteString uuid) {
        return TikvKeys.hex(uuid.toByteArray());
    }

    @Override
    public void multiIngest(ImportSstpb.MultiIngestRequest request, StreamObserver<ImportSstpb.IngestResponse> out) {
        ingest(Rpc.MULTI_INGEST, request.getContext(), request.getSstsList(), out);
    }

    @Override
    public void ingest(ImportSstpb.IngestRequest request, StreamObserver<ImportSstpb.IngestResponse> out) {
        ingest(Rpc.INGEST, request.getContext(), request.hasSst() ? List.of(request.getSst()) : List.of(), out);
    }

    private void ingest(Rpc rpc, Kvrpcpb.Context ctx, List<ImportSstpb.SSTMeta> ssts,
                        StreamObserver<ImportSstpb.IngestResponse> out) {
        state.count(rpc);
        FaultKind fault = state.faults.take(rpc);
        if (fault == FaultKind.UNAVAILABLE) {
            out.onError(Status.UNAVAILABLE.withDescription("injected: store " + storeId + " unavailable")
                    .asRuntimeException());
            return;
        }
        Errorpb.Error err;
        synchronized (state) {
            if (fault != null) {
                byte[] hint = ssts.isEmpty() ? null : decodeOrNull(ssts.get(0).getRange().getStart().toByteArray());
                err = state.faultError(fault, ctx.getRegionId(), storeId, hint, ctx.getRegionEpoch());
            } else {
                err = ingestLocked(ctx, ssts);
            }
        }
        ImportSstpb.IngestResponse.Builder resp = ImportSstpb.IngestResponse.newBuilder();
        if (err != null) {
            resp.setError(err);
        }
        out.onNext(resp.build());
        out.onCompleted();
    }

    /** The checks of TiKV's ingest path, then the ingest itself; returns the region error, or null. */
    private Errorpb.Error ingestLocked(Kvrpcpb.Context ctx, List<ImportSstpb.SSTMeta> ssts) {
        Errorpb.Error err = state.checkContext(storeId, ctx, true);
        if (err != null) {
            return err;
        }
        String apiError = state.api.checkVersion("ingest", ctx.getApiVersion());
        for (ImportSstpb.SSTMeta sst : ssts) {
            if (apiError == null) {
                apiError = state.api.checkVersion("ingest", sst.getApiVersion());
            }
        }
        if (apiError != null) {
            return Errorpb.Error.newBuilder().setMessage(apiError).build();
        }
        RegionState r = state.regionById(ctx.getRegionId());
        Map<ByteString, List<String>> cfsByUuid = new LinkedHashMap<>();
        for (ImportSstpb.SSTMeta sst : ssts) {
            ClusterState.PendingSst p = state.pending(storeId, sst.getUuid());
            if (p == null || !p.cfs().contains(sst.getCfName())) {
                return Errorpb.Error.newBuilder()
                        .setMessage("The file which would be ingested doest not exist.")
                        .setStaleCommand(Errorpb.StaleCommand.getDefaultInstance())
                        .build();
            }
            cfsByUuid.computeIfAbsent(sst.getUuid(), u -> new ArrayList<>()).add(sst.getCfName());
        }
        for (ImportSstpb.SSTMeta sst : ssts) {
            if (sst.getUuid().size() != UUID_LEN) {
                return Errorpb.Error.newBuilder().setMessage("invalid uuid " + uuidText(sst.getUuid())).build();
            }
            if (!"default".equals(sst.getCfName()) && !"write".equals(sst.getCfName())) {
                return Errorpb.Error.newBuilder().setMessage("invalid cf name " + sst.getCfName()).build();
            }
            if (sst.getRegionId() != r.id) {
                return ClusterState.regionNotFound(sst.getRegionId());
            }
            Metapb.RegionEpoch e = sst.getRegionEpoch();
            if (e.getConfVer() != r.confVer || e.getVersion() != r.version) {
                return state.epochNotMatch(r, e.getVersion(), RegionState.epochText(e) + " != "
                        + RegionState.epochText(r.epoch()));
            }
            byte[] start = sst.getRange().getStart().toByteArray();
            byte[] end = sst.getRange().getEnd().toByteArray();
            if (!r.contains(start)) {
                return ClusterState.keyNotInRegion(start, r);
            }
            if (!r.contains(end)) {
                return ClusterState.keyNotInRegion(end, r);
            }
        }
        // What a real cluster does not check but a client must get right: every SST part written is ingested
        // together (a write-CF file without its default-CF file loses the long values), and every peer holds the
        // SST (a follower applying the ingest without the file fails).
        for (Map.Entry<ByteString, List<String>> e : cfsByUuid.entrySet()) {
            ClusterState.PendingSst p = state.pending(storeId, e.getKey());
            if (!e.getValue().containsAll(p.cfs())) {
                return Errorpb.Error.newBuilder()
                        .setMessage("SST " + uuidText(e.getKey()) + " was written as CF files " + p.cfs()
                                + " but the ingest names only " + e.getValue() + ": ingest every meta the write returned")
                        .build();
            }
            for (long[] peer : r.peers) {
                if (!state.hasPending(peer[1], e.getKey())) {
                    return Errorpb.Error.newBuilder()
                            .setMessage("SST " + uuidText(e.getKey()) + " was not written to peer " + peer[0]
                                    + " on store " + peer[1] + " of region " + r.id + ": write to every peer first")
                            .build();
                }
            }
        }
        for (ByteString uuid : cfsByUuid.keySet()) {
            state.apply(state.pending(storeId, uuid));
        }
        return null;
    }
}
