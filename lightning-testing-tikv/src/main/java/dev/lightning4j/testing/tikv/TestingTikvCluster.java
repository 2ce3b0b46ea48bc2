package dev.lightning4j.testing.tikv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.shade.io.grpc.BindableService;
import org.tikv.shade.io.grpc.Server;
import org.tikv.shade.io.grpc.netty.NettyServerBuilder;
import org.tikv.shade.io.grpc.services.HealthStatusManager;

/**
 * An in-JVM stand-in for a PD and N TiKV stores, speaking real gRPC (the kvproto services) on loopback ports,
 * with PD's HTTP API subset on another port. It validates requests as TiKV and PD do and answers bad ones with
 * the errors they send, keeps every ingested pair in memory, and lets tests split regions, move leaders and
 * inject failures under a running client.
 *
 * <pre>{@code
 * try (TestingTikvCluster c = TestingTikvCluster.start()) {
 *     ... client connects to c.pdAddress() ...
 *     assertThat(c.stored()).containsKey(key);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Holds what tests put in, in memory.
 */
public final class TestingTikvCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TestingTikvCluster.class);

    private final ClusterState state;
    private final List<Server> servers = new ArrayList<>();
    private final PdHttpServer http;
    private final String pdAddress;

    private TestingTikvCluster(Builder b) {
        this.state = new ClusterState(b.stores, b.tiflash, b.importModeTimeout,
                b.clusterId != 0 ? b.clusterId : 7_000_000_000_000_000_000L + ThreadLocalRandom.current().nextInt(1 << 30));
        try {
            PdService pd = new PdService(state);
            Server pdServer = serve(pd);
            pdAddress = "127.0.0.1:" + pdServer.getPort();
            pd.setClientUrl("http://" + pdAddress);
            for (ClusterState.StoreInfo s : state.storesSnapshot()) {
                Server server = s.tiflash ? serve() : serve(new TikvService(state, s.id), new ImportService(state, s.id));
                state.setAddress(s.id, "127.0.0.1:" + server.getPort());
            }
            http = new PdHttpServer(state);
        } catch (IOException | RuntimeException e) {
            stopServers();
            throw e instanceof IOException io ? new UncheckedIOException("cannot start the PD/TiKV stand-in", io)
                    : (RuntimeException) e;
        }
        LOG.debug("PD/TiKV stand-in: PD {} , {} stores", pdAddress, b.stores);
    }

    private Server serve(BindableService... services) throws IOException {
        NettyServerBuilder nb = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .maxInboundMessageSize(64 << 20)
                .addService(new HealthStatusManager().getHealthService());
        for (BindableService s : services) {
            nb.addService(s);
        }
        Server server = nb.build().start();
        servers.add(server);
        return server;
    }

    /**
     * Starts a cluster of 3 TiKV stores and one region covering every key.
     *
     * @return the running cluster
     */
    public static TestingTikvCluster start() {
        return builder().start();
    }

    /**
     * Starts a cluster of {@code stores} TiKV stores and one region covering every key, with a peer on each of
     * the first three stores.
     *
     * @param stores the number of TiKV stores, at least 1
     * @return the running cluster
     */
    public static TestingTikvCluster start(int stores) {
        return builder().stores(stores).start();
    }

    /**
     * A builder for the less common settings.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a cluster. */
    public static final class Builder {
        private int stores = 3;
        private boolean tiflash;
        private Duration importModeTimeout = Duration.ofMinutes(10);
        private long clusterId;

        private Builder() {
        }

        /**
         * The number of TiKV stores (default 3); regions get a peer on at most three of them.
         *
         * @param n at least 1
         * @return this
         */
        public Builder stores(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least one TiKV store is needed, got " + n);
            }
            this.stores = n;
            return this;
        }

        /**
         * Adds a TiFlash store (label {@code engine=tiflash}, no region peers) that PD lists; it serves no TiKV
         * or ImportSST calls (they fail with UNIMPLEMENTED), as a client must skip it.
         *
         * @param on whether to add it
         * @return this
         */
        public Builder tiflash(boolean on) {
            this.tiflash = on;
            return this;
        }

        /**
         * How long import mode lasts after a SwitchMode(Import) before the store falls back to normal (TiKV's
         * {@code import.import-mode-timeout}, default 10 minutes).
         *
         * @param timeout the timeout
         * @return this
         */
        public Builder importModeTimeout(Duration timeout) {
            this.importModeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The cluster ID PD reports and checks in every request header (default: random).
         *
         * @param id a non-zero ID
         * @return this
         */
        public Builder clusterId(long id) {
            this.clusterId = id;
            return this;
        }

        /**
         * Starts the cluster.
         *
         * @return the running cluster
         */
        public TestingTikvCluster start() {
            return new TestingTikvCluster(this);
        }
    }

    /**
     * PD's gRPC address.
     *
     * @return {@code 127.0.0.1:PORT}
     */
    public String pdAddress() {
        return pdAddress;
    }

    /**
     * PD's HTTP API address (region-label rules, version, stores, replication config).
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String pdHttpAddress() {
        return "http://127.0.0.1:" + http.port();
    }

    /**
     * The cluster ID PD reports and checks.
     *
     * @return the ID
     */
    public long clusterId() {
        return state.clusterId;
    }

    /**
     * The gRPC address of a store.
     *
     * @param storeId the store
     * @return {@code 127.0.0.1:PORT}
     */
    public String storeAddress(long storeId) {
        ClusterState.StoreInfo s = state.store(storeId);
        if (s == null) {
            throw new IllegalArgumentException("no store " + storeId);
        }
        synchronized (state) {
            return s.address;
        }
    }

    /**
     * The IDs of the TiKV stores (not TiFlash).
     *
     * @return store IDs in order
     */
    public List<Long> storeIds() {
        List<Long> ids = new ArrayList<>();
        for (ClusterState.StoreInfo s : state.storesSnapshot()) {
            if (!s.tiflash) {
                ids.add(s.id);
            }
        }
        return ids;
    }

    /**
     * Every region in key order.
     *
     * @return a snapshot
     */
    public List<Region> regions() {
        return state.regions();
    }

    /**
     * Every ingested pair, raw key to value, in unsigned key order. Pairs written but not ingested never show.
     *
     * @return a snapshot copy
     */
    public NavigableMap<byte[], byte[]> stored() {
        return state.stored();
    }

    /**
     * The commit timestamp a stored pair was ingested with.
     *
     * @param rawKey the raw key
     * @return the commit timestamp
     * @throws IllegalArgumentException when no pair is stored at the key
     */
    public long storedCommitTs(byte[] rawKey) {
        return state.commitTs(rawKey);
    }

    /**
     * The checksum of the stored pairs with raw keys in {@code [rawStart, rawEnd)} (an empty end is unbounded),
     * whatever their commit timestamp.
     *
     * @param rawStart the first raw key
     * @param rawEnd   the raw key just past the range, or empty
     * @return the checksum
     */
    public Checksum checksum(byte[] rawStart, byte[] rawEnd) {
        return state.checksum(rawStart, rawEnd, Long.MAX_VALUE);
    }

    /**
     * How many SSTs are written to some store and not yet ingested.
     *
     * @return the count over all stores
     */
    public int pendingSsts() {
        return state.pendingCount();
    }

    /**
     * A store's import mode; import mode falls back to normal once its timeout has passed.
     *
     * @param storeId the store
     * @return {@code "Normal"} or {@code "Import"}
     */
    public String storeMode(long storeId) {
        return state.storeMode(storeId);
    }

    /**
     * Every mode switch so far, such as {@code "store 1: Import"}.
     *
     * @return the history
     */
    public List<String> modeChanges() {
        return state.modeChanges();
    }

    /**
     * The region-label rules currently set over PD's HTTP API (expired ones dropped).
     *
     * @return the rules in the order set
     */
    public List<LabelRule> labelRules() {
        return state.labelRules();
    }

    /**
     * How many calls of a kind arrived (including those that failed).
     *
     * @param rpc the call
     * @return the count
     */
    public long requests(Rpc rpc) {
        return state.requests(rpc);
    }

    /**
     * Fault injection.
     *
     * @return the cluster's faults
     */
    public Faults faults() {
        return state.faults;
    }

    /**
     * Splits regions at raw keys (encoded as TiKV does), moving epochs under a running client. Keys that already
     * start a region are skipped.
     *
     * @param rawKeys the raw split keys
     */
    public void splitAt(byte[]... rawKeys) {
        List<byte[]> enc = new ArrayList<>();
        for (byte[] k : rawKeys) {
            if (k.length == 0) {
                throw new IllegalArgumentException("split key must not be empty");
            }
            enc.add(TikvKeys.encode(k));
        }
        state.splitAtEncoded(enc);
    }

    /**
     * Moves a region's leader to the peer on {@code storeId}.
     *
     * @param regionId the region
     * @param storeId  a store holding a peer of it
     */
    public void transferLeader(long regionId, long storeId) {
        synchronized (state) {
            RegionState r = state.regionById(regionId);
            if (r == null) {
                throw new IllegalArgumentException("no region " + regionId);
            }
            state.transferLeader(r, storeId);
        }
    }

    /**
     * Scatters a region as PD's ScatterRegion does (moves a peer and the leader, bumps the conf version).
     *
     * @param regionId the region
     */
    public void scatter(long regionId) {
        synchronized (state) {
            RegionState r = state.regionById(regionId);
            if (r == null) {
                throw new IllegalArgumentException("no region " + regionId);
            }
            state.scatter(r);
        }
    }

    /** Stops every server. */
    @Override
    public void close() {
        stopServers();
        if (http != null) {
            http.close();
        }
    }

    private void stopServers() {
        for (Server s : servers) {
            s.shutdownNow();
        }
        for (Server s : servers) {
            try {
                s.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
