package dev.lightning4j.testing.tikv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tikv.kvproto.ImportSSTGrpc;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.PDGrpc;
import org.tikv.kvproto.Pdpb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.ManagedChannel;
import org.tikv.shade.io.grpc.ManagedChannelBuilder;
import org.tikv.shade.io.grpc.StatusRuntimeException;
import org.tikv.shade.io.grpc.stub.StreamObserver;

/** A bare client over the kvproto stubs, as tests drive the stand-in through real gRPC. */
final class StandinClient implements AutoCloseable {
    final TestingTikvCluster cluster;
    final ManagedChannel pdChannel;
    final PDGrpc.PDBlockingStub pd;
    final long clusterId;
    private final Map<Long, ManagedChannel> storeChannels = new HashMap<>();

    StandinClient(TestingTikvCluster cluster) {
        this.cluster = cluster;
        this.pdChannel = ManagedChannelBuilder.forTarget(cluster.pdAddress()).usePlaintext().build();
        this.pd = PDGrpc.newBlockingStub(pdChannel).withDeadlineAfter(30, TimeUnit.SECONDS);
        this.clusterId = pd.getMembers(Pdpb.GetMembersRequest.getDefaultInstance()).getHeader().getClusterId();
    }

    Pdpb.RequestHeader header() {
        return Pdpb.RequestHeader.newBuilder().setClusterId(clusterId).build();
    }

    synchronized ManagedChannel store(long storeId) {
        return storeChannels.computeIfAbsent(storeId, id -> {
            String addr = pd.getStore(Pdpb.GetStoreRequest.newBuilder().setHeader(header()).setStoreId(id).build())
                    .getStore().getAddress();
            return ManagedChannelBuilder.forTarget(addr).usePlaintext().build();
        });
    }

    TikvGrpc.TikvBlockingStub tikv(long storeId) {
        return TikvGrpc.newBlockingStub(store(storeId)).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    ImportSSTGrpc.ImportSSTBlockingStub importer(long storeId) {
        return ImportSSTGrpc.newBlockingStub(store(storeId)).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    long tso() {
        CompletableFuture<Pdpb.TsoResponse> f = new CompletableFuture<>();
        StreamObserver<Pdpb.TsoRequest> req = PDGrpc.newStub(pdChannel).tso(observer(f));
        req.onNext(Pdpb.TsoRequest.newBuilder().setHeader(header()).setCount(1).build());
        Pdpb.TsoResponse r = await(f);
        req.onCompleted();
        return r.getTimestamp().getPhysical() << 18 | r.getTimestamp().getLogical();
    }

    Pdpb.GetRegionResponse region(byte[] rawKey) {
        return pd.getRegion(Pdpb.GetRegionRequest.newBuilder().setHeader(header())
                .setRegionKey(ByteString.copyFrom(TikvKeys.encode(rawKey))).build());
    }

    static Kvrpcpb.Context context(Metapb.Region region, Metapb.Peer peer) {
        return Kvrpcpb.Context.newBuilder()
                .setRegionId(region.getId())
                .setRegionEpoch(region.getRegionEpoch())
                .setPeer(peer)
                .build();
    }

    static ImportSstpb.SSTMeta meta(Metapb.Region region, byte[] firstRaw, byte[] lastRaw) {
        UUID u = UUID.randomUUID();
        ByteString uuid = ByteString.copyFrom(java.nio.ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
        return ImportSstpb.SSTMeta.newBuilder()
                .setUuid(uuid)
                .setRange(ImportSstpb.Range.newBuilder()
                        .setStart(ByteString.copyFrom(TikvKeys.encode(firstRaw)))
                        .setEnd(ByteString.copyFrom(TikvKeys.encode(lastRaw))))
                .setRegionId(region.getId())
                .setRegionEpoch(region.getRegionEpoch())
                .build();
    }

    static ImportSstpb.WriteRequest batch(long commitTs, byte[]... keysAndValues) {
        ImportSstpb.WriteBatch.Builder b = ImportSstpb.WriteBatch.newBuilder().setCommitTs(commitTs);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.addPairs(ImportSstpb.Pair.newBuilder()
                    .setKey(ByteString.copyFrom(keysAndValues[i]))
                    .setValue(ByteString.copyFrom(keysAndValues[i + 1])));
        }
        return ImportSstpb.WriteRequest.newBuilder().setBatch(b).build();
    }

    static ImportSstpb.WriteRequest metaRequest(ImportSstpb.SSTMeta meta) {
        return ImportSstpb.WriteRequest.newBuilder().setMeta(meta).build();
    }

    /** One Write stream to a store; returns the response or throws the call's StatusRuntimeException. */
    ImportSstpb.WriteResponse write(long storeId, List<ImportSstpb.WriteRequest> messages) {
        CompletableFuture<ImportSstpb.WriteResponse> f = new CompletableFuture<>();
        StreamObserver<ImportSstpb.WriteRequest> req = ImportSSTGrpc.newStub(store(storeId)).write(observer(f));
        for (ImportSstpb.WriteRequest m : messages) {
            req.onNext(m);
        }
        req.onCompleted();
        return await(f);
    }

    /** Writes the same SST to every peer of the region; returns the leader's metas. */
    List<ImportSstpb.SSTMeta> writeAll(Pdpb.GetRegionResponse region, ImportSstpb.SSTMeta meta,
                                       List<ImportSstpb.WriteRequest> batches) {
        List<ImportSstpb.SSTMeta> leaderMetas = new ArrayList<>();
        for (Metapb.Peer p : region.getRegion().getPeersList()) {
            List<ImportSstpb.WriteRequest> msgs = new ArrayList<>();
            msgs.add(metaRequest(meta));
            msgs.addAll(batches);
            ImportSstpb.WriteResponse r = write(p.getStoreId(), msgs);
            if (p.getStoreId() == region.getLeader().getStoreId()) {
                leaderMetas.addAll(r.getMetasList());
            }
        }
        return leaderMetas;
    }

    ImportSstpb.IngestResponse ingest(Pdpb.GetRegionResponse region, List<ImportSstpb.SSTMeta> metas) {
        return importer(region.getLeader().getStoreId()).multiIngest(ImportSstpb.MultiIngestRequest.newBuilder()
                .setContext(context(region.getRegion(), region.getLeader()))
                .addAllSsts(metas)
                .build());
    }

    static <T> StreamObserver<T> observer(CompletableFuture<T> f) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                f.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                f.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                f.completeExceptionally(new IllegalStateException("completed without a response"));
            }
        };
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) {
                throw s;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        pdChannel.shutdownNow();
        storeChannels.values().forEach(ManagedChannel::shutdownNow);
    }
}
