package dev.lightning4j.physical.model;

import java.util.List;
import java.util.Optional;

/**
 * What the KV encoder needs of a target table: its physical ID, columns and indexes, and how rows are
 * keyed.
 *
 * @param id           the physical table ID (a partition's own ID for partitioned tables)
 * @param name         table name, for messages
 * @param columns      all columns in table order ({@link ColumnInfo#offset()} equals the list position)
 * @param indexes      all public indexes (including the primary key's)
 * @param pkIsHandle   the primary key is a single integer column that is the row handle
 * @param commonHandle the primary key is clustered on other columns (common handle, version 1)
 * @param shardRowIdBits SHARD_ROW_ID_BITS: high bits of {@code _tidb_rowid} handles that spread writes (0-15)
 * @param partition    how the table is partitioned, or null: rows then live under the partitions' IDs, not
 *                     under {@code id}
 * @param autoIds      AUTO_RANDOM and the allocators TiDB keeps for the table
 */
public record TableInfo(long id, String name, List<ColumnInfo> columns, List<IndexInfo> indexes,
                        boolean pkIsHandle, boolean commonHandle, int shardRowIdBits, PartitionInfo partition,
                        AutoIds autoIds) {

    /** A table without AUTO_RANDOM and with one allocator. */
    public TableInfo(long id, String name, List<ColumnInfo> columns, List<IndexInfo> indexes, boolean pkIsHandle,
                     boolean commonHandle, int shardRowIdBits, PartitionInfo partition) {
        this(id, name, columns, indexes, pkIsHandle, commonHandle, shardRowIdBits, partition, AutoIds.NONE);
    }

    /** A table without partitions. */
    public TableInfo(long id, String name, List<ColumnInfo> columns, List<IndexInfo> indexes, boolean pkIsHandle,
                     boolean commonHandle, int shardRowIdBits) {
        this(id, name, columns, indexes, pkIsHandle, commonHandle, shardRowIdBits, null);
    }

    /** A table without SHARD_ROW_ID_BITS. */
    public TableInfo(long id, String name, List<ColumnInfo> columns, List<IndexInfo> indexes, boolean pkIsHandle,
                     boolean commonHandle) {
        this(id, name, columns, indexes, pkIsHandle, commonHandle, 0, null);
    }

    public TableInfo {
        if (shardRowIdBits < 0 || shardRowIdBits > 15) {
            throw new IllegalArgumentException("table " + name + ": SHARD_ROW_ID_BITS " + shardRowIdBits + " out of range");
        }
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).offset() != i) {
                throw new IllegalArgumentException("column " + columns.get(i).name() + " has offset "
                        + columns.get(i).offset() + " but is at position " + i);
            }
        }
        if (pkIsHandle && commonHandle) {
            throw new IllegalArgumentException("a table has either an int handle or a common handle");
        }
        if (pkIsHandle) {
            long pkInts = columns.stream().filter(c -> c.primaryKey()
                    && c.type().type().family() == ColumnType.Family.INTEGER).count();
            if (pkInts != 1 || columns.stream().filter(ColumnInfo::primaryKey).count() != 1) {
                throw new IllegalArgumentException("table " + name + ": pkIsHandle needs a single integer primary key");
            }
        }
        if (commonHandle && indexes.stream().noneMatch(IndexInfo::primary)) {
            throw new IllegalArgumentException("table " + name + ": a clustered table needs its primary index");
        }
        autoIds = autoIds == null ? AutoIds.NONE : autoIds;
        long autoRandomColumns = columns.stream().filter(ColumnInfo::autoRandom).count();
        if (autoIds.autoRandom() != (autoRandomColumns == 1) || autoRandomColumns > 1) {
            throw new IllegalArgumentException("table " + name + ": auto_random_bits " + autoIds.autoRandomBits()
                    + " needs exactly one AUTO_RANDOM column, found " + autoRandomColumns);
        }
        for (IndexInfo idx : indexes) {
            for (IndexColumn c : idx.columns()) {
                if (c.offset() < 0 || c.offset() >= columns.size()) {
                    throw new IllegalArgumentException("index " + idx.name() + " names column offset " + c.offset());
                }
            }
        }
    }

    /** Whether rows live under partition IDs. */
    public boolean isPartitioned() {
        return partition != null;
    }

    /**
     * The IDs the table's keys are written under: the partitions' IDs in order for a partitioned table,
     * else the table's own ID (record and index key ranges, checksums and ingest ranges cover each).
     */
    public List<Long> physicalIds() {
        return partition == null ? List.of(id) : partition.physicalIds();
    }

    public Optional<IndexInfo> primaryIndex() {
        return indexes.stream().filter(IndexInfo::primary).findFirst();
    }

    /** The AUTO_RANDOM column, if the table has one. */
    public Optional<ColumnInfo> autoRandomColumn() {
        return columns.stream().filter(ColumnInfo::autoRandom).findFirst();
    }

    /** The layout of the AUTO_RANDOM column's values, if the table has one. */
    public Optional<ShardIdFormat> autoRandomFormat() {
        return autoRandomColumn().map(c -> ShardIdFormat.of(autoIds.autoRandomBits(), autoIds.autoRandomRangeBits(),
                c.type().unsigned()));
    }

    /** Whether rows are keyed by {@code _tidb_rowid} (neither an integer nor a clustered primary key). */
    public boolean rowIdHandle() {
        return !pkIsHandle && !commonHandle;
    }

    /** The integer handle column when {@link #pkIsHandle()}. */
    public ColumnInfo handleColumn() {
        return columns.stream().filter(ColumnInfo::primaryKey).findFirst().orElseThrow();
    }
}
