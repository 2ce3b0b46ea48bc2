package dev.lightning4j.testing.tikv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.shade.com.google.protobuf.ByteString;

/**
 * The transactional (percolator) side of the stand-in: locks per key and committed versions per key by commit
 * timestamp, as TiKV keeps them in its lock and write column families. Reads at a timestamp see the newest
 * commit at or before it (an ingested pair counts as a commit at its ingest commit_ts); a lock whose start_ts is
 * at or before the read timestamp blocks the read ({@code KeyError.locked}). Prewrite fails on another
 * transaction's lock ({@code locked}) and on a commit at or after its start_ts ({@code conflict}); commit needs
 * the lock of its start_ts (else {@code TxnLockNotFound}, retryable), and is idempotent once done; rollback drops
 * the lock and leaves a rollback record so a late prewrite of that transaction fails.
 *
 * <p>Async-commit locks ({@link #lockAbandonedAsyncCommit}) follow TiKV's rules: KvCheckTxnStatus answers with the
 * primary's lock instead of rolling it back, and KvCheckSecondaryLocks decides.
 *
 * <p>Locks a test places for "another transaction" ({@link #lockByOther}) settle by themselves once their hold
 * time has passed since a request first met them: they commit their value then (or roll back). Guarded by the {@link ClusterState} lock: every
 * method is called while holding it.
 */
final class TxnStore {
    private enum Kind { PUT, DELETE, ROLLBACK }

    private record Write(long startTs, long commitTs, Kind kind, byte[] value) {
    }

    /**
     * A lock; for another transaction's ({@code foreign}) the hold ({@code ttl}) starts when a request first meets
     * it ({@code armed}, released at {@code releaseAtNanos}).
     */
    private record Lock(byte[] primary, long startTs, long ttl, Kvrpcpb.Op op, byte[] value, long releaseAtNanos,
                        boolean foreign, boolean armed, boolean asyncCommit, List<byte[]> secondaries,
                        long minCommitTs) {
        Lock(byte[] primary, long startTs, long ttl, Kvrpcpb.Op op, byte[] value, long releaseAtNanos,
             boolean foreign, boolean armed) {
            this(primary, startTs, ttl, op, value, releaseAtNanos, foreign, armed, false, List.of(), 0);
        }

        Lock arm() {
            return foreign && !armed ? new Lock(primary, startTs, ttl, op, value, System.nanoTime() + ttl * 1_000_000L,
                    true, true) : this;
        }
    }

    private final ClusterState state;
    private final TreeMap<byte[], Lock> locks = new TreeMap<>(TikvKeys.ORDER);
    /** Key -> commit ts (for a rollback record: its start ts) -> write. */
    private final TreeMap<byte[], TreeMap<Long, Write>> writes = new TreeMap<>(TikvKeys.ORDER);

    TxnStore(ClusterState state) {
        this.state = state;
    }

    // ---- requests ---------------------------------------------------------------------------------------

    /** KvGet: the value at {@code ts}, or null when absent; or the error. */
    Object get(byte[] key, long ts) {
        settle();
        Lock lock = locks.get(key);
        if (lock != null && lock.startTs <= ts) {
            return lockedError(key, lock);
        }
        return visible(key, ts);
    }

    /** KvPrewrite: the key errors (empty on success, when every key is locked). */
    List<Kvrpcpb.KeyError> prewrite(List<Kvrpcpb.Mutation> mutations, byte[] primary, long startTs, long ttl) {
        settle();
        List<Kvrpcpb.KeyError> errors = new ArrayList<>();
        if (primary.length == 0 || startTs == 0) {
            errors.add(abort("invalid prewrite: primary_lock and start_version are required"));
            return errors;
        }
        for (Kvrpcpb.Mutation m : mutations) {
            byte[] key = m.getKey().toByteArray();
            if (m.getOp() != Kvrpcpb.Op.Put && m.getOp() != Kvrpcpb.Op.Del) {
                errors.add(abort("the stand-in prewrites Put and Del only, not " + m.getOp()));
                continue;
            }
            Lock lock = locks.get(key);
            if (lock != null) {
                if (lock.startTs != startTs) {
                    errors.add(lockedError(key, lock));
                }
                continue;
            }
            long newest = newestCommit(key);
            Write rolledBack = writesOf(key).get(startTs);
            if (newest >= startTs || rolledBack != null && rolledBack.kind == Kind.ROLLBACK) {
                errors.add(Kvrpcpb.KeyError.newBuilder().setConflict(Kvrpcpb.WriteConflict.newBuilder()
                        .setStartTs(startTs).setConflictTs(newestStart(key)).setConflictCommitTs(newest)
                        .setKey(m.getKey()).setPrimary(ByteString.copyFrom(primary))).build());
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        for (Kvrpcpb.Mutation m : mutations) {
            byte[] key = m.getKey().toByteArray();
            locks.putIfAbsent(key, new Lock(primary.clone(), startTs, ttl, m.getOp(),
                    m.getOp() == Kvrpcpb.Op.Put ? m.getValue().toByteArray() : null, 0, false, false));
        }
        return errors;
    }

    /** KvCommit: null on success, else the key error. */
    Kvrpcpb.KeyError commit(List<ByteString> keys, long startTs, long commitTs) {
        settle();
        if (commitTs <= startTs) {
            return abort("InvalidTxnTso { start_ts: " + startTs + ", commit_ts: " + commitTs + " }");
        }
        for (ByteString k : keys) {
            byte[] key = k.toByteArray();
            Lock lock = locks.get(key);
            if (lock != null && lock.startTs == startTs) {
                continue;
            }
            if (committedWith(key, startTs) == null) {
                return Kvrpcpb.KeyError.newBuilder().setRetryable("Txn(Mvcc(TxnLockNotFound { start_ts: " + startTs
                        + ", commit_ts: " + commitTs + ", key: " + TikvKeys.hex(key) + " }))").build();
            }
        }
        for (ByteString k : keys) {
            byte[] key = k.toByteArray();
            Lock lock = locks.get(key);
            if (lock != null && lock.startTs == startTs) {
                locks.remove(key);
                writesOf(key).put(commitTs, new Write(startTs, commitTs,
                        lock.op == Kvrpcpb.Op.Put ? Kind.PUT : Kind.DELETE, lock.value));
            }
        }
        return null;
    }

    /** KvBatchRollback: null on success, else the key error. */
    Kvrpcpb.KeyError rollback(List<ByteString> keys, long startTs) {
        settle();
        for (ByteString k : keys) {
            Write done = committedWith(k.toByteArray(), startTs);
            if (done != null) {
                return abort("Committed { commit_ts: " + done.commitTs + " }");
            }
        }
        for (ByteString k : keys) {
            byte[] key = k.toByteArray();
            Lock lock = locks.get(key);
            if (lock != null && lock.startTs == startTs) {
                locks.remove(key);
            }
            writesOf(key).putIfAbsent(startTs, new Write(startTs, startTs, Kind.ROLLBACK, null));
        }
        return null;
    }

    /**
     * KvCheckTxnStatus on the primary key of the transaction {@code lockTs}: an expired lock (lock ts physical + ttl
     * before current ts physical) is rolled back; a live one reports its TTL; without a lock, the commit (or
     * rollback) of that transaction decides, and with none a rollback record is written when asked
     * ({@code rollbackIfNotExist}, else {@code txn_not_found}). Returns the response.
     */
    Kvrpcpb.CheckTxnStatusResponse.Builder checkTxnStatus(byte[] primary, long lockTs, long currentTs,
                                                          boolean rollbackIfNotExist) {
        settle();
        Kvrpcpb.CheckTxnStatusResponse.Builder resp = Kvrpcpb.CheckTxnStatusResponse.newBuilder();
        Lock lock = locks.get(primary);
        if (lock != null && lock.startTs == lockTs) {
            long ttl = liveTtl(lock);
            if (lock.asyncCommit) {
                // An async-commit transaction is committed once all its keys are prewritten, whatever the TTL: TiKV
                // never rolls its primary back here, it answers with the lock, and the resolver asks the secondaries.
                return resp.setLockTtl(ttl).setAction(Kvrpcpb.Action.NoAction).setLockInfo(lockInfo(primary, lock));
            }
            if ((lock.startTs >>> 18) + ttl < (currentTs >>> 18)) {
                locks.remove(primary);
                writesOf(primary).putIfAbsent(lockTs, new Write(lockTs, lockTs, Kind.ROLLBACK, null));
                return resp.setAction(Kvrpcpb.Action.TTLExpireRollback);
            }
            return resp.setLockTtl(ttl).setAction(Kvrpcpb.Action.NoAction).setLockInfo(lockInfo(primary, lock));
        }
        Write done = committedWith(primary, lockTs);
        if (done != null) {
            return resp.setCommitVersion(done.commitTs);
        }
        if (writesOf(primary).get(lockTs) != null) {
            return resp; // rolled back before
        }
        if (!rollbackIfNotExist) {
            return resp.setError(Kvrpcpb.KeyError.newBuilder().setTxnNotFound(Kvrpcpb.TxnNotFound.newBuilder()
                    .setStartTs(lockTs).setPrimaryKey(ByteString.copyFrom(primary))));
        }
        writesOf(primary).put(lockTs, new Write(lockTs, lockTs, Kind.ROLLBACK, null));
        return resp.setAction(Kvrpcpb.Action.LockNotExistRollback);
    }

    /**
     * KvCheckSecondaryLocks for the async-commit transaction {@code startTs}, as TiKV answers it: every key still
     * locked by it gives its lock; the first key committed by it ends the check with its commit_ts; the first key
     * neither locked nor committed gets a rollback record (so a late prewrite of it fails) and ends the check with
     * no locks and no commit_ts, which tells the resolver the transaction is rolled back.
     */
    Kvrpcpb.CheckSecondaryLocksResponse.Builder checkSecondaryLocks(List<ByteString> keys, long startTs) {
        settle();
        Kvrpcpb.CheckSecondaryLocksResponse.Builder resp = Kvrpcpb.CheckSecondaryLocksResponse.newBuilder();
        List<Kvrpcpb.LockInfo> found = new ArrayList<>();
        for (ByteString k : keys) {
            byte[] key = k.toByteArray();
            Lock lock = locks.get(key);
            if (lock != null && lock.startTs == startTs) {
                found.add(lockInfo(key, lock));
                continue;
            }
            Write done = committedWith(key, startTs);
            if (done != null) {
                return resp.setCommitTs(done.commitTs);
            }
            writesOf(key).putIfAbsent(startTs, new Write(startTs, startTs, Kind.ROLLBACK, null));
            return resp;
        }
        return resp.addAllLocks(found);
    }

    /**
     * KvResolveLock: the locks of transaction {@code startTs} on {@code keys} (every key of it when empty) are
     * committed at {@code commitTs}, or rolled back when it is 0.
     */
    void resolveLock(List<ByteString> keys, long startTs, long commitTs) {
        settle();
        List<byte[]> targets = new ArrayList<>();
        if (keys.isEmpty()) {
            for (Map.Entry<byte[], Lock> e : locks.entrySet()) {
                if (e.getValue().startTs == startTs) {
                    targets.add(e.getKey());
                }
            }
        } else {
            for (ByteString k : keys) {
                targets.add(k.toByteArray());
            }
        }
        for (byte[] key : targets) {
            Lock lock = locks.get(key);
            if (lock == null || lock.startTs != startTs) {
                continue;
            }
            locks.remove(key);
            if (commitTs > 0) {
                writesOf(key).put(commitTs, new Write(startTs, commitTs,
                        lock.op == Kvrpcpb.Op.Put ? Kind.PUT : Kind.DELETE, lock.value));
            } else {
                writesOf(key).putIfAbsent(startTs, new Write(startTs, startTs, Kind.ROLLBACK, null));
            }
        }
    }

    /** What a WRITE_CONFLICT fault does first: another transaction commits the key's current value anew. */
    void commitAgainByOther(byte[] key) {
        settle();
        byte[] value = visible(key, Long.MAX_VALUE);
        long ts = state.nextTimestamp();
        long commitTs = state.nextTimestamp();
        writesOf(key).put(commitTs, new Write(ts, commitTs, value == null ? Kind.DELETE : Kind.PUT, value));
    }

    // ---- for tests --------------------------------------------------------------------------------------

    void putCommitted(byte[] key, byte[] value) {
        long startTs = state.nextTimestamp();
        long commitTs = state.nextTimestamp();
        writesOf(key.clone()).put(commitTs, new Write(startTs, commitTs, value == null ? Kind.DELETE : Kind.PUT,
                value == null ? null : value.clone()));
    }

    byte[] committedValue(byte[] key) {
        settle();
        byte[] v = visible(key, Long.MAX_VALUE);
        return v == null ? null : v.clone();
    }

    int committedVersions(byte[] key) {
        settle();
        TreeMap<Long, Write> w = writes.get(key);
        return w == null ? 0 : (int) w.values().stream().filter(x -> x.kind != Kind.ROLLBACK).count();
    }

    void lockByOther(byte[] key, long holdMillis, byte[] valueOnRelease) {
        settle();
        if (locks.containsKey(key)) {
            throw new IllegalStateException("key " + TikvKeys.hex(key) + " is locked already");
        }
        long startTs = state.nextTimestamp();
        locks.put(key.clone(), new Lock(key.clone(), startTs, Math.max(1, holdMillis),
                valueOnRelease == null ? Kvrpcpb.Op.Del : Kvrpcpb.Op.Put,
                valueOnRelease == null ? null : valueOnRelease.clone(), 0, true, false));
    }

    void lockAbandoned(byte[] key, byte[] primary, long ttlMillis, byte[] value) {
        settle();
        if (locks.containsKey(key)) {
            throw new IllegalStateException("key " + TikvKeys.hex(key) + " is locked already");
        }
        locks.put(key.clone(), new Lock(primary.clone(), state.nextTimestamp(), ttlMillis,
                value == null ? Kvrpcpb.Op.Del : Kvrpcpb.Op.Put, value == null ? null : value.clone(), 0, false, false));
    }

    /**
     * An async-commit transaction whose client died after prewriting: a lock on {@code primary} listing
     * {@code secondaries}, and a lock on each secondary except those in {@code neverPrewritten}; every lock writes
     * {@code value} and has a min_commit_ts a little above the start_ts (the last key's the largest). Returns the
     * transaction's start_ts.
     */
    long lockAbandonedAsyncCommit(byte[] primary, List<byte[]> secondaries, List<byte[]> neverPrewritten,
                                  long ttlMillis, byte[] value) {
        settle();
        List<byte[]> all = new ArrayList<>();
        all.add(primary);
        all.addAll(secondaries);
        for (byte[] k : all) {
            if (locks.containsKey(k)) {
                throw new IllegalStateException("key " + TikvKeys.hex(k) + " is locked already");
            }
        }
        long startTs = state.nextTimestamp();
        List<byte[]> copies = new ArrayList<>();
        for (byte[] k : secondaries) {
            copies.add(k.clone());
        }
        long minCommitTs = startTs;
        for (byte[] k : all) {
            minCommitTs += 1 + (k.length % 7);
            if (neverPrewritten.stream().anyMatch(n -> java.util.Arrays.equals(n, k))) {
                continue;
            }
            boolean isPrimary = k == primary;
            locks.put(k.clone(), new Lock(primary.clone(), startTs, ttlMillis,
                    value == null ? Kvrpcpb.Op.Del : Kvrpcpb.Op.Put, value == null ? null : value.clone(), 0, false,
                    false, true, isPrimary ? List.copyOf(copies) : List.of(), minCommitTs));
        }
        return startTs;
    }

    List<byte[]> lockedKeys() {
        settle();
        List<byte[]> out = new ArrayList<>();
        for (byte[] k : locks.keySet()) {
            out.add(k.clone());
        }
        return out;
    }

    /** Every key with a committed version, for listing. */
    List<byte[]> keys() {
        settle();
        List<byte[]> out = new ArrayList<>();
        for (Map.Entry<byte[], TreeMap<Long, Write>> e : writes.entrySet()) {
            if (e.getValue().values().stream().anyMatch(w -> w.kind != Kind.ROLLBACK)) {
                out.add(e.getKey().clone());
            }
        }
        return out;
    }

    // ---- internals --------------------------------------------------------------------------------------

    /** Lets the locks of other transactions whose hold time has passed commit (or roll back). */
    private void settle() {
        long now = System.nanoTime();
        List<byte[]> due = new ArrayList<>();
        for (Map.Entry<byte[], Lock> e : locks.entrySet()) {
            if (e.getValue().foreign && e.getValue().armed && now - e.getValue().releaseAtNanos >= 0) {
                due.add(e.getKey());
            }
        }
        for (byte[] key : due) {
            Lock lock = locks.remove(key);
            if (lock.value != null) {
                long commitTs = state.nextTimestamp();
                writesOf(key).put(commitTs, new Write(lock.startTs, commitTs, Kind.PUT, lock.value));
            } else {
                writesOf(key).put(lock.startTs, new Write(lock.startTs, lock.startTs, Kind.ROLLBACK, null));
            }
        }
    }

    private TreeMap<Long, Write> writesOf(byte[] key) {
        return writes.computeIfAbsent(key, k -> new TreeMap<>());
    }

    /** The value visible at {@code ts}: the newer of the newest transactional commit and an ingested pair. */
    private byte[] visible(byte[] key, long ts) {
        Write best = null;
        TreeMap<Long, Write> w = writes.get(key);
        if (w != null) {
            for (Write x : w.headMap(ts, true).descendingMap().values()) {
                if (x.kind != Kind.ROLLBACK) {
                    best = x;
                    break;
                }
            }
        }
        ClusterState.StoredPair ingested = state.storedPair(key);
        if (ingested != null && ingested.commitTs() <= ts && (best == null || ingested.commitTs() > best.commitTs)) {
            return ingested.value();
        }
        return best == null || best.kind == Kind.DELETE ? null : best.value;
    }

    private long newestCommit(byte[] key) {
        long newest = 0;
        TreeMap<Long, Write> w = writes.get(key);
        if (w != null) {
            for (Write x : w.values()) {
                if (x.kind != Kind.ROLLBACK) {
                    newest = Math.max(newest, x.commitTs);
                }
            }
        }
        ClusterState.StoredPair ingested = state.storedPair(key);
        return ingested == null ? newest : Math.max(newest, ingested.commitTs());
    }

    private long newestStart(byte[] key) {
        TreeMap<Long, Write> w = writes.get(key);
        if (w != null) {
            for (Write x : w.descendingMap().values()) {
                if (x.kind != Kind.ROLLBACK) {
                    return x.startTs;
                }
            }
        }
        return 0;
    }

    private Write committedWith(byte[] key, long startTs) {
        TreeMap<Long, Write> w = writes.get(key);
        if (w != null) {
            for (Write x : w.values()) {
                if (x.startTs == startTs && x.kind != Kind.ROLLBACK) {
                    return x;
                }
            }
        }
        return null;
    }

    /** The error of a request meeting {@code lock}; another transaction's lock starts its hold now. */
    private Kvrpcpb.KeyError lockedError(byte[] key, Lock lock) {
        Lock armed = lock.arm();
        if (armed != lock) {
            locks.put(key, armed);
        }
        return Kvrpcpb.KeyError.newBuilder().setLocked(lockInfo(key, armed)).build();
    }

    /**
     * The lock as TiKV reports it. Another transaction's held lock is alive: its TTL is reported as extended by
     * heartbeats, as a live TiDB transaction keeps it, to the end of its hold.
     */
    private Kvrpcpb.LockInfo lockInfo(byte[] key, Lock lock) {
        Kvrpcpb.LockInfo.Builder b = Kvrpcpb.LockInfo.newBuilder().setPrimaryLock(ByteString.copyFrom(lock.primary))
                .setLockVersion(lock.startTs).setKey(ByteString.copyFrom(key)).setLockTtl(liveTtl(lock))
                .setTxnSize(1).setLockType(lock.op);
        if (lock.asyncCommit) {
            b.setUseAsyncCommit(true).setMinCommitTs(lock.minCommitTs);
            for (byte[] s : lock.secondaries) {
                b.addSecondaries(ByteString.copyFrom(s));
            }
        }
        return b.build();
    }

    private long liveTtl(Lock lock) {
        if (!lock.foreign) {
            return lock.ttl;
        }
        long age = Math.max(0, System.currentTimeMillis() - (lock.startTs >>> 18));
        long remaining = lock.armed ? Math.max(0, (lock.releaseAtNanos - System.nanoTime()) / 1_000_000L) : lock.ttl;
        return age + remaining + 1_000;
    }

    private static Kvrpcpb.KeyError abort(String message) {
        return Kvrpcpb.KeyError.newBuilder().setAbort(message).build();
    }
}
