package dev.lightning4j.physical.ingest;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.PDGrpc;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;
import org.tikv.shade.io.grpc.stub.StreamObserver;

/**
 * A small PD client over the PD gRPC stubs: finds the leader with GetMembers, puts the cluster ID in
 * every header, keeps one TSO stream, and reconnects to the (new) leader when a call is UNAVAILABLE,
 * a bounded number of times. Thread-safe.
 */
final class PdClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PdClient.class);

    private final TikvClusterOptions options;
    private final Channels channels;
    private final Map<Long, Metapb.Store> stores = new ConcurrentHashMap<>();
    private final Object tsoLock = new Object();
    private volatile String leaderAddress;
    private volatile long clusterId;
    private StreamObserver<Pdpb.TsoRequest> tsoRequests;
    private BlockingQueue<Object> tsoResponses;

    PdClient(TikvClusterOptions options, Channels channels) {
        this.options = options;
        this.channels = channels;
        discover();
    }

    long clusterId() {
        return clusterId;
    }

    /** Asks the configured PD members (a comma-separated list) and the last known leader who leads now. */
    private void discover() {
        List<String> candidates = new ArrayList<>();
        for (String a : options.pdAddress().split(",")) {
            if (!a.isBlank()) {
                candidates.add(stripScheme(a.trim()));
            }
        }
        if (leaderAddress != null && !candidates.contains(leaderAddress)) {
            candidates.add(leaderAddress);
        }
        StatusRuntimeException last = null;
        for (String address : candidates) {
            try {
                Pdpb.GetMembersResponse r = PDGrpc.newBlockingStub(channels.get(address))
                        .withDeadlineAfter(options.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .getMembers(Pdpb.GetMembersRequest.newBuilder()
                                .setHeader(Pdpb.RequestHeader.newBuilder().setClusterId(clusterId)).build());
                checkHeader(r.getHeader(), "GetMembers");
                clusterId = r.getHeader().getClusterId();
                if (r.getLeader().getClientUrlsCount() == 0) {
                    throw new ImportException(ErrorCode.TARGET_UNREACHABLE,
                            "PD at " + address + " has no leader now; check the PD cluster's health and retry");
                }
                leaderAddress = stripScheme(r.getLeader().getClientUrls(0));
                return;
            } catch (StatusRuntimeException e) {
                last = e;
                channels.forget(address);
            }
        }
        throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "cannot reach PD at " + options.pdAddress()
                + ": " + last.getStatus() + "; check the PD address and that PD is running", last);
    }

    static String stripScheme(String url) {
        int i = url.indexOf("://");
        String s = i >= 0 ? url.substring(i + 3) : url;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private Pdpb.RequestHeader header() {
        return Pdpb.RequestHeader.newBuilder().setClusterId(clusterId).build();
    }

    private static void checkHeader(Pdpb.ResponseHeader h, String what) {
        if (h.hasError() && h.getError().getType() != Pdpb.ErrorType.OK) {
            throw new PdException(what + " failed on PD: " + h.getError().getType() + " " + h.getError().getMessage());
        }
    }

    /** A PD answer with an error in its header. */
    static final class PdException extends RuntimeException {
        PdException(String message) {
            super(message);
        }
    }

    /** Runs a unary call on the leader, rediscovering the leader and retrying when PD is unavailable. */
    private <T> T call(String what, Function<PDGrpc.PDBlockingStub, T> fn) {
        long wait = options.backoff().toMillis();
        for (int attempt = 0;; attempt++) {
            String address = leaderAddress;
            try {
                return fn.apply(PDGrpc.newBlockingStub(channels.get(address))
                        .withDeadlineAfter(options.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS));
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                boolean retryable = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
                if (!retryable || attempt >= options.maxRetries()) {
                    throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "PD " + what + " at " + address
                            + " failed after " + (attempt + 1) + " attempts: " + e.getStatus()
                            + "; check that PD is running and reachable", e);
                }
                LOG.warn("PD {} at {} failed ({}), retrying", what, address, e.getStatus());
                channels.forget(address);
                sleep(wait);
                wait = Math.min(wait * 2, options.maxBackoff().toMillis());
                try {
                    discover();
                } catch (ImportException again) {
                    LOG.warn("PD leader lookup failed: {}", again.getMessage());
                }
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(ErrorCode.CANCELLED, "interrupted while waiting to retry a TiKV/PD request", e);
        }
    }

    /** One timestamp from the TSO stream (count 1): {@code physical << 18 | logical}. */
    long timestamp() {
        long wait = options.backoff().toMillis();
        for (int attempt = 0;; attempt++) {
            try {
                return tsoOnce();
            } catch (StatusRuntimeException | PdException e) {
                if (attempt >= options.maxRetries()) {
                    throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "no timestamp from PD at " + leaderAddress
                            + " after " + (attempt + 1) + " attempts: " + e.getMessage(), e);
                }
                LOG.warn("PD TSO failed ({}), retrying", e.getMessage());
                sleep(wait);
                wait = Math.min(wait * 2, options.maxBackoff().toMillis());
                try {
                    discover();
                } catch (ImportException again) {
                    LOG.warn("PD leader lookup failed: {}", again.getMessage());
                }
            }
        }
    }

    private long tsoOnce() {
        synchronized (tsoLock) {
            if (tsoRequests == null) {
                BlockingQueue<Object> responses = new ArrayBlockingQueue<>(4);
                tsoResponses = responses;
                tsoRequests = PDGrpc.newStub(channels.get(leaderAddress)).tso(new StreamObserver<>() {
                    @Override
                    public void onNext(Pdpb.TsoResponse r) {
                        responses.offer(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        responses.offer(t);
                    }

                    @Override
                    public void onCompleted() {
                        responses.offer(Status.UNAVAILABLE.withDescription("TSO stream closed by PD").asRuntimeException());
                    }
                });
            }
            Object r;
            try {
                tsoRequests.onNext(Pdpb.TsoRequest.newBuilder().setHeader(header()).setCount(1).build());
                r = tsoResponses.poll(options.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                resetTso();
                throw new ImportException(ErrorCode.CANCELLED, "interrupted while waiting for a PD timestamp", e);
            } catch (RuntimeException e) {
                resetTso();
                throw e;
            }
            if (r instanceof Pdpb.TsoResponse t) {
                checkHeader(t.getHeader(), "Tso");
                if (t.getCount() != 1) {
                    resetTso();
                    throw new PdException("PD returned " + t.getCount() + " timestamps for a request of 1");
                }
                return (t.getTimestamp().getPhysical() << 18) | t.getTimestamp().getLogical();
            }
            resetTso();
            if (r == null) {
                throw Status.DEADLINE_EXCEEDED.withDescription("no TSO answer within " + options.rpcTimeout())
                        .asRuntimeException();
            }
            if (r instanceof StatusRuntimeException s) {
                throw s;
            }
            throw Status.fromThrowable((Throwable) r).asRuntimeException();
        }
    }

    private void resetTso() {
        if (tsoRequests != null) {
            try {
                tsoRequests.onCompleted();
            } catch (RuntimeException ignored) {
                // the stream is already broken
            }
        }
        tsoRequests = null;
        tsoResponses = null;
    }

    /** Regions overlapping {@code [start, end)} of encoded keys (empty end: unbounded), in key order, with leaders. */
    List<RegionInfo> scanRegions(byte[] encodedStart, byte[] encodedEnd) {
        List<RegionInfo> out = new ArrayList<>();
        byte[] from = encodedStart;
        while (true) {
            byte[] f = from;
            Pdpb.ScanRegionsResponse r = call("ScanRegions", s -> s.scanRegions(Pdpb.ScanRegionsRequest.newBuilder()
                    .setHeader(header()).setStartKey(ByteString.copyFrom(f))
                    .setEndKey(ByteString.copyFrom(encodedEnd)).setLimit(128).build()));
            checkHeader(r.getHeader(), "ScanRegions");
            List<RegionInfo> page = new ArrayList<>();
            if (r.getRegionsCount() > 0) {
                for (Pdpb.Region reg : r.getRegionsList()) {
                    page.add(new RegionInfo(reg.getRegion(), reg.getLeader()));
                }
            } else {
                for (int i = 0; i < r.getRegionMetasCount(); i++) {
                    page.add(new RegionInfo(r.getRegionMetas(i),
                            i < r.getLeadersCount() ? r.getLeaders(i) : Metapb.Peer.getDefaultInstance()));
                }
            }
            if (page.isEmpty()) {
                return out;
            }
            for (RegionInfo ri : page) {
                if (out.isEmpty() || Arrays.compareUnsigned(ri.region().getStartKey().toByteArray(),
                        out.get(out.size() - 1).region().getStartKey().toByteArray()) > 0) {
                    out.add(ri);
                }
            }
            byte[] lastEnd = page.get(page.size() - 1).region().getEndKey().toByteArray();
            if (lastEnd.length == 0 || (encodedEnd.length > 0 && Arrays.compareUnsigned(lastEnd, encodedEnd) >= 0)) {
                return out;
            }
            if (Arrays.compareUnsigned(lastEnd, from) <= 0) {
                throw new PdException("PD ScanRegions did not advance past " + java.util.HexFormat.of().formatHex(from));
            }
            from = lastEnd;
        }
    }

    /** The region holding the encoded key, with its leader. */
    RegionInfo getRegion(byte[] encodedKey) {
        Pdpb.GetRegionResponse r = call("GetRegion", s -> s.getRegion(Pdpb.GetRegionRequest.newBuilder()
                .setHeader(header()).setRegionKey(ByteString.copyFrom(encodedKey)).build()));
        checkHeader(r.getHeader(), "GetRegion");
        return new RegionInfo(r.getRegion(), r.getLeader());
    }

    /** The store, cached. */
    Metapb.Store store(long storeId) {
        Metapb.Store s = stores.get(storeId);
        if (s != null) {
            return s;
        }
        Pdpb.GetStoreResponse r = call("GetStore", st -> st.getStore(Pdpb.GetStoreRequest.newBuilder()
                .setHeader(header()).setStoreId(storeId).build()));
        checkHeader(r.getHeader(), "GetStore");
        stores.put(storeId, r.getStore());
        return r.getStore();
    }

    /** Drops a cached store address (after the store was unreachable). */
    void forgetStore(long storeId) {
        stores.remove(storeId);
    }

    /** Every store not removed (tombstones excluded). */
    List<Metapb.Store> allStores() {
        Pdpb.GetAllStoresResponse r = call("GetAllStores", s -> s.getAllStores(Pdpb.GetAllStoresRequest.newBuilder()
                .setHeader(header()).setExcludeTombstoneStores(true).build()));
        checkHeader(r.getHeader(), "GetAllStores");
        for (Metapb.Store s : r.getStoresList()) {
            stores.put(s.getId(), s);
        }
        return r.getStoresList();
    }

    /** Asks PD to scatter one region. */
    void scatter(RegionInfo region) {
        Pdpb.ScatterRegionResponse r = call("ScatterRegion", s -> s.scatterRegion(Pdpb.ScatterRegionRequest.newBuilder()
                .setHeader(header()).setRegionId(region.id()).setRegion(region.region())
                .setLeader(region.leader()).build()));
        checkHeader(r.getHeader(), "ScatterRegion");
    }

    /** The operator PD runs on the region now. */
    Pdpb.GetOperatorResponse operator(long regionId) {
        Pdpb.GetOperatorResponse r = call("GetOperator", s -> s.getOperator(Pdpb.GetOperatorRequest.newBuilder()
                .setHeader(header()).setRegionId(regionId).build()));
        return r;
    }

    @Override
    public void close() {
        synchronized (tsoLock) {
            resetTso();
        }
    }
}
