package dev.lightning4j.testing.tikv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.shade.io.grpc.BindableService;
import org.tikv.shade.io.grpc.Metadata;
import org.tikv.shade.io.grpc.Server;
import org.tikv.shade.io.grpc.ServerCall;
import org.tikv.shade.io.grpc.ServerCallHandler;
import org.tikv.shade.io.grpc.ServerInterceptor;
import org.tikv.shade.io.grpc.ServerInterceptors;
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
 * <p>What a client must expect, as from a real cluster (the module's README lists every check):
 * <ul>
 *   <li>PD's member {@code client_urls} are URLs ({@code http://127.0.0.1:PORT}); every PD request header must
 *       carry the cluster ID GetMembers reports.</li>
 *   <li>Region boundaries, PD lookups and SST ranges are memcomparable-encoded keys ({@link TikvKeys#encode});
 *       pairs, split keys and checksum ranges are raw.</li>
 *   <li>A split keeps the region ID on the rightmost part; new IDs go to the left parts.</li>
 *   <li>ImportSST Write failures fail the call with gRPC status UNKNOWN and TiKV's error text
 *       ({@code RequestTooOld(...)}, {@code InvalidChunk}, ...), not {@code WriteResponse.error}.</li>
 *   <li>Write returns a {@code write}-CF meta, plus a {@code default}-CF meta when a value is longer than 255
 *       bytes; ingest every meta the leader returned, after writing to every peer.</li>
 *   <li>Ingest and checksum contexts name the leader peer on the store called, with the current epoch; each
 *       SST's own epoch must be current too, so after a split or scatter the data is written again.</li>
 *   <li>Requests say the storage's API version ({@code Context.api_version}, {@code SSTMeta.api_version}): V1, or
 *       V2 with {@link Builder#keyspace}, where every key must carry the keyspace's prefix.</li>
 * </ul>
 *
 * <p>Thread-safe. Holds what tests put in, in memory.
 */
public final class TestingTikvCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TestingTikvCluster.class);
    private static final Metadata.Key<String> MESSAGE_ENCODING =
            Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

    private final ClusterState state;
    private final List<Server> servers = new ArrayList<>();
    private final PdHttpServer http;
    private final String pdAddress;
    private final Map<String, Set<String>> encodings = new ConcurrentHashMap<>();

    private TestingTikvCluster(Builder b) {
        this.state = new ClusterState(b.stores, b.replicas, b.tiflash, b.importModeTimeout,
                b.clusterId != 0 ? b.clusterId : 7_000_000_000_000_000_000L + ThreadLocalRandom.current().nextInt(1 << 30),
                b.keyspaceName == null ? ApiMode.V1 : new ApiMode(b.keyspaceName, b.keyspaceId, b.keyspaceState));
        if (state.api.v2()) {
            // PD splits at every keyspace's bounds when it is created: the keyspace has regions of its own.
            state.splitAtEncoded(List.of(TikvKeys.encode(state.api.prefix()), TikvKeys.encode(state.api.end())));
        }
        try {
            PdService pd = new PdService(state);
            Server pdServer = serve(null, pd);
            pdAddress = "127.0.0.1:" + pdServer.getPort();
            pd.setClientUrl("http://" + pdAddress);
            for (ClusterState.StoreInfo s : state.storesSnapshot()) {
                StoreGate gate = new StoreGate(s);
                Server server = s.tiflash ? serve(gate)
                        : serve(gate, new TikvService(state, s.id), new ImportService(state, s.id));
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

    private Server serve(StoreGate gate, BindableService... services) throws IOException {
        NettyServerBuilder nb = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .maxInboundMessageSize(64 << 20);
        List<BindableService> all = new ArrayList<>(List.of(services));
        all.add(new HealthStatusManager().getHealthService());
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                String encoding = headers.get(MESSAGE_ENCODING);
                encodings.computeIfAbsent(call.getMethodDescriptor().getFullMethodName(),
                        m -> ConcurrentHashMap.newKeySet()).add(encoding == null ? "identity" : encoding);
                return next.startCall(call, headers);
            }
        };
        for (BindableService s : all) {
            nb.addService(gate == null ? ServerInterceptors.intercept(s, recorder)
                    : ServerInterceptors.intercept(s, gate, recorder));
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
     * the first three stores (or every store, when fewer).
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
        private int replicas = ClusterState.DEFAULT_REPLICAS;
        private boolean tiflash;
        private Duration importModeTimeout = Duration.ofMinutes(10);
        private long clusterId;
        private String keyspaceName;
        private int keyspaceId;
        private String keyspaceState = "ENABLED";

        private Builder() {
        }

        /**
         * Runs the stores in API V2 ({@code storage.api-version = 2}) with one keyspace: PD serves it at
         * {@code GET /pd/api/v2/keyspaces/{name}} (any other name: "keyspace does not exist"), regions are split at
         * the keyspace's bounds, and every TiKV request must say {@code api_version = V2} (an SST meta too) with
         * every key, range, split key and checksum range inside the keyspace ({@code 'x'} + the ID as 3 bytes
         * big-endian), else it is refused as TiKV refuses it ({@code ApiVersionNotMatched}, {@code InvalidKeyMode}).
         * Without this the stores run API V1 and refuse requests that say V2.
         *
         * @param name the keyspace's name
         * @param id   its ID, 0..16777215
         * @return this
         */
        public Builder keyspace(String name, int id) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a keyspace needs a name");
            }
            if (id < 0 || id > ApiMode.MAX_ID) {
                throw new IllegalArgumentException("a keyspace ID has 3 bytes: 0.." + ApiMode.MAX_ID + ", got " + id);
            }
            this.keyspaceName = name;
            this.keyspaceId = id;
            return this;
        }

        /**
         * The state PD reports for the keyspace of {@link #keyspace} (default {@code ENABLED}).
         *
         * @param state for example {@code DISABLED}
         * @return this
         */
        public Builder keyspaceState(String state) {
            this.keyspaceState = Objects.requireNonNull(state, "state");
            return this;
        }

        /**
         * The number of TiKV stores (default 3); regions get a peer on at most {@link #replicas} of them.
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
         * How many peers each region has (PD's {@code max-replicas}, default 3), capped at the number of stores.
         *
         * @param n at least 1
         * @return this
         */
        public Builder replicas(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least one replica is needed, got " + n);
            }
            this.replicas = n;
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
     * Commits {@code value} at {@code rawKey} as a transaction would (at a fresh timestamp), for a test to seed what
     * TiDB keeps in a key, for example an allocator's meta key. Not part of {@link #stored()}, which lists ingested
     * pairs only; KvGet sees both.
     *
     * @param rawKey the raw key
     * @param value  the value, or null to commit a deletion
     */
    public void putCommitted(byte[] rawKey, byte[] value) {
        synchronized (state) {
            state.txn.putCommitted(rawKey, value);
        }
    }

    /**
     * The newest committed value at {@code rawKey} (written by a transaction, or ingested), locks ignored.
     *
     * @param rawKey the raw key
     * @return the value, or null when there is none
     */
    public byte[] committedValue(byte[] rawKey) {
        synchronized (state) {
            return state.txn.committedValue(rawKey);
        }
    }

    /**
     * How many versions transactions committed at {@code rawKey} (puts and deletions; rollbacks not counted).
     *
     * @param rawKey the raw key
     * @return the count
     */
    public int committedVersions(byte[] rawKey) {
        synchronized (state) {
            return state.txn.committedVersions(rawKey);
        }
    }

    /**
     * Every raw key a transaction has committed a version of (not ingested pairs), in key order.
     *
     * @return the keys
     */
    public List<byte[]> committedKeys() {
        synchronized (state) {
            return state.txn.keys();
        }
    }

    /**
     * Locks {@code rawKey} as another transaction's prewrite would (its own primary, a fresh start_ts, lock TTL =
     * {@code hold}). Once {@code hold} has passed since a request first met the lock, it goes away by itself: that
     * transaction commits {@code valueOnRelease} at a fresh timestamp, or rolls back when it is null. Until then
     * KvGet at a later timestamp and KvPrewrite of the key answer {@code KeyError.locked}. (The hold starts at the
     * first meeting so a test can place the lock long before the client gets there.)
     *
     * @param rawKey         the raw key
     * @param hold           how long the lock stays
     * @param valueOnRelease what the other transaction commits then, or null to roll back
     * @throws IllegalStateException when the key is locked already
     */
    public void lockByOtherTransaction(byte[] rawKey, Duration hold, byte[] valueOnRelease) {
        synchronized (state) {
            state.txn.lockByOther(rawKey, hold.toMillis(), valueOnRelease);
        }
    }

    /**
     * Locks {@code rawKey} as a transaction that died after its prewrite leaves it: primary {@code rawPrimary}, a
     * fresh start_ts, lock TTL {@code ttl}, and nothing keeps it alive. Readers meet it until a lock resolver
     * (KvCheckTxnStatus on the primary once the TTL has run out by PD's clock, then KvResolveLock) settles it;
     * {@code value} is what the lock would commit (null: a deletion).
     *
     * @param rawKey     the raw key
     * @param rawPrimary the transaction's primary key (the key itself, or another whose lock is placed too)
     * @param ttl        the lock's TTL
     * @param value      the prewritten value, or null
     * @throws IllegalStateException when the key is locked already
     */
    public void lockAbandoned(byte[] rawKey, byte[] rawPrimary, Duration ttl, byte[] value) {
        synchronized (state) {
            state.txn.lockAbandoned(rawKey, rawPrimary, ttl.toMillis(), value);
        }
    }

    /**
     * Places the locks of an async-commit transaction whose client died after its prewrites: the primary's lock
     * lists {@code rawSecondaries}, and each secondary is locked too, except those in {@code neverPrewritten} (the
     * client died before prewriting them, so the transaction must be rolled back). Each lock has its own
     * min_commit_ts; a resolver that finds every lock commits at the largest. TiKV answers KvCheckTxnStatus on
     * such a primary with its lock, never rolling it back, and KvCheckSecondaryLocks decides.
     *
     * @param rawPrimary      the primary key
     * @param rawSecondaries  the secondary keys
     * @param neverPrewritten keys among these left without a lock
     * @param ttl             the locks' time to live
     * @param value           the value every lock writes, or null for deletes
     * @return the transaction's start_ts
     * @throws IllegalStateException when a key is locked already
     */
    public long lockAbandonedAsyncCommit(byte[] rawPrimary, List<byte[]> rawSecondaries, List<byte[]> neverPrewritten,
                                         Duration ttl, byte[] value) {
        synchronized (state) {
            return state.txn.lockAbandonedAsyncCommit(rawPrimary, rawSecondaries, neverPrewritten, ttl.toMillis(),
                    value);
        }
    }

    /**
     * The raw keys locked now (prewritten, not yet committed or rolled back), in key order.
     *
     * @return the keys
     */
    public List<byte[]> lockedKeys() {
        synchronized (state) {
            return state.txn.lockedKeys();
        }
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
     * How many Write streams reached a store that was not in import mode (TiKV accepts them; an importer that
     * forgot import mode shows here).
     *
     * @return the count
     */
    public long writesInNormalMode() {
        return state.writesInNormalMode();
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
     * The PD schedulers paused now (through PD's HTTP API, {@code POST /pd/api/v1/schedulers/{name}}).
     *
     * @return their names
     */
    public Set<String> pausedSchedulers() {
        return state.schedule.paused();
    }

    /**
     * PD's schedule config in effect now ({@code GET /pd/api/v1/config/schedule}): temporary values set with a
     * TTL over the lasting ones.
     *
     * @return the settings by name
     */
    public Map<String, Object> scheduleConfig() {
        return state.schedule.effective();
    }

    /**
     * The message encodings ({@code grpc-encoding}: {@code gzip}, or {@code identity} when uncompressed) that
     * calls of a method arrived with, on any server of the cluster.
     *
     * @param fullMethodName the gRPC method, such as {@code import_sstpb.ImportSST/Write}
     * @return the encodings seen, empty when the method was never called
     */
    public Set<String> messageEncodings(String fullMethodName) {
        return Set.copyOf(encodings.getOrDefault(fullMethodName, Set.of()));
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
     * The key prefix of the keyspace in API V2 ({@code 'x'} + the ID as 3 bytes big-endian), empty in API V1.
     *
     * @return the prefix (a copy)
     */
    public byte[] keyspacePrefix() {
        return state.api.prefix();
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

    /**
     * Takes a store down or brings it back: while down, every call to it (TiKV, ImportSST, health) fails with
     * gRPC UNAVAILABLE and is not counted in {@link #requests}; PD still lists it as up, as PD does until the
     * store's heartbeats have been missing for a while. What it held is kept.
     *
     * @param storeId the store
     * @param down    true to take it down, false to bring it back
     */
    public void storeDown(long storeId, boolean down) {
        ClusterState.StoreInfo s = state.store(storeId);
        if (s == null) {
            throw new IllegalArgumentException("no store " + storeId);
        }
        s.down = down;
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
