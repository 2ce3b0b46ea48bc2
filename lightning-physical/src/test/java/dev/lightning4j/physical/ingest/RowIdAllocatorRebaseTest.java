package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.testing.tikv.FaultKind;
import dev.lightning4j.testing.tikv.Rpc;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The _tidb_rowid allocator transaction against the PD/TiKV stand-in, over real gRPC. */
class RowIdAllocatorRebaseTest {
    private static final long DB = 2;
    private static final long TABLE = 104;
    private static final byte[] KEY = MetaKeys.rowIdAllocator(DB, TABLE);

    private TestingTikvCluster standIn;
    private TikvCluster cluster;

    @BeforeEach
    void start() {
        standIn = TestingTikvCluster.start();
        cluster = TikvCluster.connect(TikvClusterOptions.of(standIn.pdAddress())
                .withPdHttpAddress(standIn.pdHttpAddress())
                .withRetries(8, Duration.ofMillis(20), Duration.ofMillis(200))
                .withTimeouts(Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(10),
                        Duration.ofSeconds(60)));
    }

    @AfterEach
    void stop() {
        cluster.close();
        standIn.close();
    }

    private static byte[] dec(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private String stored() {
        byte[] v = standIn.committedValue(KEY);
        return v == null ? null : new String(v, StandardCharsets.US_ASCII);
    }

    private long rebase(long base) {
        return cluster.rebaseRowIdAllocator("`d`.`t`", DB, TABLE, base, false);
    }

    @Test
    void anAbsentAllocatorIsCreatedAtTheBaseAsADecimalStringUnderItsFieldKeyOnly() {
        assertThat(rebase(900)).isEqualTo(900);
        assertThat(stored()).isEqualTo("900");
        // TiDB after 5.1 keeps no hash meta key (field count): only the field's key is written.
        assertThat(standIn.committedKeys()).hasSize(1);
        assertThat(standIn.committedKeys().get(0)).isEqualTo(KEY);
        assertThat(standIn.lockedKeys()).isEmpty();
        assertThat(standIn.requests(Rpc.KV_PREWRITE)).isEqualTo(1);
        assertThat(standIn.requests(Rpc.KV_COMMIT)).isEqualTo(1);
    }

    @Test
    void aSmallerValueIsRaisedAndALargerOneIsKeptWithoutAWrite() {
        standIn.putCommitted(KEY, dec(30));
        assertThat(rebase(900)).isEqualTo(900);
        assertThat(stored()).isEqualTo("900");
        assertThat(standIn.committedVersions(KEY)).isEqualTo(2);

        standIn.putCommitted(KEY, dec(50_000));
        assertThat(rebase(900)).isEqualTo(50_000);
        assertThat(stored()).isEqualTo("50000");
        assertThat(standIn.committedVersions(KEY)).as("nothing written").isEqualTo(3);
        assertThat(standIn.requests(Rpc.KV_PREWRITE)).isEqualTo(1);
    }

    @Test
    void unsignedAllocatorsCompareAsUint64() {
        // -1 is 2^64-1 for an unsigned allocator: above any row ID, so it stays.
        standIn.putCommitted(KEY, dec(-1));
        assertThat(cluster.rebaseRowIdAllocator("`d`.`t`", DB, TABLE, 900, true)).isEqualTo(-1);
        assertThat(stored()).isEqualTo("-1");
        // Signed, -1 is below the base.
        assertThat(rebase(900)).isEqualTo(900);
        assertThat(stored()).isEqualTo("900");
    }

    @Test
    void anotherTransactionsLockIsWaitedOutAndItsNewerCommitRestartsTheTransaction() {
        standIn.putCommitted(KEY, dec(10));
        // TiDB allocating IDs holds the key and then commits a value above ours.
        standIn.lockByOtherTransaction(KEY, Duration.ofMillis(300), dec(7_000));
        assertThat(rebase(900)).isEqualTo(7_000);
        assertThat(stored()).isEqualTo("7000");
        assertThat(standIn.lockedKeys()).isEmpty();

        // Its commit below ours: the base is written after it.
        standIn.lockByOtherTransaction(KEY, Duration.ofMillis(300), dec(8_000));
        assertThat(rebase(9_000)).isEqualTo(9_000);
        assertThat(stored()).isEqualTo("9000");
        assertThat(standIn.requests(Rpc.KV_GET)).as("read again after the lock and the conflict").isGreaterThan(4);
    }

    @Test
    void aLockLeftByADeadTransactionIsResolvedOnceItsTtlRunsOut() {
        standIn.putCommitted(KEY, dec(10));
        standIn.lockAbandoned(KEY, KEY, Duration.ofMillis(100), dec(1));
        assertThat(rebase(900)).isEqualTo(900);
        assertThat(stored()).isEqualTo("900");
        assertThat(standIn.requests(Rpc.KV_CHECK_TXN_STATUS)).isPositive();
        assertThat(standIn.requests(Rpc.KV_RESOLVE_LOCK)).isEqualTo(1);
        assertThat(standIn.lockedKeys()).isEmpty();

        // A secondary lock whose primary (elsewhere) never got its lock: the primary is rolled back, then the key.
        standIn.lockAbandoned(KEY, MetaKeys.autoIncrementAllocator(DB, TABLE), Duration.ofMillis(100), dec(5));
        assertThat(rebase(1000)).isEqualTo(1000);
        assertThat(stored()).isEqualTo("1000");
        assertThat(standIn.requests(Rpc.KV_RESOLVE_LOCK)).isEqualTo(2);
        assertThat(standIn.lockedKeys()).isEmpty();
    }

    @Test
    void anAbandonedAsyncCommitTransactionWithEveryKeyPrewrittenIsCommittedAtItsLargestMinCommitTs() {
        standIn.putCommitted(KEY, dec(10));
        byte[] primary = MetaKeys.autoIncrementAllocator(DB, TABLE);
        byte[] other = MetaKeys.rowIdAllocator(DB, TABLE + 1);
        long lockTs = standIn.lockAbandonedAsyncCommit(primary, java.util.List.of(KEY, other), java.util.List.of(),
                Duration.ofMillis(100), dec(5_000));
        // TiDB's resolver: the primary's status is undecided (async commit is never rolled back by its TTL), so
        // the secondaries decide; all are prewritten, so the transaction is committed and its value stays.
        assertThat(rebase(900)).isEqualTo(5_000);
        assertThat(stored()).isEqualTo("5000");
        assertThat(standIn.requests(Rpc.KV_CHECK_SECONDARY_LOCKS)).as("both secondaries checked").isEqualTo(2);
        // Nothing to raise: no version of the import's own. (A prewrite may still be sent and refused when the
        // resolved commit lands after the import's start_ts; the transaction then restarts and reads 5000.)
        assertThat(standIn.committedVersions(KEY)).as("10, then the resolved 5000").isEqualTo(2);
        assertThat(standIn.lockedKeys()).as("only the keys this import never met stay locked")
                .containsExactlyInAnyOrder(primary, other);
        assertThat(lockTs).isPositive();
    }

    @Test
    void anAbandonedAsyncCommitTransactionMissingASecondaryIsRolledBack() {
        standIn.putCommitted(KEY, dec(10));
        byte[] primary = MetaKeys.autoIncrementAllocator(DB, TABLE);
        byte[] missing = MetaKeys.rowIdAllocator(DB, TABLE + 1);
        standIn.lockAbandonedAsyncCommit(primary, java.util.List.of(missing, KEY), java.util.List.of(missing),
                Duration.ofMillis(100), dec(5_000));
        assertThat(rebase(900)).isEqualTo(900);
        assertThat(stored()).isEqualTo("900");
        assertThat(standIn.requests(Rpc.KV_CHECK_SECONDARY_LOCKS)).as("stops at the missing key").isEqualTo(1);
        assertThat(standIn.lockedKeys()).containsExactly(primary);
        // Rolled back: the dead transaction's value never became visible on the key it did not prewrite.
        assertThat(standIn.committedValue(missing)).isNull();
    }

    @Test
    void anAbandonedAsyncCommitTransactionWhoseKeyIsTheAllocatorItselfIsDecidedTheSameWay() {
        standIn.putCommitted(KEY, dec(10));
        byte[] other = MetaKeys.rowIdAllocator(DB, TABLE + 1);
        standIn.lockAbandonedAsyncCommit(KEY, java.util.List.of(other), java.util.List.of(), Duration.ofMillis(100),
                dec(700));
        assertThat(rebase(900)).isEqualTo(900);
        assertThat(stored()).isEqualTo("900");
        assertThat(standIn.committedVersions(KEY)).as("10, the resolved 700, then 900").isEqualTo(3);
        assertThat(standIn.lockedKeys()).containsExactly(other);
    }

    @Test
    void aLockThatStaysAliveFailsClearlyAfterTheRetries() {
        standIn.putCommitted(KEY, dec(10));
        standIn.lockByOtherTransaction(KEY, Duration.ofDays(1), dec(11));
        assertThatThrownBy(() -> rebase(900)).isInstanceOf(ImportException.class)
                .hasMessageContaining("locked by another transaction").hasMessageContaining("`d`.`t`");
        assertThat(standIn.requests(Rpc.KV_PREWRITE)).isZero();
        assertThat(standIn.requests(Rpc.KV_RESOLVE_LOCK)).as("a live lock is not resolved").isZero();
        assertThat(stored()).isEqualTo("10");
    }

    @Test
    void aWriteConflictRestartsTheWholeTransaction() {
        standIn.putCommitted(KEY, dec(10));
        standIn.faults().inject(Rpc.KV_PREWRITE, FaultKind.WRITE_CONFLICT, 2);
        assertThat(rebase(900)).isEqualTo(900);
        assertThat(stored()).isEqualTo("900");
        assertThat(standIn.faults().fired(Rpc.KV_PREWRITE, FaultKind.WRITE_CONFLICT)).isEqualTo(2);
        assertThat(standIn.requests(Rpc.KV_GET)).as("one read per start").isEqualTo(3);
        assertThat(standIn.lockedKeys()).isEmpty();
    }

    @Test
    void regionErrorsOnEveryStepAreRetriedOnTheRegionLookedUpAgain() {
        standIn.faults().inject(Rpc.KV_GET, FaultKind.EPOCH_NOT_MATCH, 1)
                .inject(Rpc.KV_PREWRITE, FaultKind.NOT_LEADER, 1)
                .inject(Rpc.KV_PREWRITE, FaultKind.SERVER_IS_BUSY, 1)
                .inject(Rpc.KV_COMMIT, FaultKind.REGION_NOT_FOUND, 1)
                .inject(Rpc.KV_COMMIT, FaultKind.UNAVAILABLE, 1);
        assertThat(rebase(1234)).isEqualTo(1234);
        assertThat(stored()).isEqualTo("1234");
        assertThat(standIn.faults().pending(Rpc.KV_GET) + standIn.faults().pending(Rpc.KV_PREWRITE)
                + standIn.faults().pending(Rpc.KV_COMMIT)).isZero();
        assertThat(standIn.regions()).as("the epoch error really split").hasSizeGreaterThan(1);
        assertThat(standIn.lockedKeys()).isEmpty();
    }

    @Test
    void aPrewriteThatNeverGetsThroughIsRolledBackAndFailsNamingTheTableAndKey() {
        standIn.putCommitted(KEY, dec(10));
        standIn.faults().inject(Rpc.KV_PREWRITE, FaultKind.UNAVAILABLE, 9);
        assertThatThrownBy(() -> rebase(900)).isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.TARGET_WRITE))
                .hasMessageContaining("`d`.`t`").hasMessageContaining(HexFormat.of().formatHex(KEY))
                .hasMessageContaining("KvPrewrite").hasMessageContaining("retry the import")
                .hasMessageContaining("above 900");
        assertThat(standIn.requests(Rpc.KV_BATCH_ROLLBACK)).isEqualTo(1);
        assertThat(standIn.lockedKeys()).isEmpty();
        assertThat(stored()).isEqualTo("10");
    }

    @Test
    void aCommitThatNeverGetsThroughRollsTheLockBack() {
        standIn.putCommitted(KEY, dec(10));
        standIn.faults().inject(Rpc.KV_COMMIT, FaultKind.SERVER_IS_BUSY, 9);
        assertThatThrownBy(() -> rebase(900)).isInstanceOf(ImportException.class)
                .hasMessageContaining("KvCommit").hasMessageContaining("ServerIsBusy");
        assertThat(standIn.requests(Rpc.KV_BATCH_ROLLBACK)).isEqualTo(1);
        assertThat(standIn.lockedKeys()).isEmpty();
        assertThat(stored()).isEqualTo("10");
        // The next attempt (the import run again) is not hindered.
        assertThat(rebase(900)).isEqualTo(900);
    }

    @Test
    void aValueThatIsNotANumberIsRefusedUntouched() {
        standIn.putCommitted(KEY, "x1".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> rebase(900)).isInstanceOf(ImportException.class)
                .hasMessageContaining("not a decimal integer");
        assertThat(stored()).isEqualTo("x1");
        assertThat(standIn.requests(Rpc.KV_PREWRITE)).isZero();
    }

    @Test
    void allocationReservesAboveBothTheAllocatorAndTheOtherRangesAndMovesThePastIt() {
        assertThat(cluster.allocateRowIds("`d`.`t`", DB, TABLE, 0, 100, false)).isZero();
        assertThat(stored()).isEqualTo("100");
        // TiDB handed out IDs meanwhile: the next range starts above them.
        standIn.putCommitted(KEY, dec(250));
        assertThat(cluster.allocateRowIds("`d`.`t`", DB, TABLE, 120, 50, false)).isEqualTo(250);
        assertThat(stored()).isEqualTo("300");
        // Another import holds a range above the allocator: the next one starts above that.
        assertThat(cluster.allocateRowIds("`d`.`t`", DB, TABLE, 1000, 10, false)).isEqualTo(1000);
        assertThat(stored()).isEqualTo("1010");
        assertThatThrownBy(() -> cluster.allocateRowIds("`d`.`t`", DB, TABLE, Long.MAX_VALUE - 5, 10, false))
                .isInstanceOf(ImportException.class).hasMessageContaining("no room for 10 more IDs");
        assertThat(stored()).isEqualTo("1010");
    }
}
