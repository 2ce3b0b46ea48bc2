package dev.lightning4j.physical.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.tikv.shade.io.grpc.ManagedChannel;
import org.tikv.shade.io.grpc.netty.NettyChannelBuilder;

/** One plaintext gRPC channel per {@code host:port}, shared by every call to that address. Thread-safe. */
final class Channels implements AutoCloseable {
    private static final int MAX_MESSAGE = 128 << 20;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    ManagedChannel get(String address) {
        return channels.computeIfAbsent(address, a -> NettyChannelBuilder.forTarget(a)
                .usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE)
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(3, TimeUnit.SECONDS)
                .idleTimeout(60, TimeUnit.SECONDS)
                .build());
    }

    /** Closes the channel to an address that failed, so the next call connects anew. */
    void forget(String address) {
        ManagedChannel c = channels.remove(address);
        if (c != null) {
            c.shutdown();
        }
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels.values()) {
            c.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ManagedChannel c : channels.values()) {
            try {
                if (!c.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    c.shutdownNow();
                }
            } catch (InterruptedException e) {
                c.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        channels.clear();
    }
}
