package dev.lightning4j.testing.tikv;

import org.tikv.shade.io.grpc.Metadata;
import org.tikv.shade.io.grpc.ServerCall;
import org.tikv.shade.io.grpc.ServerCallHandler;
import org.tikv.shade.io.grpc.ServerInterceptor;
import org.tikv.shade.io.grpc.Status;

/** Fails every call to a store that a test has taken down, as a client sees a store it cannot reach. */
final class StoreGate implements ServerInterceptor {
    private final ClusterState.StoreInfo store;

    StoreGate(ClusterState.StoreInfo store) {
        this.store = store;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (store.down) {
            call.close(Status.UNAVAILABLE.withDescription("store " + store.id + " is down"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
