package dev.lightning4j.physical.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tikv.kvproto.ImportSSTGrpc;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.shade.io.grpc.Drainable;
import org.tikv.shade.io.grpc.KnownLength;
import org.tikv.shade.io.grpc.ManagedChannel;
import org.tikv.shade.io.grpc.MethodDescriptor;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;
import org.tikv.shade.io.grpc.stub.ClientCallStreamObserver;
import org.tikv.shade.io.grpc.stub.ClientCalls;
import org.tikv.shade.io.grpc.stub.ClientResponseObserver;

/**
 * One ImportSST Write stream to one store. {@link #send} waits while gRPC's outbound buffer is full, so a
 * slow store holds back the reader instead of letting batches pile up in memory. One thread per writer.
 *
 * <p>Messages go out as serialized WriteRequests: the caller serializes each one once and every peer's
 * stream sends the same bytes (gRPC copies them into its buffers while {@link #send} runs, and may keep the
 * array itself for a retry, so an array once sent is never changed).
 */
final class PeerWriter {
    /** ImportSST/Write with serialized requests; the store sees the same method and bytes. */
    private static final MethodDescriptor<byte[], ImportSstpb.WriteResponse> WRITE = ImportSSTGrpc.getWriteMethod()
            .toBuilder(new SerializedMarshaller(), ImportSSTGrpc.getWriteMethod().getResponseMarshaller()).build();

    private final Object ready = new Object();
    private final CompletableFuture<ImportSstpb.WriteResponse> response = new CompletableFuture<>();
    private final long timeoutMillis;
    private final WriteLimiter limiter;
    private ClientCallStreamObserver<byte[]> requests;
    private ImportSstpb.WriteResponse last;

    /**
     * @param limiter  the store's bandwidth limit, or null for none
     * @param compress gzip the stream's messages
     */
    PeerWriter(ManagedChannel channel, long timeoutMillis, WriteLimiter limiter, boolean compress) {
        this.timeoutMillis = timeoutMillis;
        this.limiter = limiter;
        ImportSSTGrpc.ImportSSTStub stub = ImportSSTGrpc.newStub(channel).withDeadlineAfter(timeoutMillis,
                TimeUnit.MILLISECONDS);
        if (compress) {
            stub = stub.withCompression("gzip");
        }
        ClientCalls.asyncClientStreamingCall(stub.getChannel().newCall(WRITE, stub.getCallOptions()),
                new ClientResponseObserver<byte[], ImportSstpb.WriteResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<byte[]> r) {
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
     * Sends one serialized WriteRequest, first waiting for the store's bandwidth limit (counted in these
     * bytes) and for room in the stream. Returns false when the store already answered (an early error
     * or rejection): stop sending and read {@link #finish()}. The bytes are only read, so the caller may hand the
     * same array to every peer; it must not change it afterwards.
     */
    boolean send(byte[] r) throws InterruptedException {
        if (limiter != null) {
            limiter.acquire(r.length);
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

    /** Sends serialized messages as they are (parsing is for the server side, which this client never is). */
    private static final class SerializedMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new SerializedStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("reading a message failed").withCause(e).asRuntimeException();
            }
        }
    }

    /** The bytes with their length known and drained in one write, so gRPC frames them without a buffer copy. */
    private static final class SerializedStream extends ByteArrayInputStream implements KnownLength, Drainable {
        SerializedStream(byte[] b) {
            super(b);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int n = count - pos;
            target.write(buf, pos, n);
            pos = count;
            return n;
        }
    }
}
