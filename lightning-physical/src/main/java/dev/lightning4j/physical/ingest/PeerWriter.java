package dev.lightning4j.physical.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tikv.kvproto.ImportSSTGrpc;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.shade.io.grpc.ManagedChannel;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;
import org.tikv.shade.io.grpc.stub.ClientCallStreamObserver;
import org.tikv.shade.io.grpc.stub.ClientResponseObserver;

/**
 * One ImportSST Write stream to one store. {@link #send} waits while gRPC's outbound buffer is full, so a
 * slow store holds back the reader instead of letting batches pile up in memory. One thread per writer.
 */
final class PeerWriter {
    private final Object ready = new Object();
    private final CompletableFuture<ImportSstpb.WriteResponse> response = new CompletableFuture<>();
    private final long timeoutMillis;
    private ClientCallStreamObserver<ImportSstpb.WriteRequest> requests;
    private final WriteLimiter limiter;
    private ImportSstpb.WriteResponse last;

    /**
     * @param limiter  the store's bandwidth limit, or null for none
     * @param compress gzip the stream's messages
     */
    PeerWriter(ManagedChannel channel, long timeoutMillis, WriteLimiter limiter, boolean compress) {
        this.timeoutMillis = timeoutMillis;
        this.limiter = limiter;
        ImportSSTGrpc.ImportSSTStub stub = ImportSSTGrpc.newStub(channel);
        if (compress) {
            stub = stub.withCompression("gzip");
        }
        stub.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                .write(new ClientResponseObserver<ImportSstpb.WriteRequest, ImportSstpb.WriteResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<ImportSstpb.WriteRequest> r) {
                        requests = r;
                        r.setOnReadyHandler(PeerWriter.this::wake);
                    }

                    @Override
                    public void onNext(ImportSstpb.WriteResponse r) {
                        last = r;
                    }

                    @Override
                    public void onError(Throwable t) {
                        response.completeExceptionally(t);
                        wake();
                    }

                    @Override
                    public void onCompleted() {
                        response.complete(last != null ? last : ImportSstpb.WriteResponse.getDefaultInstance());
                        wake();
                    }
                });
    }

    private void wake() {
        synchronized (ready) {
            ready.notifyAll();
        }
    }

    /**
     * Sends one message carrying {@code bytes} of pairs, first waiting for the store's bandwidth limit and for
     * room in the stream. Returns false when the store already
     * answered (an early error or rejection): stop sending and read {@link #finish()}.
     */
    boolean send(ImportSstpb.WriteRequest r, long bytes) throws InterruptedException {
        if (limiter != null && bytes > 0) {
            limiter.acquire(bytes);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (ready) {
            while (!requests.isReady() && !response.isDone()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw Status.DEADLINE_EXCEEDED.withDescription("Write stream stalled for " + timeoutMillis + " ms")
                            .asRuntimeException();
                }
                ready.wait(Math.min(left, 200));
            }
        }
        if (response.isDone()) {
            return false;
        }
        requests.onNext(r);
        return true;
    }

    /** Half-closes the stream and waits for the store's answer; gRPC failures come as StatusRuntimeException. */
    ImportSstpb.WriteResponse finish() throws InterruptedException {
        if (!response.isDone()) {
            requests.onCompleted();
        }
        try {
            return response.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw Status.fromThrowable(e.getCause()).asRuntimeException();
        } catch (TimeoutException e) {
            cancel("no Write answer in time");
            throw Status.DEADLINE_EXCEEDED.withDescription("no Write answer within " + timeoutMillis + " ms")
                    .asRuntimeException();
        }
    }

    /** Abandons the stream (the store drops what it received). */
    void cancel(String why) {
        if (!response.isDone()) {
            try {
                requests.cancel(why, null);
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    static boolean isStatus(Throwable t, Status.Code code) {
        return t instanceof StatusRuntimeException s && s.getStatus().getCode() == code;
    }
}
