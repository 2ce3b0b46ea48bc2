package dev.lightning4j.testing.tikv;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.Metapb;
import org.tikv.shade.com.google.protobuf.ByteString;

/**
 * Everything the stand-in knows: stores, regions, ingested pairs, SSTs written but not ingested, import
 * modes, operators, label rules, call counters. One lock (this object) guards all of it; every operation is
 * short and never waits on the network while holding it.
 */
final class ClusterState {
    static final String STORE_VERSION = "8.5.0";
    static final int DEFAULT_REPLICAS = 3;
    /** TiKV stores values up to this length inline in the write CF; longer ones go to the default CF. */
    static final int SHORT_VALUE_MAX_LEN = 255;

    final long clusterId;
    /** The storage API version and, in API V2, the one keyspace. */
    final ApiMode api;
    final Duration importModeTimeout;
    /** PD's max-replicas: how many peers a region has (at most the number of TiKV stores). */
    final int replicas;
    final Faults faults = new Faults();
    final PdSchedule schedule = new PdSchedule();
    /** Percolator locks and versions of the keys written by transactions (KvPrewrite / KvCommit). */
    final TxnStore txn = new TxnStore(this);

    private long nextId = 100;
    private final List<StoreInfo> stores = new ArrayList<>();
    private final TreeMap<byte[], RegionState> regionsByStart = new TreeMap<>(TikvKeys.ORDER);
    private final Map<Long, RegionState> regionsById = new HashMap<>();
    /** Region ID -> {ID, version at the split} of the regions split off it, for an EpochNotMatch's siblings. */
    private final Map<Long, List<long[]>> splitOff = new HashMap<>();
    private final TreeMap<byte[], StoredPair> data = new TreeMap<>(TikvKeys.ORDER);
    private final Map<Long, Operator> operators = new HashMap<>();
    private final List<String> modeChanges = new ArrayList<>();
    private final Map<String, LabelRule> labelRules = new LinkedHashMap<>();
    private final Map<Rpc, AtomicLong> counters = new EnumMap<>(Rpc.class);
    private final Map<String, Long> serviceSafePoints = new HashMap<>();
    private long gcSafePoint;
    private long tsoPhysical;
    private long tsoLogical;
    private int scatterSeq;
    private long writesInNormalMode;

    record StoredPair(byte[] value, long commitTs) {
    }

    /** A store: ID, address once its server listens, pending SSTs and import mode. */
    static final class StoreInfo {
        final long id;
        final boolean tiflash;
        String address = "";
        volatile boolean down;
        final Map<ByteString, PendingSst> pending = new HashMap<>();
        String mode = "Normal";
        Instant importUntil;

        StoreInfo(long id, boolean tiflash) {
            this.id = id;
            this.tiflash = tiflash;
        }
    }

    /** What one Write stream left on a store, until it is ingested. */
    record PendingSst(ByteString uuid, long regionId, Metapb.RegionEpoch epoch, byte[] rangeStart, byte[] rangeEnd,
                      long commitTs, List<byte[][]> pairs, List<String> cfs) {
        PendingSst emptied() {
            return new PendingSst(uuid, regionId, epoch, rangeStart, rangeEnd, commitTs, List.of(), cfs);
        }
    }

    static final class Operator {
        int runningPolls;

        Operator(int runningPolls) {
            this.runningPolls = runningPolls;
        }
    }

    ClusterState(int tikvStores, int replicas, boolean tiflash, Duration importModeTimeout, long clusterId,
            ApiMode api) {
        this.api = api;
        if (tikvStores < 1) {
            throw new IllegalArgumentException("at least one TiKV store is needed, got " + tikvStores);
        }
        if (replicas < 1) {
            throw new IllegalArgumentException("at least one replica is needed, got " + replicas);
        }
        this.clusterId = clusterId;
        this.replicas = Math.min(replicas, tikvStores);
        this.importModeTimeout = importModeTimeout;
        for (int i = 1; i <= tikvStores; i++) {
            stores.add(new StoreInfo(i, false));
        }
        if (tiflash) {
            stores.add(new StoreInfo(tikvStores + 1, true));
        }
        for (Rpc r : Rpc.values()) {
            counters.put(r, new AtomicLong());
        }
        RegionState first = new RegionState(nextId++, new byte[0], new byte[0], 1, 1);
        for (int i = 0; i < this.replicas; i++) {
            first.peers.add(new long[] {nextId++, stores.get(i).id});
        }
        first.leaderStoreId = first.peers.get(0)[1];
        regionsByStart.put(first.start, first);
        regionsById.put(first.id, first);
    }

    // ---- counters -------------------------------------------------------------------------------------

    void count(Rpc rpc) {
        counters.get(rpc).incrementAndGet();
    }

    long requests(Rpc rpc) {
        return counters.get(rpc).get();
    }

    // ---- stores ---------------------------------------------------------------------------------------

    synchronized List<StoreInfo> storesSnapshot() {
        return List.copyOf(stores);
    }

    synchronized StoreInfo store(long id) {
        for (StoreInfo s : stores) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }

    synchronized void setAddress(long storeId, String address) {
        store(storeId).address = address;
    }

    synchronized Metapb.Store storeMeta(StoreInfo s) {
        Metapb.Store.Builder b = Metapb.Store.newBuilder()
                .setId(s.id)
                .setAddress(s.address)
                .setState(Metapb.StoreState.Up)
                .setNodeState(Metapb.NodeState.Serving)
                .setVersion(s.tiflash ? "v" + STORE_VERSION : STORE_VERSION)
                .setStatusAddress(s.address)
                .setPeerAddress(s.address);
        if (s.tiflash) {
            b.addLabels(Metapb.StoreLabel.newBuilder().setKey("engine").setValue("tiflash"));
        }
        return b.build();
    }

    synchronized void switchMode(long storeId, String mode) {
        StoreInfo s = store(storeId);
        s.mode = mode;
        s.importUntil = "Import".equals(mode) ? Instant.now().plus(importModeTimeout) : null;
        modeChanges.add("store " + storeId + ": " + mode);
    }

    synchronized String storeMode(long storeId) {
        StoreInfo s = store(storeId);
        if (s == null) {
            throw new IllegalArgumentException("no store " + storeId);
        }
        if ("Import".equals(s.mode) && s.importUntil != null && !Instant.now().isBefore(s.importUntil)) {
            s.mode = "Normal";
            s.importUntil = null;
            modeChanges.add("store " + storeId + ": Normal (import mode timed out)");
        }
        return s.mode;
    }

    /** Notes a Write stream's meta arriving at a store; counts those arriving outside import mode. */
    synchronized void noteWrite(long storeId) {
        if (!"Import".equals(storeMode(storeId))) {
            writesInNormalMode++;
        }
    }

    synchronized long writesInNormalMode() {
        return writesInNormalMode;
    }

    synchronized List<String> modeChanges() {
        return List.copyOf(modeChanges);
    }

    // ---- regions --------------------------------------------------------------------------------------

    synchronized long allocId() {
        return nextId++;
    }

    synchronized List<Region> regions() {
        List<Region> out = new ArrayList<>();
        for (RegionState r : regionsByStart.values()) {
            out.add(r.toRecord());
        }
        return out;
    }

    synchronized RegionState regionById(long id) {
        return regionsById.get(id);
    }

    synchronized RegionState regionContaining(byte[] encodedKey) {
        return regionsByStart.floorEntry(encodedKey).getValue();
    }

    synchronized RegionState regionBefore(RegionState r) {
        Map.Entry<byte[], RegionState> e = regionsByStart.lowerEntry(r.start);
        return e == null ? null : e.getValue();
    }

    /** Regions overlapping {@code [start, end)} (empty end = unbounded), at most {@code limit} (0 = all). */
    synchronized List<RegionState> scan(byte[] start, byte[] end, int limit) {
        List<RegionState> out = new ArrayList<>();
        byte[] from = regionsByStart.floorKey(start);
        for (RegionState r : regionsByStart.tailMap(from, true).values()) {
            if (end.length > 0 && TikvKeys.compare(r.start, end) >= 0) {
                break;
            }
            out.add(r);
            if (limit > 0 && out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /**
     * The region and the regions split off it after {@code sentVersion} (TiKV attaches such siblings to an
     * EpochNotMatch, so that a client holding the old epoch learns the whole old range), in key order.
     */
    synchronized List<Metapb.Region> currentRegions(RegionState r, long sentVersion) {
        List<RegionState> all = new ArrayList<>();
        all.add(r);
        collect(r.id, sentVersion, all);
        all.sort((a, b) -> TikvKeys.compare(a.start, b.start));
        List<Metapb.Region> out = new ArrayList<>();
        for (RegionState s : all) {
            out.add(s.toMeta());
        }
        return out;
    }

    private void collect(long id, long sentVersion, List<RegionState> into) {
        for (long[] child : splitOff.getOrDefault(id, List.of())) {
            RegionState c = regionsById.get(child[0]);
            if (child[1] > sentVersion && c != null && !into.contains(c)) {
                into.add(c);
                collect(c.id, sentVersion, into);
            }
        }
    }

    /**
     * Splits {@code r} at the encoded {@code keys} (sorted, distinct, strictly inside the region) as TiKV does
     * with right-derive: the original region keeps the last part, the new ones get new IDs, every part's version
     * moves up by the number of new regions. Returns the parts from left to right.
     */
    synchronized List<RegionState> split(RegionState r, List<byte[]> keys) {
        Metapb.Region before = r.toMeta();
        Metapb.Peer leaderBefore = r.leaderPeer();
        List<RegionState> parts = new ArrayList<>();
        long newVersion = r.version + keys.size();
        byte[] start = r.start;
        regionsByStart.remove(r.start);
        for (byte[] k : keys) {
            RegionState n = new RegionState(nextId++, start, k, r.confVer, newVersion);
            for (long[] p : r.peers) {
                n.peers.add(new long[] {nextId++, p[1]});
            }
            n.leaderStoreId = r.leaderStoreId;
            parts.add(n);
            regionsByStart.put(n.start, n);
            regionsById.put(n.id, n);
            splitOff.computeIfAbsent(r.id, x -> new ArrayList<>()).add(new long[] {n.id, newVersion});
            start = k;
        }
        r.start = start;
        r.version = newVersion;
        regionsByStart.put(r.start, r);
        parts.add(r);
        for (RegionState p : parts) {
            p.staleMeta = before;
            p.staleLeader = leaderBefore;
        }
        dropStaleSsts();
        return parts;
    }

    /**
     * Checks split keys as TiKV does before splitting: non-empty, and once encoded and sorted, strictly inside
     * the region and distinct. Returns the error message, or null when they are fine.
     */
    static String checkSplitKeys(RegionState r, List<byte[]> sortedEncoded) {
        if (sortedEncoded.isEmpty()) {
            return "[region " + r.id + "] no split key is specified.";
        }
        byte[] prev = null;
        for (byte[] k : sortedEncoded) {
            if (!r.contains(k) || TikvKeys.compare(k, r.start) == 0) {
                return "invalid split request: key " + TikvKeys.hex(k) + " is not strictly inside region " + r.id
                        + " [" + TikvKeys.hex(r.start) + ", " + TikvKeys.hex(r.end) + ")";
            }
            if (prev != null && TikvKeys.compare(prev, k) == 0) {
                return "invalid split request: duplicated split key " + TikvKeys.hex(k) + " for region " + r.id;
            }
            prev = k;
        }
        return null;
    }

    /** Splits the region holding each encoded key at it, skipping keys that already are region starts. */
    synchronized void splitAtEncoded(List<byte[]> encodedKeys) {
        List<byte[]> keys = new ArrayList<>(encodedKeys);
        keys.sort(TikvKeys.ORDER);
        byte[] prev = null;
        for (byte[] k : keys) {
            if (prev != null && TikvKeys.compare(prev, k) == 0) {
                continue;
            }
            prev = k;
            RegionState r = regionContaining(k);
            if (TikvKeys.compare(r.start, k) != 0) {
                split(r, List.of(k));
            }
        }
    }

    /**
     * Splits {@code r} somewhere strictly inside it, near the raw {@code hint} when given, so that the epoch
     * really moves under a client. Returns false when the region cannot be split (it holds a single point).
     */
    synchronized boolean splitSomewhere(RegionState r, byte[] hintRaw) {
        List<byte[]> candidates = new ArrayList<>();
        if (hintRaw != null) {
            candidates.add(TikvKeys.encode(concat(hintRaw, new byte[] {0})));
            candidates.add(TikvKeys.encode(hintRaw));
        }
        try {
            byte[] startRaw = r.start.length == 0 ? new byte[0] : TikvKeys.decode(r.start);
            candidates.add(TikvKeys.encode(concat(startRaw, new byte[] {0})));
        } catch (IllegalArgumentException notEncoded) {
            candidates.add(concat(r.start, new byte[] {0})); // a raw-KV boundary: the next key in byte order
        }
        for (byte[] c : candidates) {
            if (r.contains(c) && TikvKeys.compare(c, r.start) != 0) {
                split(r, List.of(c));
                return true;
            }
        }
        return false;
    }

    synchronized void transferLeader(RegionState r, long storeId) {
        if (r.peerOn(storeId) == 0) {
            throw new IllegalArgumentException("region " + r.id + " has no peer on store " + storeId);
        }
        r.leaderStoreId = storeId;
    }

    /** Moves the leader to the next peer after the current leader; returns false with a single peer. */
    synchronized boolean moveLeader(RegionState r) {
        if (r.peers.size() < 2) {
            return false;
        }
        for (int i = 0; i < r.peers.size(); i++) {
            if (r.peers.get(i)[1] == r.leaderStoreId) {
                r.leaderStoreId = r.peers.get((i + 1) % r.peers.size())[1];
                return true;
            }
        }
        r.leaderStoreId = r.peers.get(0)[1];
        return true;
    }

    /**
     * Scatters a region as PD's scatter operator would: one peer moves to a store without one (or, when every
     * store holds a peer, is replaced by a new peer on the same store), the configuration version moves, the
     * leader moves, and a "scatter-region" operator is recorded that runs for one or two polls.
     */
    synchronized void scatter(RegionState r) {
        r.staleMeta = r.toMeta();
        r.staleLeader = r.leaderPeer();
        scatterSeq++;
        int victim = scatterSeq % r.peers.size();
        long[] old = r.peers.get(victim);
        long target = old[1];
        for (StoreInfo s : stores) {
            if (!s.tiflash && r.peerOn(s.id) == 0) {
                target = s.id;
                break;
            }
        }
        boolean wasLeader = old[1] == r.leaderStoreId;
        r.peers.set(victim, new long[] {nextId++, target});
        r.confVer += 2; // add the new peer, remove the old one
        if (wasLeader) {
            r.leaderStoreId = target;
        }
        moveLeader(r);
        operators.put(r.id, new Operator(1 + scatterSeq % 2));
        dropStaleSsts();
    }

    /** The operator's state: null when none, else "RUNNING" (counting this poll) or "SUCCESS". */
    synchronized String pollOperator(long regionId) {
        Operator op = operators.get(regionId);
        if (op == null) {
            return null;
        }
        if (op.runningPolls > 0) {
            op.runningPolls--;
            return "RUNNING";
        }
        return "SUCCESS";
    }

    // ---- region checks shared by the TiKV services ------------------------------------------------------

    /**
     * Checks a request context as raftstore does for a request arriving at {@code storeId}, in its order: the
     * region has a peer here (RegionNotFound); for a raft command ({@code command}: ingest, coprocessor read) the
     * context's peer is on this store (StoreNotMatch); the peer here leads (NotLeader with the leader); for a
     * raft command the context names this peer ("mismatch peer id"); the epoch's version matches (EpochNotMatch;
     * conf version is not checked for data commands or splits). Returns the region error, or null.
     */
    synchronized Errorpb.Error checkContext(long storeId, org.tikv.kvproto.Kvrpcpb.Context ctx, boolean command) {
        RegionState r = regionsById.get(ctx.getRegionId());
        if (r == null || r.peerOn(storeId) == 0) {
            return regionNotFound(ctx.getRegionId());
        }
        if (command && ctx.getPeer().getStoreId() != storeId) {
            return Errorpb.Error.newBuilder()
                    .setMessage("store not match, request store id " + ctx.getPeer().getStoreId()
                            + " but actual store id " + storeId)
                    .setStoreNotMatch(Errorpb.StoreNotMatch.newBuilder()
                            .setRequestStoreId(ctx.getPeer().getStoreId()).setActualStoreId(storeId))
                    .build();
        }
        if (r.leaderStoreId != storeId) {
            return notLeader(r);
        }
        if (command && ctx.getPeer().getId() != r.peerOn(storeId)) {
            return Errorpb.Error.newBuilder()
                    .setMessage("mismatch peer id " + ctx.getPeer().getId() + " != " + r.peerOn(storeId)
                            + " (region " + r.id + " on store " + storeId + ")")
                    .build();
        }
        Metapb.RegionEpoch sent = ctx.getRegionEpoch();
        if (sent.getVersion() != r.version) {
            return epochNotMatch(r, sent.getVersion(), "current epoch of region " + r.id + " is "
                    + RegionState.epochText(r.epoch()) + ", but you sent " + RegionState.epochText(sent));
        }
        return null;
    }

    static Errorpb.Error regionNotFound(long regionId) {
        return Errorpb.Error.newBuilder()
                .setMessage("region " + regionId + " not found")
                .setRegionNotFound(Errorpb.RegionNotFound.newBuilder().setRegionId(regionId))
                .build();
    }

    synchronized Errorpb.Error notLeader(RegionState r) {
        Metapb.Peer leader = r.leaderPeer();
        return Errorpb.Error.newBuilder()
                .setMessage("peer is not leader for region " + r.id + ", leader may Some(id: " + leader.getId()
                        + " store_id: " + leader.getStoreId() + ")")
                .setNotLeader(Errorpb.NotLeader.newBuilder().setRegionId(r.id).setLeader(leader))
                .build();
    }

    synchronized Errorpb.Error epochNotMatch(RegionState r, long sentVersion, String message) {
        return Errorpb.Error.newBuilder()
                .setMessage(message)
                .setEpochNotMatch(Errorpb.EpochNotMatch.newBuilder().addAllCurrentRegions(currentRegions(r, sentVersion)))
                .build();
    }

    static Errorpb.Error keyNotInRegion(byte[] key, RegionState r) {
        return Errorpb.Error.newBuilder()
                .setMessage("key " + TikvKeys.hex(key) + " is not in region key range [" + TikvKeys.hex(r.start)
                        + ", " + TikvKeys.hex(r.end) + ") for region " + r.id)
                .setKeyNotInRegion(Errorpb.KeyNotInRegion.newBuilder()
                        .setKey(ByteString.copyFrom(key))
                        .setRegionId(r.id)
                        .setStartKey(ByteString.copyFrom(r.start))
                        .setEndKey(ByteString.copyFrom(r.end)))
                .build();
    }

    /**
     * The region error an injected fault returns for a request on {@code regionId} at {@code storeId}; NOT_LEADER
     * really moves leadership and EPOCH_NOT_MATCH really splits the region first. {@code hintRaw} is a raw key of
     * the request, near which the split happens.
     */
    synchronized Errorpb.Error faultError(FaultKind kind, long regionId, long storeId, byte[] hintRaw,
                                          Metapb.RegionEpoch sent) {
        RegionState r = regionsById.get(regionId);
        switch (kind) {
            case NOT_LEADER -> {
                if (r == null) {
                    return regionNotFound(regionId);
                }
                if (r.leaderStoreId == storeId) {
                    moveLeader(r);
                }
                return notLeader(r);
            }
            case EPOCH_NOT_MATCH -> {
                if (r == null) {
                    return regionNotFound(regionId);
                }
                long before = r.version;
                splitSomewhere(r, hintRaw);
                return epochNotMatch(r, Math.min(before, sent.getVersion()), "current epoch of region " + r.id + " is "
                        + RegionState.epochText(r.epoch()) + ", but you sent " + RegionState.epochText(sent));
            }
            case REGION_NOT_FOUND -> {
                return regionNotFound(regionId);
            }
            case SERVER_IS_BUSY -> {
                return Errorpb.Error.newBuilder()
                        .setMessage("too many sst files are ingesting")
                        .setServerIsBusy(Errorpb.ServerIsBusy.newBuilder().setReason("too many sst files are ingesting"))
                        .build();
            }
            case STALE_COMMAND -> {
                return Errorpb.Error.newBuilder()
                        .setMessage("stale command")
                        .setStaleCommand(Errorpb.StaleCommand.getDefaultInstance())
                        .build();
            }
            case READ_INDEX_NOT_READY -> {
                return Errorpb.Error.newBuilder()
                        .setMessage("read index not ready")
                        .setReadIndexNotReady(Errorpb.ReadIndexNotReady.newBuilder()
                                .setRegionId(regionId)
                                .setReason("read index not ready"))
                        .build();
            }
            case PROPOSAL_DROPPED -> {
                return Errorpb.Error.newBuilder().setMessage("raft: proposal dropped").build();
            }
            case DISK_FULL -> {
                return Errorpb.Error.newBuilder()
                        .setMessage("disk full")
                        .setDiskFull(Errorpb.DiskFull.newBuilder().addStoreId(storeId).setReason("disk full"))
                        .build();
            }
            default -> throw new IllegalStateException(kind + " is not a region error");
        }
    }

    // ---- SSTs and ingest ------------------------------------------------------------------------------

    synchronized boolean hasPending(long storeId, ByteString uuid) {
        return store(storeId).pending.containsKey(uuid);
    }

    synchronized void addPending(long storeId, PendingSst sst) {
        store(storeId).pending.put(sst.uuid(), isStale(sst) ? sst.emptied() : sst);
    }

    private boolean isStale(PendingSst sst) {
        RegionState r = regionsById.get(sst.regionId());
        return r == null || r.confVer != sst.epoch().getConfVer() || r.version != sst.epoch().getVersion();
    }

    /**
     * Drops the pairs of SSTs whose region epoch has moved on, as TiKV's SST cleanup deletes such files: they can
     * never be ingested (ingest wants the SST's epoch to equal the region's). What stays is the SST's identity, so
     * an ingest naming it still fails on the epoch, as it would before the cleanup ran; memory stays bounded by
     * what can still be ingested.
     */
    private void dropStaleSsts() {
        for (StoreInfo s : stores) {
            s.pending.replaceAll((uuid, sst) -> !sst.pairs().isEmpty() && isStale(sst) ? sst.emptied() : sst);
        }
    }

    synchronized PendingSst pending(long storeId, ByteString uuid) {
        return store(storeId).pending.get(uuid);
    }

    /** SSTs written and not ingested that can still be ingested (their region epoch has not moved). */
    synchronized int pendingCount() {
        int n = 0;
        for (StoreInfo s : stores) {
            for (PendingSst sst : s.pending.values()) {
                if (!isStale(sst)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Makes an SST's pairs visible and drops its files from every store. */
    synchronized void apply(PendingSst sst) {
        for (byte[][] p : sst.pairs()) {
            if (p[1] == null) {
                data.remove(p[0]);
            } else {
                data.put(p[0], new StoredPair(p[1], sst.commitTs()));
            }
        }
        for (StoreInfo s : stores) {
            s.pending.remove(sst.uuid());
        }
    }

    // ---- data -----------------------------------------------------------------------------------------

    synchronized NavigableMap<byte[], byte[]> stored() {
        TreeMap<byte[], byte[]> out = new TreeMap<>(TikvKeys.ORDER);
        for (Map.Entry<byte[], StoredPair> e : data.entrySet()) {
            out.put(e.getKey().clone(), e.getValue().value().clone());
        }
        return Collections.unmodifiableNavigableMap(out);
    }

    /** The ingested pair at a key, or null. */
    synchronized StoredPair storedPair(byte[] rawKey) {
        return data.get(rawKey);
    }

    synchronized long commitTs(byte[] rawKey) {
        StoredPair p = data.get(rawKey);
        if (p == null) {
            throw new IllegalArgumentException("no pair stored at key " + TikvKeys.hex(rawKey));
        }
        return p.commitTs();
    }

    /** The checksum over stored pairs in raw {@code [start, end)} (empty end = unbounded) committed at or before readTs. */
    synchronized Checksum checksum(byte[] start, byte[] end, long readTs) {
        if (end.length > 0 && TikvKeys.compare(start, end) > 0) {
            throw new IllegalArgumentException("checksum range start " + TikvKeys.hex(start) + " is after its end "
                    + TikvKeys.hex(end));
        }
        Checksum c = Checksum.EMPTY;
        NavigableMap<byte[], StoredPair> view = end.length == 0 ? data.tailMap(start, true)
                : data.subMap(start, true, end, false);
        for (Map.Entry<byte[], StoredPair> e : view.entrySet()) {
            if (e.getValue().commitTs() <= readTs) {
                c = c.plus(e.getKey(), e.getValue().value());
            }
        }
        return c;
    }

    // ---- PD timestamps and GC -------------------------------------------------------------------------

    /** Allocates {@code count} timestamps; returns {physical, logical} of the last one. */
    synchronized long[] tso(int count) {
        long now = System.currentTimeMillis();
        if (now > tsoPhysical) {
            tsoPhysical = now;
            tsoLogical = 0;
        }
        if (tsoLogical + count >= (1L << 18)) {
            tsoPhysical++;
            tsoLogical = 0;
        }
        tsoLogical += count;
        return new long[] {tsoPhysical, tsoLogical};
    }

    /** One timestamp from the TSO, as {@code physical << 18 | logical}. */
    synchronized long nextTimestamp() {
        long[] t = tso(1);
        return (t[0] << 18) | t[1];
    }

    synchronized long gcSafePoint() {
        return gcSafePoint;
    }

    synchronized long updateGcSafePoint(long sp) {
        if (sp > gcSafePoint) {
            gcSafePoint = sp;
        }
        return gcSafePoint;
    }

    synchronized long updateServiceSafePoint(String service, long ttl, long sp) {
        if (ttl <= 0) {
            serviceSafePoints.remove(service);
        } else {
            serviceSafePoints.put(service, sp);
        }
        long min = Long.MAX_VALUE;
        for (long v : serviceSafePoints.values()) {
            min = Math.min(min, v);
        }
        return min == Long.MAX_VALUE ? gcSafePoint : min;
    }

    // ---- label rules ----------------------------------------------------------------------------------

    synchronized void putLabelRule(LabelRule rule) {
        labelRules.put(rule.id(), rule);
    }

    synchronized boolean deleteLabelRule(String id) {
        return labelRules.remove(id) != null;
    }

    synchronized List<LabelRule> labelRules() {
        Instant now = Instant.now();
        labelRules.values().removeIf(r -> r.expiresAt() != null && !now.isBefore(r.expiresAt()));
        return List.copyOf(labelRules.values());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
