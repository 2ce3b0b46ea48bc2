package dev.lightning4j.physical.ingest;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.physical.codec.MemComparable;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tikv.kvproto.Errorpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Metapb;
import org.tikv.kvproto.TikvGrpc;
import org.tikv.shade.com.google.protobuf.ByteString;
import org.tikv.shade.io.grpc.StatusRuntimeException;

/**
 * Moves one of TiDB's auto-ID allocators (a decimal value under a meta key, see {@link MetaKeys}) up to a base in
 * one optimistic percolator transaction, as TiDB's allocator {@code Rebase} does without allocating: read the
 * value at {@code start_ts}; when it is below the base, prewrite the base (the key is the primary and only
 * key), take {@code commit_ts} and commit. The value is never lowered.
 *
 * <p>Failures: region errors (NotLeader, EpochNotMatch, RegionNotFound, ...) and unreachable stores look the
 * region up again and retry; a lock of another transaction (TiDB allocating IDs) is waited out with back-off,
 * and once its TTL has run out it is resolved as TiDB resolves locks (the primary's status decides between
 * commit and rollback; for an async-commit transaction, the state of its secondaries does); a write conflict, or a
 * lock of this transaction that vanished before the commit, restarts the whole transaction. Every loop is bounded
 * by {@link TikvClusterOptions#maxRetries()}; a failure before the commit rolls the prewritten key back.
 */
final class AllocatorTxn {
    private static final Logger LOG = LoggerFactory.getLogger(AllocatorTxn.class);
    /** How long the lock lives if this client dies between prewrite and commit. */
    static final long LOCK_TTL_MS = 3_000;

    private final PdClient pd;
    private final Channels channels;
    private final TikvClusterOptions options;
    private final String table;
    private final byte[] key;
    /** The API version of the cluster's keys ({@code key} carries the keyspace prefix in V2). */
    private final Kvrpcpb.APIVersion apiVersion;
    private final ByteString keyBytes;
    /** The base being written, for messages. */
    private long target;

    AllocatorTxn(PdClient pd, Channels channels, TikvClusterOptions options, String table, byte[] key,
            Kvrpcpb.APIVersion apiVersion) {
        this.apiVersion = apiVersion;
        this.pd = pd;
        this.channels = channels;
        this.options = options;
        this.table = table;
        this.key = key.clone();
        this.keyBytes = ByteString.copyFrom(key);
    }

    /** A write conflict or a lost lock: the transaction starts again with a new start_ts. */
    private static final class Restart extends RuntimeException {
        Restart(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Rebases the allocator.
     *
     * @param base     the largest ID in use
     * @param unsigned whether the allocator counts unsigned (compares as uint64)
     * @return the allocator's value afterwards (the base, or the larger value it already had)
     */
    long rebase(long base, boolean unsigned) {
        return update(base, v -> (unsigned ? Long.compareUnsigned(v, base) >= 0 : v >= base) ? v : base);
    }

    /**
     * Reserves {@code count} IDs above both the allocator's value and {@code atLeast} in one transaction, as
     * TiDB's allocator {@code Alloc} does: IDs TiDB handed out before (also those cached by TiDB servers) stay
     * below the range, and IDs it hands out afterwards come above it.
     *
     * @param atLeast  the range starts above this
     * @param count    IDs reserved
     * @param unsigned whether the allocator counts unsigned (compares as uint64)
     * @return the base: the range is {@code (base, base + count]}
     */
    long allocate(long atLeast, long count, boolean unsigned) {
        if (count < 0) {
            throw new IllegalArgumentException("count " + count);
        }
        long after = update(atLeast, v -> {
            long from = (unsigned ? Long.compareUnsigned(v, atLeast) >= 0 : v >= atLeast) ? v : atLeast;
            try {
                return Math.addExact(from, count);
            } catch (ArithmeticException e) {
                throw failure("has no room for " + count + " more IDs above " + from, e);
            }
        });
        return after - count;
    }

    /** Writes {@code next(value)} unless it equals the value; returns what the allocator holds afterwards. */
    private long update(long forMessages, java.util.function.LongUnaryOperator next) {
        target = forMessages;
        String lastRestart = null;
        for (int attempt = 0; attempt <= options.maxRetries(); attempt++) {
            if (attempt > 0) {
                backoff(attempt);
            }
            long startTs = pd.timestamp();
            Long current = get(startTs);
            long value = current == null ? 0 : current;
            long base = next.applyAsLong(value);
            if (base == value) {
                LOG.info("table {}: _tidb_rowid allocator ({}) is {}, already at or above {}", table, hex(key), value,
                        forMessages);
                return value;
            }
            target = base;
            long commitTs;
            try {
                prewrite(startTs, Long.toString(base).getBytes(StandardCharsets.US_ASCII));
                commitTs = pd.timestamp();
                commit(startTs, commitTs);
            } catch (Restart r) {
                // A write conflict, or the lock lost before the commit: the whole transaction again.
                lastRestart = r.getMessage();
                LOG.warn("table {}: rebasing the _tidb_rowid allocator restarts: {}", table, r.getMessage());
                continue;
            } catch (RuntimeException e) {
                // Harmless if the commit did get through: TiKV refuses to roll back a committed transaction.
                rollbackQuietly(startTs);
                throw e;
            }
            LOG.info("table {}: _tidb_rowid allocator ({}) rebased from {} to {} (start_ts {}, commit_ts {})", table,
                    hex(key), value, base, startTs, commitTs);
            return base;
        }
        throw failure("kept meeting other writers after " + (options.maxRetries() + 1) + " attempts (last: "
                + lastRestart + ")", null);
    }

    // ------------------------------------------------------------------ the three steps

    private Long get(long startTs) {
        Kvrpcpb.GetResponse r = call("KvGet", (ctx, stub) -> stub.kvGet(Kvrpcpb.GetRequest.newBuilder()
                .setContext(ctx).setKey(keyBytes).setVersion(startTs).build()),
                Kvrpcpb.GetResponse::hasRegionError, Kvrpcpb.GetResponse::getRegionError,
                resp -> resp.hasError() ? List.of(resp.getError()) : List.of(), startTs);
        if (r.getNotFound()) {
            return null;
        }
        String text = r.getValue().toString(StandardCharsets.US_ASCII);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw failure("holds '" + abbreviate(text) + "', which is not a decimal integer (is it TiDB's allocator?)",
                    null);
        }
    }

    private void prewrite(long startTs, byte[] value) {
        call("KvPrewrite", (ctx, stub) -> stub.kvPrewrite(Kvrpcpb.PrewriteRequest.newBuilder()
                .setContext(ctx).setPrimaryLock(keyBytes).setStartVersion(startTs).setLockTtl(LOCK_TTL_MS)
                .setTxnSize(1)
                .addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(keyBytes)
                        .setValue(ByteString.copyFrom(value)))
                .build()),
                Kvrpcpb.PrewriteResponse::hasRegionError, Kvrpcpb.PrewriteResponse::getRegionError,
                Kvrpcpb.PrewriteResponse::getErrorsList, startTs);
    }

    private void commit(long startTs, long commitTs) {
        call("KvCommit", (ctx, stub) -> stub.kvCommit(Kvrpcpb.CommitRequest.newBuilder()
                .setContext(ctx).setStartVersion(startTs).addKeys(keyBytes).setCommitVersion(commitTs).build()),
                Kvrpcpb.CommitResponse::hasRegionError, Kvrpcpb.CommitResponse::getRegionError,
                resp -> resp.hasError() ? List.of(resp.getError()) : List.of(), startTs);
    }

    private void rollbackQuietly(long startTs) {
        try {
            call("KvBatchRollback", (ctx, stub) -> stub.kvBatchRollback(Kvrpcpb.BatchRollbackRequest.newBuilder()
                    .setContext(ctx).setStartVersion(startTs).addKeys(keyBytes).build()),
                    Kvrpcpb.BatchRollbackResponse::hasRegionError, Kvrpcpb.BatchRollbackResponse::getRegionError,
                    resp -> resp.hasError() ? List.of(resp.getError()) : List.of(), startTs);
        } catch (RuntimeException e) {
            LOG.warn("table {}: rolling back the lock on {} (start_ts {}) failed: {}; it expires after {} ms and is"
                    + " resolved by the next reader", table, hex(key), startTs, e.getMessage(), LOCK_TTL_MS);
        }
    }

    // ------------------------------------------------------------------ one request, with its retries

    private interface Send<R> {
        R send(Kvrpcpb.Context ctx, TikvGrpc.TikvBlockingStub stub);
    }

    /**
     * Sends a request to the leader of the key's region until it is answered without a region error and without
     * a lock; throws {@link Restart} for a write conflict or a lost lock, an ImportException for anything else.
     */
    private <R> R call(String what, Send<R> send, java.util.function.Predicate<R> hasRegionError,
                       Function<R, Errorpb.Error> regionError, Function<R, List<Kvrpcpb.KeyError>> keyErrors,
                       long startTs) {
        return call(key, what, send, hasRegionError, regionError, keyErrors, startTs);
    }

    /** {@link #call} on the region of {@code routeKey}. */
    private <R> R call(byte[] routeKey, String what, Send<R> send, java.util.function.Predicate<R> hasRegionError,
                       Function<R, Errorpb.Error> regionError, Function<R, List<Kvrpcpb.KeyError>> keyErrors,
                       long startTs) {
        byte[] encodedKey = MemComparable.encodeBytes(routeKey);
        RegionInfo region = null;
        String last = null;
        for (int attempt = 0; attempt <= options.maxRetries(); attempt++) {
            if (attempt > 0) {
                backoff(attempt);
            }
            if (region == null || !region.hasLeader()) {
                region = pd.getRegion(encodedKey);
                if (!region.hasLeader() || !region.contains(encodedKey)) {
                    last = "PD has no leader for the key's region yet";
                    region = null;
                    continue;
                }
            }
            Metapb.Store store = pd.store(region.leader().getStoreId());
            Kvrpcpb.Context ctx = Kvrpcpb.Context.newBuilder().setRegionId(region.id())
                    .setRegionEpoch(region.region().getRegionEpoch()).setPeer(region.leader())
                    .setApiVersion(apiVersion).build();
            R resp;
            try {
                resp = send.send(ctx, TikvGrpc.newBlockingStub(channels.get(store.getAddress()))
                        .withDeadlineAfter(options.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS));
            } catch (StatusRuntimeException e) {
                last = what + " on store " + store.getId() + " (" + store.getAddress() + "): " + e.getStatus();
                channels.forget(store.getAddress());
                pd.forgetStore(store.getId());
                region = null;
                continue;
            }
            if (hasRegionError.test(resp)) {
                Errorpb.Error e = regionError.apply(resp);
                last = what + " on " + region.describe() + ": " + TikvCluster.describe(e);
                if (e.hasNotLeader() && e.getNotLeader().hasLeader() && e.getNotLeader().getLeader().getStoreId() != 0) {
                    region = region.withLeader(e.getNotLeader().getLeader());
                } else {
                    region = null;
                }
                LOG.debug("table {}: {}; retrying", table, last);
                continue;
            }
            List<Kvrpcpb.KeyError> errors = keyErrors.apply(resp);
            if (errors.isEmpty()) {
                return resp;
            }
            Kvrpcpb.KeyError ke = errors.get(0);
            if (ke.hasLocked()) {
                Kvrpcpb.LockInfo lock = ke.getLocked();
                if (lock.getLockVersion() == startTs) {
                    // Our own lock (a prewrite retried after an answer was lost) is no obstacle.
                    if ("KvPrewrite".equals(what)) {
                        return resp;
                    }
                }
                last = what + ": the key is locked by another transaction (primary " + hex(lock.getPrimaryLock()
                        .toByteArray()) + ", start_ts " + lock.getLockVersion() + ", ttl " + lock.getLockTtl() + " ms)";
                if (expired(lock) && resolve(lock, startTs)) {
                    LOG.info("table {}: {} resolved: its TTL had run out", table, last);
                    continue;
                }
                LOG.info("table {}: {}; waiting for it", table, last);
                continue;
            }
            if (ke.hasConflict()) {
                throw new Restart(what + ": write conflict with the transaction of start_ts "
                        + ke.getConflict().getConflictTs() + " (committed at " + ke.getConflict().getConflictCommitTs()
                        + ")");
            }
            if (!ke.getRetryable().isEmpty()) {
                throw new Restart(what + ": " + ke.getRetryable());
            }
            if (ke.hasTxnNotFound()) {
                throw new Restart(what + ": the transaction's lock is gone (rolled back by another reader)");
            }
            throw failure(what + " was refused: " + describe(ke), null);
        }
        throw failure(what + " failed after " + (options.maxRetries() + 1) + " attempts; last error: " + last, null);
    }

    /** Whether the lock's TTL has run out by PD's clock (TiKV's rule: lock ts physical + ttl < now physical). */
    private boolean expired(Kvrpcpb.LockInfo lock) {
        return (lock.getLockVersion() >>> 18) + lock.getLockTtl() < (pd.timestamp() >>> 18);
    }

    /**
     * Settles an expired lock of another transaction as TiDB's lock resolver does: asks the transaction's primary
     * for its status (KvCheckTxnStatus, which rolls an expired primary back), then commits or rolls back the lock
     * on this key (KvResolveLock). Returns false when the transaction is still alive (its TTL was extended).
     */
    private boolean resolve(Kvrpcpb.LockInfo lock, long startTs) {
        byte[] primary = lock.getPrimaryLock().toByteArray();
        long lockTs = lock.getLockVersion();
        long now = pd.timestamp();
        Kvrpcpb.CheckTxnStatusResponse st = call(primary, "KvCheckTxnStatus", (ctx, stub) -> stub.kvCheckTxnStatus(
                Kvrpcpb.CheckTxnStatusRequest.newBuilder().setContext(ctx).setPrimaryKey(lock.getPrimaryLock())
                        .setLockTs(lockTs).setCallerStartTs(startTs).setCurrentTs(now).setRollbackIfNotExist(true)
                        .build()),
                Kvrpcpb.CheckTxnStatusResponse::hasRegionError, Kvrpcpb.CheckTxnStatusResponse::getRegionError,
                resp -> resp.hasError() ? List.of(resp.getError()) : List.of(), startTs);
        long commitTs;
        if (st.getLockTtl() > 0) {
            Kvrpcpb.LockInfo primaryLock = st.getLockInfo();
            if (!st.hasLockInfo() || !primaryLock.getUseAsyncCommit() || !expired(primaryLock)) {
                return false;
            }
            Long decided = decideAsyncCommit(primaryLock, startTs);
            if (decided == null) {
                return false;
            }
            commitTs = decided;
        } else {
            commitTs = st.getCommitVersion();
        }
        call("KvResolveLock", (ctx, stub) -> stub.kvResolveLock(Kvrpcpb.ResolveLockRequest.newBuilder()
                .setContext(ctx).setStartVersion(lockTs).setCommitVersion(commitTs).addKeys(keyBytes).build()),
                Kvrpcpb.ResolveLockResponse::hasRegionError, Kvrpcpb.ResolveLockResponse::getRegionError,
                resp -> resp.hasError() ? List.of(resp.getError()) : List.of(), startTs);
        LOG.info("table {}: the lock of transaction {} on {} was {}", table, lockTs, hex(key),
                commitTs > 0 ? "committed at " + commitTs : "rolled back");
        return true;
    }

    /**
     * Decides an async-commit transaction whose client is gone, as TiDB's resolver does: such a transaction is
     * committed once every key is prewritten, so each secondary the primary's lock lists is checked
     * (KvCheckSecondaryLocks). A committed key gives the commit_ts; a key neither locked nor committed (TiKV then
     * writes a rollback record, so the transaction can no longer commit) means rollback (0); with every key locked
     * the commit_ts is the largest min_commit_ts of all locks. Returns null when a secondary holds a lock that is
     * not async-commit: the transaction is left to its own TTL.
     */
    private Long decideAsyncCommit(Kvrpcpb.LockInfo primaryLock, long startTs) {
        long lockTs = primaryLock.getLockVersion();
        long commitTs = primaryLock.getMinCommitTs();
        for (ByteString secondary : primaryLock.getSecondariesList()) {
            Kvrpcpb.CheckSecondaryLocksResponse r = call(secondary.toByteArray(), "KvCheckSecondaryLocks",
                    (ctx, stub) -> stub.kvCheckSecondaryLocks(Kvrpcpb.CheckSecondaryLocksRequest.newBuilder()
                            .setContext(ctx).addKeys(secondary).setStartVersion(lockTs).build()),
                    Kvrpcpb.CheckSecondaryLocksResponse::hasRegionError,
                    Kvrpcpb.CheckSecondaryLocksResponse::getRegionError,
                    resp -> resp.hasError() ? List.of(resp.getError()) : List.of(), startTs);
            if (r.getCommitTs() != 0) {
                return r.getCommitTs();
            }
            if (r.getLocksCount() == 0) {
                return 0L;
            }
            Kvrpcpb.LockInfo l = r.getLocks(0);
            if (!l.getUseAsyncCommit()) {
                LOG.info("table {}: transaction {} has a lock that is not async-commit on {}; waiting for its TTL",
                        table, lockTs, hex(secondary.toByteArray()));
                return null;
            }
            commitTs = Math.max(commitTs, l.getMinCommitTs());
        }
        return commitTs;
    }

    private static String describe(Kvrpcpb.KeyError ke) {
        if (!ke.getAbort().isEmpty()) {
            return ke.getAbort();
        }
        if (ke.hasAlreadyExist()) {
            return "key already exists";
        }
        if (ke.hasCommitTsExpired()) {
            return "commit ts expired";
        }
        if (ke.hasCommitTsTooLarge()) {
            return "commit ts too large";
        }
        return ke.toString().replace('\n', ' ').strip();
    }

    private ImportException failure(String why, Throwable cause) {
        return new ImportException(ErrorCode.TARGET_WRITE, "rebasing the _tidb_rowid allocator of " + table
                + " to " + target + " (TiDB meta key " + hex(key) + ") failed: " + why + "; the rows are imported, but"
                + " TiDB may hand out row IDs up to " + target + " again and overwrite them: check TiKV's health and"
                + " retry the import, or give rows inserted later explicit _tidb_rowid values above " + target,
                null, -1, table, null, cause);
    }

    private void backoff(int attempt) {
        long wait = options.backoff().toMillis();
        for (int i = 1; i < attempt && wait < options.maxBackoff().toMillis(); i++) {
            wait *= 2;
        }
        PdClient.sleep(Math.min(wait, options.maxBackoff().toMillis()));
    }

    private static String hex(byte[] k) {
        return HexFormat.of().formatHex(k);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
