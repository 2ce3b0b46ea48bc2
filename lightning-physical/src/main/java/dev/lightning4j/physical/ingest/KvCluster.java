package dev.lightning4j.physical.ingest;

import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.engine.SortedPairs;
import java.util.List;

/**
 * The cluster side of a physical import: PD (timestamps, regions, scheduling) and the TiKV stores (split,
 * import mode, ImportSST write and ingest, checksum coprocessor). Thread-safe; one per import.
 */
public interface KvCluster extends AutoCloseable {

    /**
     * A timestamp from PD's TSO ({@code physical << 18 | logical}), used as the commit timestamp of every
     * pair of an import and as the snapshot of a checksum.
     *
     * @return the timestamp
     */
    long timestamp();

    /**
     * Switches every TiKV store (not TiFlash) to import mode and keeps it there, refreshing before the
     * store's timeout, until the returned handle is closed, which switches them back to normal.
     *
     * @return the handle that ends import mode
     */
    Lease importMode();

    /**
     * Asks PD not to schedule (move, merge) regions inside {@code range} until the returned handle is closed.
     * Best effort: a PD without the API logs a warning and the import continues.
     *
     * @param range the key range being imported
     * @return the handle that lifts the pause
     */
    Lease pauseScheduling(KeyRange range);

    /**
     * Writes and ingests every pair of {@code engine} inside {@code range}: splits and scatters regions at
     * the engine's split keys, then per region streams the sorted pairs to every peer and ingests on the
     * leader, retrying by the rules of the ingest protocol. Returns only when every pair is ingested.
     *
     * @param engine   the sorted pairs (a local engine, or a view of the sorting engines)
     * @param range    the keys to ingest (normally the whole engine)
     * @param commitTs the commit timestamp of every pair
     * @return what was done
     * @throws dev.lightning4j.ImportException when a region fails for good (retries exhausted, disk full)
     */
    IngestStats ingest(SortedPairs engine, KeyRange range, long commitTs);

    /**
     * Deletes every key of {@code engine} inside {@code range} at {@code commitTs}: the same write and ingest
     * as {@link #ingest}, with each pair sent as a Delete (its value is not sent). A later ingest of a key at a
     * larger timestamp writes it again.
     *
     * @param engine   the sorted pairs whose keys are deleted
     * @param range    the keys to delete (normally the whole engine)
     * @param commitTs the commit timestamp of the deletions
     * @return what was done
     * @throws dev.lightning4j.ImportException when a region fails for good
     */
    default IngestStats ingestDeletes(SortedPairs engine, KeyRange range, long commitTs) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot delete keys");
    }

    /**
     * The checksum TiKV's coprocessor computes over the pairs stored in {@code ranges} at {@code snapshotTs}
     * (CRC-64/XZ of key||value XOR-ed, pair count, key+value bytes), summed over the ranges.
     *
     * @param ranges     the record range and index ranges of a table
     * @param snapshotTs the read timestamp
     * @return the remote checksum
     */
    KvChecksum checksum(List<KeyRange> ranges, long snapshotTs);

    /**
     * {@link #checksum(List, long)} with at most {@code concurrency} region requests at once
     * ({@code tidb.distsql-scan-concurrency}); by default the cluster's own limit.
     *
     * @param ranges      the record range and index ranges of a table
     * @param snapshotTs  the read timestamp
     * @param concurrency most region requests at once, at least 1
     * @return the remote checksum
     */
    default KvChecksum checksum(List<KeyRange> ranges, long snapshotTs, int concurrency) {
        return checksum(ranges, snapshotTs);
    }

    /**
     * The versions of the TiKV stores, for the pre-checks.
     *
     * @return one entry per store, in the form {@code address=version}
     */
    List<String> storeVersions();

    /**
     * Moves TiDB's {@code _tidb_rowid} allocator of a table up to {@code base} (never down), in one optimistic
     * transaction on its meta key ({@link MetaKeys#rowIdAllocator}), as TiDB's allocator rebase does: TiDB's next
     * row ID for the table is then above {@code base}.
     *
     * @param table    the table's name, for messages
     * @param dbId     the database ID
     * @param tableId  the (logical) table ID
     * @param base     the largest row ID in use
     * @param unsigned whether the allocator counts unsigned (TiDB: the AUTO_INCREMENT column is unsigned)
     * @return the allocator's value afterwards: {@code base}, or the larger value it already had
     * @throws dev.lightning4j.ImportException when the transaction fails for good
     */
    default long rebaseRowIdAllocator(String table, long dbId, long tableId, long base, boolean unsigned) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot write TiDB's meta keys");
    }

    /**
     * How keys are laid out in the cluster: API V1, or the keyspace of an API V2 cluster whose prefix every key
     * sent gets. The ranges and engines given to this interface hold TiDB's keys without a prefix; the cluster
     * applies it. A local checksum compared with {@link #checksum} is made with {@link KeyspaceCodec#newChecksum()}.
     *
     * @return the codec, {@link KeyspaceCodec#V1} unless the cluster was opened for a keyspace
     */
    default KeyspaceCodec keyspace() {
        return KeyspaceCodec.V1;
    }

    /** Closes connections. Leases still open are released first. */
    /**
     * Parallel imports of one cluster under a global scheduling pause: {@code share} takes the PD settings' values
     * before this import paused them (a JSON object) and returns the values the first import recorded, which this
     * one then holds from and puts back.
     *
     * @param share records or looks up the values before the first pause
     */
    default void shareScheduleOriginals(java.util.function.UnaryOperator<String> share) {
    }

    /**
     * Reserves {@code count} row IDs of a table from TiDB's {@code _tidb_rowid} allocator (its meta key), above
     * both the allocator's value and {@code atLeast}, in one transaction, as TiDB's allocator {@code Alloc} does:
     * parallel imports of one table get disjoint ranges, and TiDB hands out later row IDs above them.
     *
     * @param table    the table's name, for messages
     * @param dbId     the database ID
     * @param tableId  the (logical) table ID
     * @param atLeast  the range starts above this (the ranges other imports hold)
     * @param count    row IDs reserved
     * @param unsigned whether the allocator counts unsigned
     * @return the base: the range is {@code (base, base + count]}
     * @throws dev.lightning4j.ImportException when the transaction fails for good
     */
    default long allocateRowIds(String table, long dbId, long tableId, long atLeast, long count, boolean unsigned) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot write TiDB's meta keys");
    }

    @Override
    void close();

    /** A held cluster setting (import mode, scheduling pause) that ends when closed. */
    interface Lease extends AutoCloseable {
        /** Ends the lease; closing twice does nothing. */
        @Override
        void close();

        /**
         * Lets go without undoing what the lease holds when this was its last holder: the setting stays until it
         * lapses or another holder (another import of the same cluster) undoes it. Same as {@link #close()}
         * unless the lease says otherwise.
         */
        default void leave() {
            close();
        }
    }
}
