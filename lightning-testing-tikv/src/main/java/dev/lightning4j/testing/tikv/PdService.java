package dev.lightning4j.testing.tikv;

import java.util.List;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.PDGrpc;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.stub.StreamObserver;

/** PD's gRPC service: members, TSO, regions, stores, scatter and operators, GC safe points. */
final class PdService extends PDGrpc.PDImplBase {
    private final ClusterState state;
    private final long memberId;
    private volatile String clientUrl = "";

    PdService(ClusterState state) {
        this.state = state;
        this.memberId = state.clusterId ^ 0x5A5A5A5AL;
    }

    void setClientUrl(String url) {
        this.clientUrl = url;
    }

    private Pdpb.ResponseHeader ok() {
        return Pdpb.ResponseHeader.newBuilder().setClusterId(state.clusterId).build();
    }

    private Pdpb.ResponseHeader error(Pdpb.ErrorType type, String message) {
        return Pdpb.ResponseHeader.newBuilder()
                .setClusterId(state.clusterId)
                .setError(Pdpb.Error.newBuilder().setType(type).setMessage(message))
                .build();
    }

    /**
     * Counts the call, checks the header's cluster ID as PD does, and applies an injected fault. Returns false
     * (after failing the call) when the call must not go on.
     */
    private boolean admit(Rpc rpc, Pdpb.RequestHeader header, StreamObserver<?> out) {
        state.count(rpc);
        if (header.getClusterId() != state.clusterId) {
            out.onError(Status.FAILED_PRECONDITION
                    .withDescription("mismatch cluster id, need " + state.clusterId + " but got " + header.getClusterId())
                    .asRuntimeException());
            return false;
        }
        FaultKind f = state.faults.take(rpc);
        if (f == FaultKind.UNAVAILABLE) {
            out.onError(Status.UNAVAILABLE.withDescription("injected: PD unavailable").asRuntimeException());
            return false;
        }
        return true;
    }

    @Override
    public void getMembers(Pdpb.GetMembersRequest request, StreamObserver<Pdpb.GetMembersResponse> out) {
        state.count(Rpc.GET_MEMBERS);
        if (state.faults.take(Rpc.GET_MEMBERS) == FaultKind.UNAVAILABLE) {
            out.onError(Status.UNAVAILABLE.withDescription("injected: PD unavailable").asRuntimeException());
            return;
        }
        Pdpb.Member me = Pdpb.Member.newBuilder()
                .setName("pd-0")
                .setMemberId(memberId)
                .addClientUrls(clientUrl)
                .addPeerUrls(clientUrl)
                .setBinaryVersion(ClusterState.STORE_VERSION)
                .build();
        out.onNext(Pdpb.GetMembersResponse.newBuilder()
                .setHeader(ok())
                .addMembers(me)
                .setLeader(me)
                .setEtcdLeader(me)
                .build());
        out.onCompleted();
    }

    @Override
    public StreamObserver<Pdpb.TsoRequest> tso(StreamObserver<Pdpb.TsoResponse> out) {
        return new StreamObserver<>() {
            private boolean failed;

            @Override
            public void onNext(Pdpb.TsoRequest req) {
                if (failed) {
                    return;
                }
                if (!admit(Rpc.TSO, req.getHeader(), out)) {
                    failed = true;
                    return;
                }
                if (req.getCount() <= 0) {
                    failed = true;
                    out.onError(Status.UNKNOWN.withDescription("tso count should be positive").asRuntimeException());
                    return;
                }
                long[] ts = state.tso(req.getCount());
                out.onNext(Pdpb.TsoResponse.newBuilder()
                        .setHeader(ok())
                        .setCount(req.getCount())
                        .setTimestamp(Pdpb.Timestamp.newBuilder().setPhysical(ts[0]).setLogical(ts[1]))
                        .build());
            }

            @Override
            public void onError(Throwable t) {
                failed = true;
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    out.onCompleted();
                }
            }
        };
    }

    @Override
    public void isBootstrapped(Pdpb.IsBootstrappedRequest request, StreamObserver<Pdpb.IsBootstrappedResponse> out) {
        out.onNext(Pdpb.IsBootstrappedResponse.newBuilder().setHeader(ok()).setBootstrapped(true).build());
        out.onCompleted();
    }

    @Override
    public void allocID(Pdpb.AllocIDRequest request, StreamObserver<Pdpb.AllocIDResponse> out) {
        out.onNext(Pdpb.AllocIDResponse.newBuilder().setHeader(ok()).setId(state.allocId()).build());
        out.onCompleted();
    }

    private Pdpb.GetRegionResponse regionResponse(RegionState r) {
        Pdpb.GetRegionResponse.Builder b = Pdpb.GetRegionResponse.newBuilder().setHeader(ok());
        if (r != null) {
            synchronized (state) {
                b.setRegion(r.toMeta()).setLeader(r.leaderPeer());
            }
        }
        return b.build();
    }

    @Override
    public void getRegion(Pdpb.GetRegionRequest request, StreamObserver<Pdpb.GetRegionResponse> out) {
        if (!admit(Rpc.GET_REGION, request.getHeader(), out)) {
            return;
        }
        out.onNext(regionResponse(state.regionContaining(request.getRegionKey().toByteArray())));
        out.onCompleted();
    }

    @Override
    public void getPrevRegion(Pdpb.GetRegionRequest request, StreamObserver<Pdpb.GetRegionResponse> out) {
        if (!admit(Rpc.GET_REGION, request.getHeader(), out)) {
            return;
        }
        RegionState r;
        synchronized (state) {
            r = state.regionBefore(state.regionContaining(request.getRegionKey().toByteArray()));
        }
        out.onNext(regionResponse(r));
        out.onCompleted();
    }

    @Override
    public void getRegionByID(Pdpb.GetRegionByIDRequest request, StreamObserver<Pdpb.GetRegionResponse> out) {
        if (!admit(Rpc.GET_REGION_BY_ID, request.getHeader(), out)) {
            return;
        }
        out.onNext(regionResponse(state.regionById(request.getRegionId())));
        out.onCompleted();
    }

    @Override
    public void scanRegions(Pdpb.ScanRegionsRequest request, StreamObserver<Pdpb.ScanRegionsResponse> out) {
        if (!admit(Rpc.SCAN_REGIONS, request.getHeader(), out)) {
            return;
        }
        Pdpb.ScanRegionsResponse.Builder b = Pdpb.ScanRegionsResponse.newBuilder().setHeader(ok());
        synchronized (state) {
            for (RegionState r : state.scan(request.getStartKey().toByteArray(), request.getEndKey().toByteArray(),
                    request.getLimit())) {
                Metapb.Region meta = r.toMeta();
                Metapb.Peer leader = r.leaderPeer();
                b.addRegionMetas(meta).addLeaders(leader)
                        .addRegions(Pdpb.Region.newBuilder().setRegion(meta).setLeader(leader));
            }
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void getStore(Pdpb.GetStoreRequest request, StreamObserver<Pdpb.GetStoreResponse> out) {
        if (!admit(Rpc.GET_STORE, request.getHeader(), out)) {
            return;
        }
        ClusterState.StoreInfo s = state.store(request.getStoreId());
        Pdpb.GetStoreResponse.Builder b = Pdpb.GetStoreResponse.newBuilder();
        if (s == null) {
            b.setHeader(error(Pdpb.ErrorType.UNKNOWN, "invalid store ID " + request.getStoreId() + ", not found"));
        } else {
            b.setHeader(ok()).setStore(state.storeMeta(s));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void getAllStores(Pdpb.GetAllStoresRequest request, StreamObserver<Pdpb.GetAllStoresResponse> out) {
        if (!admit(Rpc.GET_ALL_STORES, request.getHeader(), out)) {
            return;
        }
        Pdpb.GetAllStoresResponse.Builder b = Pdpb.GetAllStoresResponse.newBuilder().setHeader(ok());
        for (ClusterState.StoreInfo s : state.storesSnapshot()) {
            b.addStores(state.storeMeta(s));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void scatterRegion(Pdpb.ScatterRegionRequest request, StreamObserver<Pdpb.ScatterRegionResponse> out) {
        if (!admit(Rpc.SCATTER, request.getHeader(), out)) {
            return;
        }
        List<Long> ids = request.getRegionsIdCount() > 0 ? request.getRegionsIdList()
                : List.of(request.hasRegion() ? request.getRegion().getId() : request.getRegionId());
        Pdpb.ScatterRegionResponse.Builder b = Pdpb.ScatterRegionResponse.newBuilder();
        synchronized (state) {
            for (long id : ids) {
                if (state.regionById(id) == null) {
                    b.setHeader(error(Pdpb.ErrorType.REGION_NOT_FOUND, "region " + id + " not found"));
                    out.onNext(b.build());
                    out.onCompleted();
                    return;
                }
            }
            for (long id : ids) {
                state.scatter(state.regionById(id));
            }
        }
        out.onNext(b.setHeader(ok()).setFinishedPercentage(100).build());
        out.onCompleted();
    }

    @Override
    public void getOperator(Pdpb.GetOperatorRequest request, StreamObserver<Pdpb.GetOperatorResponse> out) {
        if (!admit(Rpc.GET_OPERATOR, request.getHeader(), out)) {
            return;
        }
        String status = state.pollOperator(request.getRegionId());
        Pdpb.GetOperatorResponse.Builder b = Pdpb.GetOperatorResponse.newBuilder().setRegionId(request.getRegionId());
        if (status == null) {
            b.setHeader(error(Pdpb.ErrorType.REGION_NOT_FOUND, "Not Found"));
        } else {
            b.setHeader(ok())
                    .setDesc(ByteString.copyFromUtf8("scatter-region"))
                    .setKind(ByteString.copyFromUtf8("admin,leader,region"))
                    .setStatus("RUNNING".equals(status) ? Pdpb.OperatorStatus.RUNNING : Pdpb.OperatorStatus.SUCCESS);
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void getGCSafePoint(Pdpb.GetGCSafePointRequest request, StreamObserver<Pdpb.GetGCSafePointResponse> out) {
        if (!admit(Rpc.GC_SAFE_POINT, request.getHeader(), out)) {
            return;
        }
        out.onNext(Pdpb.GetGCSafePointResponse.newBuilder().setHeader(ok()).setSafePoint(state.gcSafePoint()).build());
        out.onCompleted();
    }

    @Override
    public void updateGCSafePoint(Pdpb.UpdateGCSafePointRequest request,
                                  StreamObserver<Pdpb.UpdateGCSafePointResponse> out) {
        if (!admit(Rpc.GC_SAFE_POINT, request.getHeader(), out)) {
            return;
        }
        long sp = state.updateGcSafePoint(request.getSafePoint());
        out.onNext(Pdpb.UpdateGCSafePointResponse.newBuilder().setHeader(ok()).setNewSafePoint(sp).build());
        out.onCompleted();
    }

    @Override
    public void updateServiceGCSafePoint(Pdpb.UpdateServiceGCSafePointRequest request,
                                         StreamObserver<Pdpb.UpdateServiceGCSafePointResponse> out) {
        if (!admit(Rpc.GC_SAFE_POINT, request.getHeader(), out)) {
            return;
        }
        long min = state.updateServiceSafePoint(request.getServiceId().toStringUtf8(), request.getTTL(),
                request.getSafePoint());
        out.onNext(Pdpb.UpdateServiceGCSafePointResponse.newBuilder()
                .setHeader(ok())
                .setServiceId(request.getServiceId())
                .setTTL(request.getTTL())
                .setMinSafePoint(min)
                .build());
        out.onCompleted();
    }
}
