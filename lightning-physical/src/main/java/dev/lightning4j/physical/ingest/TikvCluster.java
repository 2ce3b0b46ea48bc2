package dev.lightning4j.physical.ingest;

import com.pingcap.tidb.tipb.ChecksumAlgorithm;
import com.pingcap.tidb.tipb.ChecksumRequest;
import com.pingcap.tidb.tipb.ChecksumResponse;
import com.pingcap.tidb.tipb.ChecksumScanOn;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.codec.MemComparable;
import dev.lightning4j.physical.engine.SortedPairs;
import dev.lightning4j.physical.kv.KvPair;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.kvproto.Coprocessor;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.ImportSSTGrpc;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.Pdpb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.com.google.protobuf.InvalidProtocolBufferException;
import org.tikv.shade.io.grpc.Status;
import org.tikv.shade.io.grpc.StatusRuntimeException;

/**
 * {@link KvCluster} over PD and TiKV's gRPC APIs (the kvproto stubs): TSO and region lookup from PD,
 * region split on TiKV and scatter by PD, per-region Write streams to every peer and MultiIngest on the
 * leader (TiDB Lightning's local backend protocol), import-mode switching, the scheduling pause as a PD
 * region label rule, and the checksum coprocessor. Every retry is bounded by
 * {@link TikvClusterOptions#maxRetries()}. Thread-safe: concurrent {@link #ingest} calls share the per-store
 * limit, and {@link #importMode()} leases are shared (the stores go back to normal when the last one closes).
 */
public final class TikvCluster implements KvCluster {
    private static final Logger LOG = LoggerFactory.getLogger(TikvCluster.class);
    private static final long CHECKSUM_REQUEST_TYPE = 105;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TikvClusterOptions options;
    private final KeyspaceCodec keyspace;
    private final Channels channels = new Channels();
    private final PdClient pd;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final GlobalSchedulePause globalPause;
    private final Set<Lease> leases = ConcurrentHashMap.newKeySet();
    private final Map<Long, Semaphore> storePermits = new ConcurrentHashMap<>();
    private final Map<Long, WriteLimiter> storeLimits = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object importModeLock = new Object();
    private int importModeHolders;
    private List<Metapb.Store> importModeStores = List.of();
    private ScheduledFuture<?> importModeRefresh;

    private TikvCluster(TikvClusterOptions options, String keyspaceName) {
        this.options = options;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tikv-lease-refresh");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(options.rpcTimeout()).build();
        this.globalPause = new GlobalSchedulePause(http, options.pdHttpAddress(), options.rpcTimeout(),
                options.scheduleLabelTtl(), scheduler, () -> tikvStores().size());
        try {
            this.pd = new PdClient(options, channels);
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            channels.close();
            throw e;
        }
        try {
            this.keyspace = keyspaceName == null || keyspaceName.isBlank() ? KeyspaceCodec.V1
                    : Keyspaces.load(http, options.pdHttpAddress(), keyspaceName.trim(), options.rpcTimeout());
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            pd.close();
            channels.close();
            throw e;
        }
        if (keyspace.isV2()) {
            LOG.info("importing into {} of the API V2 cluster at {}", keyspace, options.pdAddress());
        }
    }

    /**
     * Connects to PD (finds the leader and the cluster ID).
     *
     * @param options where PD is and how to ingest
     * @return the connected cluster
     * @throws ImportException when PD cannot be reached
     */
    public static TikvCluster connect(TikvClusterOptions options) {
        return new TikvCluster(options, null);
    }

    /**
     * Connects to PD for an import into a keyspace of an API V2 cluster: looks the keyspace up by name in PD
     * ({@code GET /pd/api/v2/keyspaces/{name}}), which must be ENABLED; every key sent then carries its prefix and
     * every request says API V2. A null or blank name is {@link #connect(TikvClusterOptions)} (API V1).
     *
     * @param options      where PD is and how to ingest
     * @param keyspaceName the keyspace, or null/blank for none
     * @return the connected cluster
     * @throws ImportException when PD cannot be reached, or the keyspace is unknown, not enabled or PD has no
     *                         keyspaces
     */
    public static TikvCluster connect(TikvClusterOptions options, String keyspaceName) {
        return new TikvCluster(options, keyspaceName);
    }

    @Override
    public KeyspaceCodec keyspace() {
        return keyspace;
    }

    /** The options this cluster runs with. */
    public TikvClusterOptions options() {
        return options;
    }

    @Override
    public long timestamp() {
        ensureOpen();
        return pd.timestamp();
    }

    @Override
    public List<String> storeVersions() {
        ensureOpen();
        List<String> out = new ArrayList<>();
        for (Metapb.Store s : tikvStores()) {
            out.add(s.getAddress() + "=" + s.getVersion());
        }
        return out;
    }

    private List<Metapb.Store> tikvStores() {
        List<Metapb.Store> out = new ArrayList<>();
        for (Metapb.Store s : pd.allStores()) {
            if (s.getState() == Metapb.StoreState.Tombstone || isTiFlash(s)) {
                continue;
            }
            out.add(s);
        }
        return out;
    }

    private static boolean isTiFlash(Metapb.Store s) {
        for (Metapb.StoreLabel l : s.getLabelsList()) {
            if (l.getKey().equals("engine") && l.getValue().toLowerCase(Locale.ROOT).startsWith("tiflash")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- import mode

    @Override
    public Lease importMode() {
        ensureOpen();
        synchronized (importModeLock) {
            if (importModeHolders == 0) {
                List<Metapb.Store> stores = tikvStores();
                List<Metapb.Store> switched = new ArrayList<>();
                try {
                    for (Metapb.Store s : stores) {
                        switchMode(s, ImportSstpb.SwitchMode.Import);
                        switched.add(s);
                    }
                } catch (RuntimeException e) {
                    for (Metapb.Store s : switched) {
                        try {
                            switchMode(s, ImportSstpb.SwitchMode.Normal);
                        } catch (RuntimeException again) {
                            e.addSuppressed(again);
                        }
                    }
                    throw e;
                }
                importModeStores = stores;
                long every = options.importModeRefresh().toMillis();
                importModeRefresh = scheduler.scheduleWithFixedDelay(this::refreshImportMode, every, every,
                        TimeUnit.MILLISECONDS);
                LOG.info("TiKV stores {} in import mode", stores.stream().map(Metapb.Store::getAddress).toList());
            }
            importModeHolders++;
        }
        // Import mode is shared: the stores go back to normal when the last holder lets go.
        return track(() -> releaseImportMode(true), () -> releaseImportMode(false));
    }

    private void refreshImportMode() {
        synchronized (importModeLock) {
            if (importModeHolders == 0) {
                return;
            }
            try {
                for (Metapb.Store s : tikvStores()) {
                    switchMode(s, ImportSstpb.SwitchMode.Import);
                }
            } catch (RuntimeException e) {
                LOG.warn("refreshing import mode failed (stores fall back to normal mode after {}): {}",
                        options.importModeTimeout(), e.getMessage());
            }
        }
    }

    private void releaseImportMode(boolean switchBack) {
        synchronized (importModeLock) {
            if (--importModeHolders > 0) {
                return;
            }
            importModeRefresh.cancel(false);
            if (!switchBack) {
                LOG.info("TiKV stores left in import mode for another import of the cluster, which switches them back"
                        + " (else they return to normal by themselves after {})", options.importModeTimeout());
                return;
            }
            List<Metapb.Store> now;
            try {
                now = tikvStores();
            } catch (RuntimeException e) {
                LOG.warn("PD store lookup failed ({}); switching back the stores known at the start", e.getMessage());
                now = importModeStores;
            }
            for (Metapb.Store s : now) {
                try {
                    switchMode(s, ImportSstpb.SwitchMode.Normal);
                } catch (RuntimeException e) {
                    LOG.warn("switching TiKV store {} ({}) back to normal mode failed: {}; it returns to normal by "
                            + "itself after {}", s.getId(), s.getAddress(), e.getMessage(), options.importModeTimeout());
                }
            }
        }
    }

    private void switchMode(Metapb.Store store, ImportSstpb.SwitchMode mode) {
        long wait = options.backoff().toMillis();
        for (int attempt = 0;; attempt++) {
            try {
                ImportSSTGrpc.newBlockingStub(channels.get(store.getAddress()))
                        .withDeadlineAfter(options.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .switchMode(ImportSstpb.SwitchModeRequest.newBuilder().setMode(mode).build());
                return;
            } catch (StatusRuntimeException e) {
                if (attempt >= options.maxRetries() || e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "switching TiKV store " + store.getId()
                            + " (" + store.getAddress() + ") to " + mode + " mode failed: " + e.getStatus()
                            + "; check that the store is up", e);
                }
                channels.forget(store.getAddress());
                PdClient.sleep(wait);
                wait = Math.min(wait * 2, options.maxBackoff().toMillis());
            }
        }
    }

    // ---------------------------------------------------------------- scheduling pause

    @Override
    public Lease pauseScheduling(KeyRange tidbRange) {
        ensureOpen();
        KeyRange range = keyspace.encodeRange(tidbRange);
        if (options.globalSchedulePause()) {
            java.util.function.Consumer<Boolean> held = globalPause.hold();
            return track(() -> held.accept(true), () -> held.accept(false));
        }
        String id = "lightning4j-pause-" + UUID.randomUUID();
        HexFormat hex = HexFormat.of();
        long ttlSeconds = options.scheduleLabelTtl().toSeconds();
        String body = "{\"id\":\"" + id + "\",\"labels\":[{\"key\":\"schedule\",\"value\":\"deny\",\"ttl\":\""
                + ttlSeconds + "s\"}],\"rule_type\":\"key-range\",\"data\":[{\"start_key\":\""
                + hex.formatHex(MemComparable.encodeBytes(range.start())) + "\",\"end_key\":\""
                + hex.formatHex(encodeEnd(range.end())) + "\"}]}";
        String url = options.pdHttpAddress() + "/pd/api/v1/config/region-label/rule";
        if (!postRule(url, body, range)) {
            return () -> { };
        }
        long every = Math.max(1000, options.scheduleLabelTtl().toMillis() / 3);
        Object lock = new Object();
        boolean[] released = new boolean[1];
        ScheduledFuture<?> refresh = scheduler.scheduleWithFixedDelay(() -> {
            synchronized (lock) {
                if (!released[0]) {
                    postRule(url, body, range);
                }
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return track(() -> {
            synchronized (lock) {
                released[0] = true;
            }
            refresh.cancel(false);
            String del = url + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(del)).DELETE()
                        .timeout(options.rpcTimeout()).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) {
                    LOG.warn("removing the scheduling pause rule {} from PD failed: HTTP {} {}; it expires after {}",
                            id, r.statusCode(), r.body(), options.scheduleLabelTtl());
                }
            } catch (IOException e) {
                LOG.warn("removing the scheduling pause rule {} from PD failed: {}; it expires after {}", id,
                        e.toString(), options.scheduleLabelTtl());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Sets the label rule; false (after a warning) when PD does not offer the API or cannot be reached. */
    private boolean postRule(String url, String body, KeyRange range) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").timeout(options.rpcTimeout())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2) {
                return true;
            }
            LOG.warn("PD at {} did not accept the scheduling pause for {} (HTTP {} {}); importing without it, "
                    + "so PD may move regions meanwhile", options.pdHttpAddress(), range, r.statusCode(), r.body());
        } catch (IOException e) {
            LOG.warn("PD HTTP API at {} not reachable for the scheduling pause of {} ({}); importing without it",
                    options.pdHttpAddress(), range, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private Lease track(Runnable release) {
        return track(release, release);
    }

    /** A lease released by {@code release} on close, by {@code leave} on {@link Lease#leave()}; once either way. */
    private Lease track(Runnable release, Runnable leave) {
        AtomicBoolean done = new AtomicBoolean();
        Lease[] self = new Lease[1];
        self[0] = new Lease() {
            @Override
            public void close() {
                if (done.compareAndSet(false, true)) {
                    leases.remove(self[0]);
                    release.run();
                }
            }

            @Override
            public void leave() {
                if (done.compareAndSet(false, true)) {
                    leases.remove(self[0]);
                    leave.run();
                }
            }
        };
        leases.add(self[0]);
        return self[0];
    }

    // ---------------------------------------------------------------- keys

    private static byte[] encode(byte[] raw) {
        return MemComparable.encodeBytes(raw);
    }

    /** An exclusive raw end as an encoded end; empty (unbounded) stays empty. */
    private static byte[] encodeEnd(byte[] rawEnd) {
        return rawEnd.length == 0 ? rawEnd : encode(rawEnd);
    }

    /** Compares two raw end keys where empty means unbounded. */
    private static int compareEnd(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b.length == 0 ? 0 : 1;
        }
        return b.length == 0 ? -1 : Arrays.compareUnsigned(a, b);
    }

    private static byte[] maxStart(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static byte[] minEnd(byte[] a, byte[] b) {
        return compareEnd(a, b) <= 0 ? a : b;
    }

    private static String hex(byte[] k) {
        return HexFormat.of().formatHex(k);
    }

    private static String range(byte[] start, byte[] end) {
        return "[" + hex(start) + ", " + (end.length == 0 ? "+inf" : hex(end)) + ")";
    }

    // ---------------------------------------------------------------- ingest

    @Override
    public IngestStats ingest(SortedPairs engine, KeyRange range, long commitTs) {
        return ingest(engine, range, commitTs, false);
    }

    @Override
    public IngestStats ingestDeletes(SortedPairs engine, KeyRange range, long commitTs) {
        return ingest(engine, range, commitTs, true);
    }

    private IngestStats ingest(SortedPairs tidbPairs, KeyRange tidbRange, long commitTs, boolean delete) {
        ensureOpen();
        // From here on keys are as TiKV stores them (with the keyspace prefix in API V2).
        SortedPairs engine = keyspace.encode(tidbPairs);
        KeyRange range = keyspace.encodeRange(tidbRange);
        if (commitTs <= 0) {
            throw new IllegalArgumentException("commitTs must be a PD timestamp, was " + commitTs);
        }
        byte[] start = range.start();
        byte[] end = range.end();
        if (end.length > 0 && Arrays.equals(start, end)) {
            return new IngestStats(0, 0, 0, 0);
        }
        List<byte[]> splitKeys = new ArrayList<>();
        for (byte[] k : engine.splitKeys(options.regionSplitSize(), options.regionSplitKeys())) {
            if (Arrays.compareUnsigned(k, start) > 0 && (end.length == 0 || Arrays.compareUnsigned(k, end) < 0)) {
                splitKeys.add(k);
            }
        }
        long t0 = System.nanoTime();
        List<RegionInfo> created = split(splitKeys);
        scatter(created);
        long t1 = System.nanoTime();
        IngestStats stats = runJobs(engine, start, end, commitTs, delete);
        long t2 = System.nanoTime();
        LOG.info((delete ? "deleted" : "ingested") + " {} pairs ({} bytes) of {} into {} regions: split into {} new regions in {} ms, "
                + "write and ingest in {} ms, {} retries", stats.kvs(), stats.bytes(), range(start, end),
                stats.regions(), created.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, stats.retries());
        return stats;
    }

    // ---- split and scatter

    /** Splits regions at the sorted raw keys; returns the regions the splits produced, once each. */
    List<RegionInfo> split(List<byte[]> rawKeys) {
        List<RegionInfo> created = new ArrayList<>();
        List<byte[]> pending = new ArrayList<>(rawKeys);
        int failures = 0;
        String lastError = null;
        long wait = options.backoff().toMillis();
        while (!pending.isEmpty()) {
            List<RegionInfo> regions = scanWithLeaders(pending.get(0), nextKey(pending.get(pending.size() - 1)));
            List<byte[]> next = new ArrayList<>();
            boolean failed = false;
            boolean progress = false;
            int i = 0;
            List<RegionInfo> splitting = new ArrayList<>();
            List<List<byte[]>> keys = new ArrayList<>();
            for (RegionInfo region : regions) {
                List<byte[]> group = new ArrayList<>();
                while (i < pending.size() && region.contains(encode(pending.get(i)))) {
                    byte[] k = pending.get(i++);
                    if (!Arrays.equals(encode(k), region.region().getStartKey().toByteArray())) {
                        group.add(k);
                    }
                }
                if (group.isEmpty()) {
                    continue;
                }
                List<byte[]> now = group.size() > options.splitBatchKeys()
                        ? group.subList(0, options.splitBatchKeys()) : group;
                next.addAll(group.subList(now.size(), group.size()));
                splitting.add(region);
                keys.add(now);
            }
            // Different regions split independently: up to splitConcurrency requests at once, results in order.
            List<SplitResult> results = splitRegions(splitting, keys);
            for (int r = 0; r < results.size(); r++) {
                SplitResult result = results.get(r);
                if (result.error() != null) {
                    next.addAll(keys.get(r));
                    failed = true;
                    lastError = result.error();
                } else {
                    created.addAll(result.created());
                    progress = true;
                }
            }
            next.addAll(pending.subList(i, pending.size()));
            next.sort(Arrays::compareUnsigned);
            if (!failed && !progress && !next.isEmpty()) {
                failed = true;
                lastError = "PD reports no region holding key " + hex(next.get(0));
            }
            pending = next;
            if (failed) {
                if (++failures > options.maxRetries()) {
                    throw new ImportException(ErrorCode.TARGET_WRITE, "splitting regions at " + pending.size()
                            + " keys from " + hex(pending.get(0)) + " failed " + failures + " times; last error: "
                            + lastError + "; check the TiKV stores and PD, then retry the import");
                }
                PdClient.sleep(wait);
                wait = Math.min(wait * 2, options.maxBackoff().toMillis());
            }
        }
        // A region split again later shows up twice: keep its last state.
        Map<Long, RegionInfo> byId = new java.util.LinkedHashMap<>();
        for (RegionInfo r : created) {
            byId.remove(r.id());
            byId.put(r.id(), r);
        }
        LOG.debug("split {} keys into {} regions", rawKeys.size(), byId.size());
        return new ArrayList<>(byId.values());
    }

    private static byte[] nextKey(byte[] k) {
        byte[] n = Arrays.copyOf(k, k.length + 1);
        return n;
    }

    /** What splitting one region gave: the regions it produced, or why it failed. */
    private record SplitResult(List<RegionInfo> created, String error) {
    }

    /** Splits each region at its keys, up to {@code splitConcurrency} regions at once; results in region order. */
    private List<SplitResult> splitRegions(List<RegionInfo> regions, List<List<byte[]>> keys) {
        List<Callable<SplitResult>> tasks = new ArrayList<>();
        for (int r = 0; r < regions.size(); r++) {
            RegionInfo region = regions.get(r);
            List<byte[]> k = keys.get(r);
            tasks.add(() -> splitOne(region, k));
        }
        return inParallel("splitting regions", "tikv-split-", options.splitConcurrency(), tasks);
    }

    private SplitResult splitOne(RegionInfo region, List<byte[]> keys) {
        List<RegionInfo> created = new ArrayList<>();
        String error = splitRegion(region, keys, created);
        return new SplitResult(created, error);
    }

    /** One SplitRegion call; null on success (new regions added), else the error text. */
    private String splitRegion(RegionInfo region, List<byte[]> keys, List<RegionInfo> created) {
        if (!region.hasLeader()) {
            return region.describe() + " has no leader";
        }
        Metapb.Store store = pd.store(region.leader().getStoreId());
        Kvrpcpb.SplitRegionRequest.Builder req = Kvrpcpb.SplitRegionRequest.newBuilder().setContext(context(region));
        for (byte[] k : keys) {
            req.addSplitKeys(ByteString.copyFrom(k));
        }
        Kvrpcpb.SplitRegionResponse r;
        try {
            r = TikvGrpc.newBlockingStub(channels.get(store.getAddress()))
                    .withDeadlineAfter(options.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .splitRegion(req.build());
        } catch (StatusRuntimeException e) {
            forgetStoreOnUnavailable(store, e);
            return "SplitRegion of " + region.describe() + " on store " + store.getId() + ": " + e.getStatus();
        }
        if (r.hasRegionError()) {
            failOnDiskFull(r.getRegionError(), region, store, "splitting");
            return "SplitRegion of " + region.describe() + " on store " + store.getId() + ": "
                    + describe(r.getRegionError());
        }
        for (Metapb.Region n : r.getRegionsList()) {
            created.add(new RegionInfo(n, peerOnStore(n, region.leader().getStoreId())));
        }
        return null;
    }

    private static Metapb.Peer peerOnStore(Metapb.Region region, long storeId) {
        for (Metapb.Peer p : region.getPeersList()) {
            if (p.getStoreId() == storeId) {
                return p;
            }
        }
        return region.getPeersCount() > 0 ? region.getPeers(0) : Metapb.Peer.getDefaultInstance();
    }

    /** Scatters the regions and waits (at most {@code scatterWait} in all) until PD's scatter operators end. */
    void scatter(List<RegionInfo> regions) {
        if (regions.isEmpty()) {
            return;
        }
        AtomicBoolean pdDown = new AtomicBoolean();
        List<RegionInfo> scattered = onEach(regions, r -> {
            if (pdDown.get()) {
                return false;
            }
            try {
                pd.scatter(r);
                return true;
            } catch (ImportException e) {
                // PD unreachable even after retries: the rest would fail the same way.
                pdDown.set(true);
                LOG.warn("PD could not scatter new regions: {}; their peers stay where they are", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("PD could not scatter {}: {}; its peers stay where they are", r.describe(), e.getMessage());
            }
            return false;
        });
        long deadline = System.nanoTime() + options.scatterWait().toNanos();
        long wait = Math.max(10, options.backoff().toMillis() / 2);
        // Poll every region still scattering once per round, then wait once: the wait does not grow with
        // the number of regions.
        List<RegionInfo> running = scattered;
        while (!running.isEmpty() && !pdDown.get()) {
            running = onEach(running, r -> {
                try {
                    Pdpb.GetOperatorResponse op = pd.operator(r.id());
                    return op.getDesc().toStringUtf8().equals("scatter-region")
                            && op.getStatus() == Pdpb.OperatorStatus.RUNNING;
                } catch (ImportException e) {
                    pdDown.set(true);
                    LOG.warn("PD GetOperator failed: {}; not waiting for scatter", e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("PD GetOperator for region {} failed: {}", r.id(), e.getMessage());
                }
                return false;
            });
            if (running.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("scatter of {} regions still running after {}; going on", running.size(),
                        options.scatterWait());
                return;
            }
            PdClient.sleep(wait);
        }
    }

    /** A pool of daemon threads for {@code tasks} tasks, at most {@code rangeConcurrency} of them. */
    private ExecutorService workers(String namePrefix, int tasks) {
        AtomicInteger threadNo = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, Math.min(options.rangeConcurrency(), tasks)), r -> {
            Thread t = new Thread(r, namePrefix + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code test} on every region, up to {@code rangeConcurrency} at once; returns those it held true for. */
    private List<RegionInfo> onEach(List<RegionInfo> regions, java.util.function.Predicate<RegionInfo> test) {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (RegionInfo r : regions) {
            tasks.add(() -> test.test(r));
        }
        List<Boolean> held = inParallel("scattering regions", "tikv-scatter-", regions.size(), tasks);
        List<RegionInfo> out = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            if (held.get(i)) {
                out.add(regions.get(i));
            }
        }
        return out;
    }

    /**
     * Runs the tasks, up to {@code limit} (and {@code rangeConcurrency}) at once, on this thread when one would do;
     * returns their results in task order. A task's unchecked exception is thrown as it is.
     */
    private <T> List<T> inParallel(String what, String threadPrefix, int limit, List<Callable<T>> tasks) {
        List<T> out = new ArrayList<>();
        if (Math.min(limit, tasks.size()) <= 1) {
            for (Callable<T> t : tasks) {
                try {
                    out.add(t.call());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ImportException(ErrorCode.INTERNAL, what + " failed: " + e, e);
                }
            }
            return out;
        }
        ExecutorService pool = workers(threadPrefix, Math.min(limit, tasks.size()));
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(t));
            }
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new ImportException(ErrorCode.INTERNAL, what + " failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ImportException(ErrorCode.CANCELLED, "interrupted while " + what, e);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- region jobs

    /** A key range inside one region (or, when {@code region} is null, a range to look up again). */
    static final class Job {
        final byte[] start;
        final byte[] end;
        final RegionInfo region;
        final int attempts;
        final String lastError;

        Job(byte[] start, byte[] end, RegionInfo region, int attempts, String lastError) {
            this.start = start;
            this.end = end;
            this.region = region;
            this.attempts = attempts;
            this.lastError = lastError;
        }

        String describe() {
            return "keys " + range(start, end) + (region == null ? "" : " in " + region.describe());
        }
    }

    private enum Kind { DONE, RETRY, RESCAN, REWRITE }

    private record Outcome(Kind kind, long kvs, long bytes, List<RegionInfo> regions, String error) {
        static Outcome done(long kvs, long bytes) {
            return new Outcome(Kind.DONE, kvs, bytes, List.of(), null);
        }

        static Outcome retry(String error) {
            return new Outcome(Kind.RETRY, 0, 0, List.of(), error);
        }

        static Outcome rescan(String error) {
            return new Outcome(Kind.RESCAN, 0, 0, List.of(), error);
        }

        static Outcome rewrite(List<RegionInfo> regions, String error) {
            return new Outcome(Kind.REWRITE, 0, 0, regions, error);
        }
    }

    private final class Run {
        final SortedPairs engine;
        final long commitTs;
        /** Whether the pairs are sent as deletions of their keys. */
        final boolean delete;
        final AtomicLong kvs = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong regions = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final AtomicBoolean failed = new AtomicBoolean();

        Run(SortedPairs engine, long commitTs, boolean delete) {
            this.engine = engine;
            this.commitTs = commitTs;
            this.delete = delete;
        }
    }

    private IngestStats runJobs(SortedPairs engine, byte[] start, byte[] end, long commitTs, boolean delete) {
        Run run = new Run(engine, commitTs, delete);
        List<RegionInfo> regions = scanWithLeaders(start, end);
        ExecutorService pool = workers("tikv-ingest-", regions.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (RegionInfo r : regions) {
                Job job = new Job(maxStart(start, r.rawStart()), minEnd(end, r.rawEnd()), r, 0, null);
                futures.add(pool.submit(() -> runJob(run, job)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    run.failed.set(true);
                    pool.shutdownNow();
                    if (e.getCause() instanceof ImportException ie) {
                        throw ie;
                    }
                    throw new ImportException(ErrorCode.INTERNAL, "ingest of " + range(start, end) + " failed: "
                            + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    run.failed.set(true);
                    throw new ImportException(ErrorCode.CANCELLED, "ingest of " + range(start, end) + " interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new IngestStats(run.kvs.get(), run.bytes.get(), run.regions.get(), run.retries.get());
    }

    /**
     * Regions over a raw range, all with a known leader and together covering it without a hole. While PD's answer
     * falls short (a region just split and not yet reported, or without a leader yet) it looks again, with back-off
     * from 10 ms to 2 s, up to {@code region-check-backoff-limit} times, as TiDB Lightning waits for regions to come
     * online.
     */
    private List<RegionInfo> scanWithLeaders(byte[] start, byte[] end) {
        byte[] from = encode(start);
        byte[] to = encodeEnd(end);
        long wait = 10;
        String why = null;
        for (int i = 0; i < options.regionCheckAttempts(); i++) {
            if (i > 0) {
                PdClient.sleep(wait);
                wait = Math.min(wait * 2, 2_000);
            }
            List<RegionInfo> regions = pd.scanRegions(from, to);
            why = regionsFallShort(regions, from, to);
            if (why == null) {
                return regions;
            }
            LOG.debug("regions of {} not yet online ({}); looking again", range(start, end), why);
        }
        throw new ImportException(ErrorCode.TARGET_WRITE, "PD's regions for keys " + range(start, end) + " were not"
                + " all online after " + options.regionCheckAttempts() + " lookups (last: " + why + "); check PD and"
                + " the TiKV stores, or raise tikv-importer.region-check-backoff-limit");
    }

    /** Why the regions do not cover {@code [from, to)} with known leaders, or null when they do. */
    static String regionsFallShort(List<RegionInfo> regions, byte[] from, byte[] to) {
        if (regions.isEmpty()) {
            return "no region";
        }
        byte[] reached = null;
        for (RegionInfo r : regions) {
            byte[] rs = r.region().getStartKey().toByteArray();
            if (reached == null ? Arrays.compareUnsigned(rs, from) > 0 : !Arrays.equals(rs, reached)) {
                return "a hole before " + r.describe();
            }
            if (!r.hasLeader()) {
                return r.describe() + " has no leader";
            }
            reached = r.region().getEndKey().toByteArray();
            if (reached.length == 0) {
                return null;
            }
        }
        return to.length > 0 && Arrays.compareUnsigned(reached, to) >= 0 ? null : "a hole at the end of the range";
    }

    private void runJob(Run run, Job first) {
        try {
            runJobQueue(run, first);
        } catch (RuntimeException e) {
            run.failed.set(true);
            throw e;
        }
    }

    private void runJobQueue(Run run, Job first) {
        Deque<Job> queue = new ArrayDeque<>();
        queue.add(first);
        while (!queue.isEmpty()) {
            if (run.failed.get() || Thread.currentThread().isInterrupted()) {
                return;
            }
            Job job = queue.pollFirst();
            if (job.region == null) {
                List<RegionInfo> regions = scanWithLeaders(job.start, job.end);
                for (int i = regions.size() - 1; i >= 0; i--) {
                    RegionInfo r = regions.get(i);
                    queue.addFirst(new Job(maxStart(job.start, r.rawStart()), minEnd(job.end, r.rawEnd()), r,
                            job.attempts, job.lastError));
                }
                continue;
            }
            Outcome o;
            try {
                o = writeAndIngest(run, job);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            switch (o.kind()) {
                case DONE -> {
                    run.kvs.addAndGet(o.kvs());
                    run.bytes.addAndGet(o.bytes());
                    if (o.kvs() > 0) {
                        run.regions.incrementAndGet();
                    }
                }
                case RETRY -> {
                    Job again = bump(run, job, o.error(), job.region);
                    backoff(again.attempts);
                    queue.addFirst(again);
                }
                case RESCAN -> {
                    // The region is moving (splitting, electing, merging): give PD a moment to learn of it.
                    Job again = bump(run, job, o.error(), null);
                    backoff(again.attempts);
                    queue.addFirst(again);
                }
                case REWRITE -> {
                    Job next = bump(run, job, o.error(), job.region);
                    List<Job> parts = cover(next, o.regions());
                    for (int i = parts.size() - 1; i >= 0; i--) {
                        queue.addFirst(parts.get(i));
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    /** The job again, one attempt later; fails for good past {@code maxRetries}. */
    private Job bump(Run run, Job job, String error, RegionInfo region) {
        int attempts = job.attempts + 1;
        if (attempts > options.maxRetries()) {
            run.failed.set(true);
            throw new ImportException(ErrorCode.TARGET_WRITE, "ingest of " + job.describe() + " failed after "
                    + attempts + " attempts; last error: " + error
                    + "; check the TiKV stores' health and logs, then retry the import");
        }
        run.retries.incrementAndGet();
        LOG.debug("retrying {} (attempt {}): {}", job.describe(), attempts, error);
        return new Job(job.start, job.end, region, attempts, error);
    }

    private void backoff(int attempts) {
        long wait = options.backoff().toMillis() << Math.min(attempts - 1, 20);
        PdClient.sleep(Math.min(Math.max(wait, 0), options.maxBackoff().toMillis()));
    }

    /**
     * Cuts the job's range along the given regions (those of an EpochNotMatch answer): one job per
     * overlapping region, and a look-up job for any part no given region covers.
     */
    static List<Job> cover(Job job, List<RegionInfo> regions) {
        List<RegionInfo> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparing(r -> r.region().getStartKey().toByteArray(), Arrays::compareUnsigned));
        List<Job> out = new ArrayList<>();
        byte[] cursor = job.start;
        boolean open = true;
        for (RegionInfo r : sorted) {
            if (!open) {
                break;
            }
            byte[] rs = r.rawStart();
            byte[] re = r.rawEnd();
            if (re.length > 0 && Arrays.compareUnsigned(re, cursor) <= 0) {
                continue; // wholly before what is left of the job
            }
            if (job.end.length > 0 && Arrays.compareUnsigned(rs, job.end) >= 0) {
                break; // wholly after the job
            }
            if (Arrays.compareUnsigned(rs, cursor) > 0) {
                out.add(new Job(cursor, rs, null, job.attempts, job.lastError));
                cursor = rs;
            }
            byte[] e = minEnd(job.end, re);
            out.add(new Job(cursor, e, r, job.attempts, job.lastError));
            if (e.length == 0 || (job.end.length > 0 && Arrays.compareUnsigned(e, job.end) >= 0)) {
                open = false;
            }
            cursor = e;
        }
        if (open) {
            out.add(new Job(cursor, job.end, null, job.attempts, job.lastError));
        }
        return out;
    }

    private Semaphore permits(long storeId) {
        return storePermits.computeIfAbsent(storeId, id -> new Semaphore(options.perStoreConcurrency()));
    }

    private Outcome writeAndIngest(Run run, Job job) throws InterruptedException {
        RegionInfo region = job.region;
        byte[] upper = job.end.length == 0 ? null : job.end;
        byte[] last = run.engine.lastKey(job.start, upper);
        if (last == null) {
            return Outcome.done(0, 0);
        }
        List<Long> storeIds = region.region().getPeersList().stream().map(Metapb.Peer::getStoreId).distinct()
                .sorted().toList();
        List<Semaphore> held = new ArrayList<>();
        try {
            for (long id : storeIds) {
                Semaphore s = permits(id);
                s.acquire();
                held.add(s);
            }
            return writeAndIngestHeld(run, job, last);
        } finally {
            for (Semaphore s : held) {
                s.release();
            }
        }
    }

    private Outcome writeAndIngestHeld(Run run, Job job, byte[] last) throws InterruptedException {
        RegionInfo region = job.region;
        byte[] upper = job.end.length == 0 ? null : job.end;
        List<Metapb.Peer> peers = region.region().getPeersList();
        List<Metapb.Store> stores = new ArrayList<>();
        for (Metapb.Peer p : peers) {
            stores.add(pd.store(p.getStoreId()));
        }
        byte[] uuid = new byte[16];
        RANDOM.nextBytes(uuid);
        long kvs = 0;
        long bytes = 0;
        List<PeerWriter> writers = new ArrayList<>();
        try (SortedPairs.Cursor it = run.engine.iterator(job.start, upper)) {
            if (!it.hasNext()) {
                return Outcome.done(0, 0);
            }
            KvPair firstPair = it.next();
            ImportSstpb.SSTMeta meta = ImportSstpb.SSTMeta.newBuilder()
                    .setUuid(ByteString.copyFrom(uuid))
                    .setRange(ImportSstpb.Range.newBuilder()
                            .setStart(ByteString.copyFrom(encode(firstPair.key())))
                            .setEnd(ByteString.copyFrom(encode(last))))
                    .setRegionId(region.id())
                    .setRegionEpoch(region.region().getRegionEpoch())
                    .setApiVersion(keyspace.apiVersion())
                    .build();
            byte[] metaRequest = ImportSstpb.WriteRequest.newBuilder().setMeta(meta).build().toByteArray();
            for (Metapb.Store s : stores) {
                WriteLimiter limit = options.storeWriteBytesPerSecond() <= 0 ? null
                        : storeLimits.computeIfAbsent(s.getId(),
                                id -> new WriteLimiter(options.storeWriteBytesPerSecond()));
                writers.add(new PeerWriter(channels.get(s.getAddress()), options.writeTimeout().toMillis(), limit,
                        options.compressWrites()));
            }
            boolean open = sendAll(writers, metaRequest);
            // Each batch is serialized once, straight from the engine, and the same bytes go to every peer.
            WriteBatchEncoder batch = new WriteBatchEncoder(run.commitTs, options.writeBatchBytes() + (16 << 10));
            byte[] key = firstPair.key();
            byte[] value = firstPair.value();
            int keyLength = key.length;
            int valueLength = value.length;
            while (open) {
                if (run.delete) {
                    batch.addDelete(key, keyLength);
                } else {
                    batch.add(key, keyLength, value, valueLength);
                }
                kvs++;
                bytes += keyLength + valueLength;
                if (batch.payloadBytes() >= options.writeBatchBytes()) {
                    open = sendAll(writers, batch.finish());
                }
                if (!it.hasNext()) {
                    break;
                }
                if (key == firstPair.key()) {
                    key = new byte[Math.max(256, keyLength)];
                    value = new byte[Math.max(4096, valueLength)];
                }
                keyLength = it.peekKey(key);
                if (keyLength > key.length) {
                    key = new byte[keyLength * 2];
                    it.peekKey(key);
                }
                valueLength = it.peekValue(value);
                if (valueLength > value.length) {
                    value = new byte[valueLength * 2];
                    it.peekValue(value);
                }
                it.skip();
            }
            if (open && batch.pairs() > 0) {
                sendAll(writers, batch.finish());
            }
        } catch (StatusRuntimeException e) {
            cancelAll(writers, "write failed");
            return writeFailure(job, null, e);
        } catch (RuntimeException | InterruptedException e) {
            cancelAll(writers, "write aborted");
            throw e;
        }
        // Collect every peer's answer; the leader's metas are what it ingests.
        List<ImportSstpb.SSTMeta> leaderMetas = null;
        Outcome failure = null;
        try {
            for (int i = 0; i < writers.size(); i++) {
                Metapb.Store store = stores.get(i);
                ImportSstpb.WriteResponse r;
                try {
                    r = writers.get(i).finish();
                } catch (StatusRuntimeException e) {
                    if (failure == null) {
                        failure = writeFailure(job, store, e);
                    }
                    continue;
                }
                if (r.hasError() && !r.getError().getMessage().isEmpty()) {
                    String msg = r.getError().getMessage();
                    if (isDiskFull(msg)) {
                        throw diskFull(store, region, job, msg);
                    }
                    String text = "Write to store " + store.getId() + " (" + store.getAddress() + ") for "
                            + region.describe() + ": " + msg;
                    if (failure == null) {
                        failure = normalized(msg).contains("requesttoonew") ? Outcome.retry(text) : Outcome.rescan(text);
                    }
                    continue;
                }
                if (peers.get(i).getStoreId() == region.leader().getStoreId()) {
                    leaderMetas = r.getMetasList();
                }
            }
        } finally {
            cancelAll(writers, "another peer's write failed");
        }
        if (failure != null) {
            return failure;
        }
        if (leaderMetas == null || leaderMetas.isEmpty()) {
            return Outcome.rescan("the leader of " + region.describe() + " (store " + region.leader().getStoreId()
                    + ") is not among its peers or returned no SST metas");
        }
        return ingestOnLeader(job, leaderMetas, kvs, bytes, run);
    }

    private Outcome writeFailure(Job job, Metapb.Store store, StatusRuntimeException e) {
        String where = store == null ? "" : " to store " + store.getId() + " (" + store.getAddress() + ")";
        if (store != null) {
            forgetStoreOnUnavailable(store, e);
        }
        String text = "Write" + where + " for " + job.region.describe() + ": " + e.getStatus();
        String description = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
        if (isDiskFull(description)) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "TiKV store"
                    + (store == null ? "" : " " + store.getId() + " (" + store.getAddress() + ")")
                    + " is out of disk space while writing " + job.describe() + " (" + description
                    + "); free disk space on the TiKV stores or add capacity, then retry the import", e);
        }
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                || normalized(description).contains("requesttoonew")) {
            return Outcome.retry(text);
        }
        return Outcome.rescan(text);
    }

    private static boolean sendAll(List<PeerWriter> writers, byte[] r) throws InterruptedException {
        boolean all = true;
        for (PeerWriter w : writers) {
            all &= w.send(r);
        }
        return all;
    }

    private static void cancelAll(List<PeerWriter> writers, String why) {
        for (PeerWriter w : writers) {
            w.cancel(why);
        }
    }

    private Outcome ingestOnLeader(Job job, List<ImportSstpb.SSTMeta> metas, long kvs, long bytes, Run run) {
        RegionInfo region = job.region;
        Metapb.Store store = pd.store(region.leader().getStoreId());
        ImportSstpb.MultiIngestRequest req = ImportSstpb.MultiIngestRequest.newBuilder().setContext(context(region))
                .addAllSsts(metas).build();
        ImportSstpb.IngestResponse r;
        try {
            r = ImportSSTGrpc.newBlockingStub(channels.get(store.getAddress()))
                    // Ingesting a large SST on a busy store can outlast a lookup's deadline.
                    .withDeadlineAfter(options.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .multiIngest(req);
        } catch (StatusRuntimeException e) {
            forgetStoreOnUnavailable(store, e);
            String text = "MultiIngest on store " + store.getId() + " (" + store.getAddress() + ") for "
                    + region.describe() + ": " + e.getStatus();
            Status.Code code = e.getStatus().getCode();
            return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                    ? Outcome.retry(text) : Outcome.rescan(text);
        }
        if (!r.hasError()) {
            return Outcome.done(kvs, bytes);
        }
        Errorpb.Error e = r.getError();
        failOnDiskFull(e, region, store, "ingesting " + job.describe() + " into");
        String text = "MultiIngest on store " + store.getId() + " (" + store.getAddress() + ") for "
                + region.describe() + ": " + describe(e);
        if (e.hasNotLeader()) {
            Metapb.Peer hint = e.getNotLeader().getLeader();
            if (hint.getStoreId() != 0 && region.region().getPeersList().stream()
                    .anyMatch(p -> p.getStoreId() == hint.getStoreId())) {
                return Outcome.rewrite(List.of(region.withLeader(hint)), text);
            }
            return Outcome.rescan(text);
        }
        if (e.hasEpochNotMatch()) {
            List<RegionInfo> current = new ArrayList<>();
            for (Metapb.Region c : e.getEpochNotMatch().getCurrentRegionsList()) {
                RegionInfo ri = new RegionInfo(c, peerOnStore(c, region.leader().getStoreId()));
                if (overlaps(ri, job)) {
                    current.add(ri);
                }
            }
            return current.isEmpty() ? Outcome.rescan(text) : Outcome.rewrite(current, text);
        }
        if (e.hasServerIsBusy()) {
            return Outcome.retry(text);
        }
        if (e.hasStaleCommand()) {
            return Outcome.rewrite(List.of(region), text);
        }
        // NotLeader without hint, RegionNotFound, ReadIndexNotReady, "proposal dropped" and anything else:
        // look the region up again.
        return Outcome.rescan(text);
    }

    private static boolean overlaps(RegionInfo r, Job job) {
        byte[] rs = r.rawStart();
        byte[] re = r.rawEnd();
        boolean startsBeforeJobEnd = job.end.length == 0 || Arrays.compareUnsigned(rs, job.end) < 0;
        boolean endsAfterJobStart = re.length == 0 || Arrays.compareUnsigned(re, job.start) > 0;
        return startsBeforeJobEnd && endsAfterJobStart;
    }

    private Kvrpcpb.Context context(RegionInfo region) {
        return Kvrpcpb.Context.newBuilder().setRegionId(region.id())
                .setRegionEpoch(region.region().getRegionEpoch()).setPeer(region.leader())
                .setApiVersion(keyspace.apiVersion()).build();
    }

    private void forgetStoreOnUnavailable(Metapb.Store store, StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
            channels.forget(store.getAddress());
            pd.forgetStore(store.getId());
        }
    }

    private static String normalized(String msg) {
        return msg.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "");
    }

    private static boolean isDiskFull(String msg) {
        String n = normalized(msg);
        return n.contains("diskfull") || n.contains("diskspacenotenough") || n.contains("nospaceleft");
    }

    private void failOnDiskFull(Errorpb.Error e, RegionInfo region, Metapb.Store store, String doing) {
        if (e.hasDiskFull() || isDiskFull(e.getMessage())) {
            String reason = e.hasDiskFull() ? "stores " + e.getDiskFull().getStoreIdList() + " "
                    + e.getDiskFull().getReason() : e.getMessage();
            throw new ImportException(ErrorCode.TARGET_WRITE, "TiKV store " + store.getId() + " (" + store.getAddress()
                    + ") is out of disk space while " + doing + " " + region.describe() + " (" + reason
                    + "); free disk space on the TiKV stores or add capacity, then retry the import");
        }
    }

    private ImportException diskFull(Metapb.Store store, RegionInfo region, Job job, String msg) {
        return new ImportException(ErrorCode.TARGET_WRITE, "TiKV store " + store.getId() + " (" + store.getAddress()
                + ") is out of disk space while writing " + job.describe() + " (" + msg
                + "); free disk space on the TiKV stores or add capacity, then retry the import");
    }

    static String describe(Errorpb.Error e) {
        String kind = e.hasNotLeader() ? "NotLeader" : e.hasEpochNotMatch() ? "EpochNotMatch"
                : e.hasRegionNotFound() ? "RegionNotFound" : e.hasServerIsBusy() ? "ServerIsBusy"
                : e.hasStaleCommand() ? "StaleCommand" : e.hasReadIndexNotReady() ? "ReadIndexNotReady"
                : e.hasDiskFull() ? "DiskFull" : e.hasKeyNotInRegion() ? "KeyNotInRegion"
                : e.hasStoreNotMatch() ? "StoreNotMatch" : "error";
        return e.getMessage().isEmpty() ? kind : kind + ": " + e.getMessage();
    }

    // ---------------------------------------------------------------- checksum

    @Override
    public KvChecksum checksum(List<KeyRange> ranges, long snapshotTs) {
        return checksum(ranges, snapshotTs, options.rangeConcurrency());
    }

    @Override
    public KvChecksum checksum(List<KeyRange> ranges, long snapshotTs, int concurrency) {
        ensureOpen();
        List<Job> jobs = new ArrayList<>();
        for (KeyRange tidbRange : ranges) {
            KeyRange range = keyspace.encodeRange(tidbRange);
            byte[] start = range.start();
            byte[] end = range.end();
            if (end.length == 0 || Arrays.compareUnsigned(start, end) >= 0) {
                continue;
            }
            for (RegionInfo r : scanWithLeaders(start, end)) {
                jobs.add(new Job(maxStart(start, r.rawStart()), minEnd(end, r.rawEnd()), r, 0, null));
            }
        }
        KvChecksum total = new KvChecksum();
        if (jobs.isEmpty()) {
            return total;
        }
        ExecutorService pool = workers("tikv-checksum-", Math.min(Math.max(1, concurrency), jobs.size()));
        try {
            List<Future<KvChecksum>> parts = new ArrayList<>();
            for (Job job : jobs) {
                parts.add(pool.submit(() -> checksumJob(job, snapshotTs)));
            }
            for (Future<KvChecksum> f : parts) {
                try {
                    total.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof ImportException ie) {
                        throw ie;
                    }
                    throw new ImportException(ErrorCode.INTERNAL, "checksum failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ImportException(ErrorCode.CANCELLED, "checksum interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return total;
    }

    /** The checksum of one region's part of a range, looking the range up again after region errors (bounded). */
    private KvChecksum checksumJob(Job first, long snapshotTs) {
        KvChecksum sum = new KvChecksum();
        Deque<Job> queue = new ArrayDeque<>();
        queue.add(first);
        while (!queue.isEmpty()) {
            Job job = queue.pollFirst();
            if (job.region == null) {
                List<RegionInfo> regions = scanWithLeaders(job.start, job.end);
                for (int i = regions.size() - 1; i >= 0; i--) {
                    RegionInfo r = regions.get(i);
                    queue.addFirst(new Job(maxStart(job.start, r.rawStart()), minEnd(job.end, r.rawEnd()), r,
                            job.attempts, job.lastError));
                }
                continue;
            }
            String error = checksumRegion(job, snapshotTs, sum);
            if (error != null) {
                int attempts = job.attempts + 1;
                if (attempts > options.maxRetries()) {
                    throw new ImportException(ErrorCode.TARGET_WRITE, "checksum of " + job.describe()
                            + " failed after " + attempts + " attempts; last error: " + error
                            + "; check the TiKV stores, then run ADMIN CHECKSUM TABLE by hand");
                }
                backoff(attempts);
                queue.addFirst(new Job(job.start, job.end, null, attempts, error));
            }
        }
        return sum;
    }

    /** One checksum coprocessor call; null when added to {@code total}, else the retryable error. */
    private String checksumRegion(Job job, long snapshotTs, KvChecksum total) {
        RegionInfo region = job.region;
        Metapb.Store store = pd.store(region.leader().getStoreId());
        int p = keyspace.prefixLength();
        boolean index = job.start.length >= p + 11 && job.start[p + 9] == '_' && job.start[p + 10] == 'i';
        ChecksumRequest cr = ChecksumRequest.newBuilder()
                .setScanOn(index ? ChecksumScanOn.Index : ChecksumScanOn.Table)
                .setAlgorithm(ChecksumAlgorithm.Crc64_Xor)
                .setStartTsFallback(snapshotTs)
                .build();
        Coprocessor.Request req = Coprocessor.Request.newBuilder().setContext(context(region))
                .setTp(CHECKSUM_REQUEST_TYPE).setData(cr.toByteString()).setStartTs(snapshotTs)
                .addRanges(Coprocessor.KeyRange.newBuilder().setStart(ByteString.copyFrom(job.start))
                        .setEnd(ByteString.copyFrom(job.end)))
                .build();
        Coprocessor.Response r;
        try {
            r = TikvGrpc.newBlockingStub(channels.get(store.getAddress()))
                    .withDeadlineAfter(options.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS).coprocessor(req);
        } catch (StatusRuntimeException e) {
            forgetStoreOnUnavailable(store, e);
            return "Coprocessor on store " + store.getId() + " for " + region.describe() + ": " + e.getStatus();
        }
        if (r.hasRegionError()) {
            failOnDiskFull(r.getRegionError(), region, store, "checksumming");
            return "Coprocessor on store " + store.getId() + " for " + region.describe() + ": "
                    + describe(r.getRegionError());
        }
        if (!r.getOtherError().isEmpty()) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "TiKV store " + store.getId() + " (" + store.getAddress()
                    + ") refused the checksum of " + job.describe() + ": " + r.getOtherError());
        }
        try {
            ChecksumResponse c = ChecksumResponse.parseFrom(r.getData());
            total.add(new KvChecksum(c.getChecksum(), c.getTotalKvs(), c.getTotalBytes()));
            return null;
        } catch (InvalidProtocolBufferException e) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "TiKV store " + store.getId()
                    + " answered the checksum of " + job.describe() + " with unreadable data: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- meta keys

    @Override
    public long rebaseRowIdAllocator(String table, long dbId, long tableId, long base, boolean unsigned) {
        ensureOpen();
        return allocatorTxn(table, dbId, tableId).rebase(base, unsigned);
    }

    /** The transaction on a table's row-ID allocator key, under the keyspace's prefix in API V2. */
    private AllocatorTxn allocatorTxn(String table, long dbId, long tableId) {
        return new AllocatorTxn(pd, channels, options, table,
                keyspace.encodeKey(MetaKeys.rowIdAllocator(dbId, tableId)), keyspace.apiVersion());
    }

    @Override
    public void shareScheduleOriginals(java.util.function.UnaryOperator<String> share) {
        globalPause.shareOriginals(share);
    }

    @Override
    public long allocateRowIds(String table, long dbId, long tableId, long atLeast, long count, boolean unsigned) {
        ensureOpen();
        return allocatorTxn(table, dbId, tableId).allocate(atLeast, count, unsigned);
    }

    // ---------------------------------------------------------------- lifecycle

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the TiKV cluster connection to " + options.pdAddress() + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            for (Lease l : List.copyOf(leases)) {
                try {
                    l.close();
                } catch (RuntimeException e) {
                    LOG.warn("releasing a TiKV cluster setting failed: {}", e.getMessage());
                }
            }
        } finally {
            scheduler.shutdownNow();
            pd.close();
            channels.close();
        }
    }

    /** For tests: the cluster ID PD reported. */
    long clusterId() {
        return pd.clusterId();
    }
}
