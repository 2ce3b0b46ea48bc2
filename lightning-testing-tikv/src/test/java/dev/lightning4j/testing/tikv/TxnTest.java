package dev.lightning4j.testing.tikv;

import static dev.lightning4j.testing.tikv.StandinClient.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.com.google.protobuf.ByteString;

/** The percolator requests over real gRPC: snapshot reads, locks, conflicts, commit and rollback rules. */
class TxnTest {

    private static Kvrpcpb.GetResponse get(StandinClient cl, byte[] key, long ts) {
        Pdpb.GetRegionResponse r = cl.region(key);
        return cl.tikv(r.getLeader().getStoreId()).kvGet(Kvrpcpb.GetRequest.newBuilder()
                .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                .setKey(ByteString.copyFrom(key)).setVersion(ts).build());
    }

    private static Kvrpcpb.PrewriteResponse prewrite(StandinClient cl, byte[] key, byte[] value, long startTs) {
        Pdpb.GetRegionResponse r = cl.region(key);
        return cl.tikv(r.getLeader().getStoreId()).kvPrewrite(Kvrpcpb.PrewriteRequest.newBuilder()
                .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                .setPrimaryLock(ByteString.copyFrom(key)).setStartVersion(startTs).setLockTtl(3000)
                .addMutations(Kvrpcpb.Mutation.newBuilder().setOp(Kvrpcpb.Op.Put).setKey(ByteString.copyFrom(key))
                        .setValue(ByteString.copyFrom(value)))
                .build());
    }

    private static Kvrpcpb.CommitResponse commit(StandinClient cl, byte[] key, long startTs, long commitTs) {
        Pdpb.GetRegionResponse r = cl.region(key);
        return cl.tikv(r.getLeader().getStoreId()).kvCommit(Kvrpcpb.CommitRequest.newBuilder()
                .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                .setStartVersion(startTs).addKeys(ByteString.copyFrom(key)).setCommitVersion(commitTs).build());
    }

    private static Kvrpcpb.BatchRollbackResponse rollback(StandinClient cl, byte[] key, long startTs) {
        Pdpb.GetRegionResponse r = cl.region(key);
        return cl.tikv(r.getLeader().getStoreId()).kvBatchRollback(Kvrpcpb.BatchRollbackRequest.newBuilder()
                .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                .setStartVersion(startTs).addKeys(ByteString.copyFrom(key)).build());
    }

    @Test
    void readsSeeTheNewestCommitAtTheirTimestampAndLocksBlockOnlyLaterReads() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            byte[] k = b("mkey");
            c.putCommitted(k, b("10"));
            long before = cl.tso();
            long start = cl.tso();
            assertThat(prewrite(cl, k, b("20"), start).getErrorsList()).isEmpty();
            assertThat(c.lockedKeys()).containsExactly(k);
            // A read older than the lock sees the old value; a newer one meets the lock.
            assertThat(get(cl, k, before).getValue().toStringUtf8()).isEqualTo("10");
            Kvrpcpb.GetResponse blocked = get(cl, k, cl.tso());
            assertThat(blocked.getError().getLocked().getLockVersion()).isEqualTo(start);
            assertThat(blocked.getError().getLocked().getPrimaryLock().toByteArray()).isEqualTo(k);
            long commitTs = cl.tso();
            assertThat(commit(cl, k, start, commitTs).hasError()).isFalse();
            // Committing again is harmless (a retry after a lost answer).
            assertThat(commit(cl, k, start, commitTs).hasError()).isFalse();
            assertThat(c.lockedKeys()).isEmpty();
            assertThat(get(cl, k, commitTs - 1).getValue().toStringUtf8()).isEqualTo("10");
            assertThat(get(cl, k, cl.tso()).getValue().toStringUtf8()).isEqualTo("20");
            assertThat(c.committedValue(k)).isEqualTo(b("20"));
            assertThat(c.committedVersions(k)).isEqualTo(2);
            assertThat(get(cl, b("absent"), cl.tso()).getNotFound()).isTrue();
        }
    }

    @Test
    void aPrewriteOlderThanTheNewestCommitConflictsAndOneOnAnotherLockIsLocked() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            byte[] k = b("mkey");
            long old = cl.tso();
            c.putCommitted(k, b("1"));
            Kvrpcpb.PrewriteResponse conflict = prewrite(cl, k, b("2"), old);
            assertThat(conflict.getErrors(0).hasConflict()).isTrue();
            assertThat(conflict.getErrors(0).getConflict().getConflictCommitTs()).isGreaterThan(old);
            assertThat(c.lockedKeys()).isEmpty();

            long first = cl.tso();
            assertThat(prewrite(cl, k, b("3"), first).getErrorsList()).isEmpty();
            Kvrpcpb.PrewriteResponse locked = prewrite(cl, k, b("4"), cl.tso());
            assertThat(locked.getErrors(0).getLocked().getLockVersion()).isEqualTo(first);
            // The same transaction prewriting again is accepted.
            assertThat(prewrite(cl, k, b("3"), first).getErrorsList()).isEmpty();
        }
    }

    @Test
    void aCommitWithoutItsLockIsRetryableAndARolledBackTransactionCannotPrewriteAgain() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            byte[] k = b("mkey");
            long start = cl.tso();
            assertThat(commit(cl, k, start, cl.tso()).getError().getRetryable()).contains("TxnLockNotFound");
            assertThat(prewrite(cl, k, b("1"), start).getErrorsList()).isEmpty();
            assertThat(rollback(cl, k, start).hasError()).isFalse();
            assertThat(c.lockedKeys()).isEmpty();
            assertThat(commit(cl, k, start, cl.tso()).getError().getRetryable()).contains("TxnLockNotFound");
            assertThat(prewrite(cl, k, b("1"), start).getErrors(0).hasConflict()).isTrue();
            assertThat(c.committedValue(k)).isNull();

            long done = cl.tso();
            assertThat(prewrite(cl, k, b("5"), done).getErrorsList()).isEmpty();
            assertThat(commit(cl, k, done, done).getError().getAbort()).contains("InvalidTxnTso");
            assertThat(commit(cl, k, done, cl.tso()).hasError()).isFalse();
            assertThat(rollback(cl, k, done).getError().getAbort()).contains("Committed");
            assertThat(c.committedValue(k)).isEqualTo(b("5"));
        }
    }

    @Test
    void anotherTransactionsLockClearsAfterItsHoldAndCommitsItsValue() throws Exception {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            byte[] k = b("mkey");
            c.putCommitted(k, b("7"));
            c.lockByOtherTransaction(k, Duration.ofMillis(300), b("9"));
            assertThat(get(cl, k, cl.tso()).getError().hasLocked()).isTrue();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!c.lockedKeys().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(c.lockedKeys()).isEmpty();
            assertThat(get(cl, k, cl.tso()).getValue().toStringUtf8()).isEqualTo("9");
        }
    }

    @Test
    void keysOutsideTheRegionAndStaleEpochsAreRegionErrors() {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            Pdpb.GetRegionResponse whole = cl.region(b("a"));
            c.splitAt(b("m"));
            Kvrpcpb.GetResponse stale = cl.tikv(whole.getLeader().getStoreId()).kvGet(Kvrpcpb.GetRequest.newBuilder()
                    .setContext(StandinClient.context(whole.getRegion(), whole.getLeader()))
                    .setKey(ByteString.copyFrom(b("a"))).setVersion(cl.tso()).build());
            assertThat(stale.getRegionError().hasEpochNotMatch() || stale.getRegionError().hasRegionNotFound()
                    || stale.getRegionError().hasKeyNotInRegion()).as(stale.toString()).isTrue();
            Pdpb.GetRegionResponse left = cl.region(b("a"));
            Kvrpcpb.GetResponse outside = cl.tikv(left.getLeader().getStoreId()).kvGet(Kvrpcpb.GetRequest.newBuilder()
                    .setContext(StandinClient.context(left.getRegion(), left.getLeader()))
                    .setKey(ByteString.copyFrom(b("z"))).setVersion(cl.tso()).build());
            assertThat(outside.getRegionError().hasKeyNotInRegion()).as(outside.toString()).isTrue();
        }
    }

    @Test
    void anExpiredLockIsRolledBackByCheckTxnStatusAndResolvedAndALiveOneReportsItsTtl() throws Exception {
        try (TestingTikvCluster c = TestingTikvCluster.start(); StandinClient cl = new StandinClient(c)) {
            byte[] k = b("mkey");
            c.putCommitted(k, b("7"));
            c.lockAbandoned(k, k, Duration.ofMillis(50), b("8"));
            Kvrpcpb.LockInfo lock = get(cl, k, cl.tso()).getError().getLocked();
            assertThat(lock.getLockTtl()).isEqualTo(50);
            Pdpb.GetRegionResponse r = cl.region(k);
            // Before the TTL has run out by PD's clock: alive.
            Kvrpcpb.CheckTxnStatusResponse alive = cl.tikv(r.getLeader().getStoreId()).kvCheckTxnStatus(
                    Kvrpcpb.CheckTxnStatusRequest.newBuilder()
                            .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                            .setPrimaryKey(ByteString.copyFrom(k)).setLockTs(lock.getLockVersion())
                            .setCurrentTs(lock.getLockVersion()).setRollbackIfNotExist(true).build());
            assertThat(alive.getLockTtl()).isEqualTo(50);
            assertThat(c.lockedKeys()).hasSize(1);
            Thread.sleep(120);
            Kvrpcpb.CheckTxnStatusResponse expired = cl.tikv(r.getLeader().getStoreId()).kvCheckTxnStatus(
                    Kvrpcpb.CheckTxnStatusRequest.newBuilder()
                            .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                            .setPrimaryKey(ByteString.copyFrom(k)).setLockTs(lock.getLockVersion())
                            .setCurrentTs(cl.tso()).setRollbackIfNotExist(true).build());
            assertThat(expired.getLockTtl()).isZero();
            assertThat(expired.getCommitVersion()).isZero();
            assertThat(expired.getAction()).isEqualTo(Kvrpcpb.Action.TTLExpireRollback);
            assertThat(c.lockedKeys()).isEmpty();
            assertThat(get(cl, k, cl.tso()).getValue().toStringUtf8()).isEqualTo("7");

            // A secondary whose primary committed is resolved by committing it.
            byte[] p = b("mprimary");
            long start = cl.tso();
            assertThat(prewrite(cl, p, b("p"), start).getErrorsList()).isEmpty();
            long commitTs = cl.tso();
            assertThat(commit(cl, p, start, commitTs).hasError()).isFalse();
            Kvrpcpb.CheckTxnStatusResponse committed = cl.tikv(r.getLeader().getStoreId()).kvCheckTxnStatus(
                    Kvrpcpb.CheckTxnStatusRequest.newBuilder()
                            .setContext(StandinClient.context(r.getRegion(), r.getLeader()))
                            .setPrimaryKey(ByteString.copyFrom(p)).setLockTs(start)
                            .setCurrentTs(cl.tso()).setRollbackIfNotExist(true).build());
            assertThat(committed.getCommitVersion()).isEqualTo(commitTs);
        }
    }
}
