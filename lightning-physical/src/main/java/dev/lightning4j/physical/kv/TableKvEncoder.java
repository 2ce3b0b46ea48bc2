package dev.lightning4j.physical.kv;

import dev.lightning4j.physical.codec.ByteSink;
import dev.lightning4j.physical.codec.Collations;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.KeyEncoder;
import dev.lightning4j.physical.codec.MemComparable;
import dev.lightning4j.physical.codec.RowEncoder;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.PartitionLocator;
import dev.lightning4j.physical.model.ShardIdFormat;
import dev.lightning4j.physical.model.TableInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Encodes one table's rows into the key-value pairs TiDB would write: the record, then one entry per
 * index (a clustered primary key, int or common handle, has none: the record is keyed by it). Mirrors TiDB's
 * {@code tables.AddRecord} / {@code index.Create} with new collation on or off. Not thread-safe: one
 * encoder per encoding thread.
 */
public final class TableKvEncoder {
    private final TableInfo table;
    private final boolean newCollation;
    private final RowEncoder rowEncoder = new RowEncoder();
    private final ByteSink keyBuf = new ByteSink(64);
    private final ByteSink valBuf = new ByteSink(256);
    private final IndexInfo primary;
    private final int handleOffset;
    private final List<IndexInfo> writtenIndexes = new ArrayList<>();
    private final boolean[] indexNeedsRestore;
    private final boolean[] primaryColumnSkipped;
    private final int autoIncrementOffset;
    private final int autoRandomOffset;
    private final ShardIdFormat autoRandomFormat;
    private final PartitionLocator partitions;
    private long maxAutoIncrement;
    private long maxAutoRandomBase;

    /**
     * @param table        the table
     * @param newCollation whether the cluster runs with new collations ({@code new_collation_enabled}, on
     *                     by default since TiDB 4): decides sort keys and restored data
     */
    public TableKvEncoder(TableInfo table, boolean newCollation) {
        this.table = table;
        this.newCollation = newCollation;
        this.primary = table.primaryIndex().orElse(null);
        this.handleOffset = table.pkIsHandle() ? table.handleColumn().offset() : -1;
        this.partitions = table.isPartitioned() ? PartitionLocator.of(table, newCollation) : null;
        for (IndexInfo idx : table.indexes()) {
            // A clustered primary key (int or common handle) is the record key itself.
            if (!(idx.primary() && (table.commonHandle() || table.pkIsHandle()))) {
                writtenIndexes.add(idx);
            }
        }
        indexNeedsRestore = new boolean[writtenIndexes.size()];
        for (int i = 0; i < writtenIndexes.size(); i++) {
            for (IndexColumn c : writtenIndexes.get(i).columns()) {
                indexNeedsRestore[i] |= table.columns().get(c.offset()).type().needsRestoredData(newCollation);
            }
        }
        autoIncrementOffset = table.columns().stream().filter(ColumnInfo::autoIncrement)
                .mapToInt(ColumnInfo::offset).findFirst().orElse(-1);
        autoRandomOffset = table.autoRandomColumn().map(ColumnInfo::offset).orElse(-1);
        autoRandomFormat = table.autoRandomFormat().orElse(null);
        primaryColumnSkipped = new boolean[table.columns().size()];
        if (table.commonHandle()) {
            // Clustered key columns live in the key; only those the key cannot restore stay in the value.
            for (IndexColumn c : primary.columns()) {
                ColumnInfo col = table.columns().get(c.offset());
                primaryColumnSkipped[c.offset()] = !c.isPrefix() && !col.type().needsRestoredData(newCollation);
            }
        }
    }

    public TableInfo table() {
        return table;
    }

    /** Encodes a row into a fresh list. */
    public List<KvPair> encode(Datum[] row, long rowId) {
        List<KvPair> out = new ArrayList<>(1 + writtenIndexes.size());
        encode(row, rowId, (k, v) -> out.add(new KvPair(k, v)));
        return out;
    }

    /**
     * @param row   the converted values by column offset (virtual columns ignored); a NULL AUTO_INCREMENT
     *              value is replaced in place by the row ID, a NULL AUTO_RANDOM value by one composed of shard
     *              bits and the row ID
     * @param rowId the row's {@code _tidb_rowid}, used when the table has neither an int nor a common handle
     * @param sink  receives (key, value) for the record and then every index, all under the physical ID of
     *              the row's partition for a partitioned table
     * @throws dev.lightning4j.physical.model.NoPartitionException when no partition takes the row (a row
     *                                                             error; nothing was passed to the sink)
     * @throws AutoIdOverflowException when the row ID does not fit the AUTO_RANDOM column's incremental bits
     *                                 (a row error; nothing was passed to the sink)
     */
    public void encode(Datum[] row, long rowId, BiConsumer<byte[], byte[]> sink) {
        if (row.length != table.columns().size()) {
            throw new IllegalArgumentException("row has " + row.length + " values, table " + table.name()
                    + " has " + table.columns().size() + " columns");
        }
        if (autoRandomOffset >= 0) {
            fillAutoRandom(row, rowId);
        }
        if (autoIncrementOffset >= 0) {
            fillAutoIncrement(row, rowId);
        }
        long physicalId = partitions == null ? table.id() : partitions.physicalId(row);
        long intHandle = table.shardRowIdBits() > 0 ? shardRowId(rowId, table.shardRowIdBits()) : rowId;
        byte[] commonHandle = null;
        if (table.pkIsHandle()) {
            intHandle = row[handleOffset].longValue();
        } else if (table.commonHandle()) {
            commonHandle = encodeCommonHandle(row);
        }
        sink.accept(recordKey(physicalId, intHandle, commonHandle), recordValue(row));
        for (int i = 0; i < writtenIndexes.size(); i++) {
            IndexInfo idx = writtenIndexes.get(i);
            Datum[] values = indexedValues(idx, row);
            boolean distinct = idx.unique() && Arrays.stream(values).noneMatch(Datum::isNull);
            sink.accept(indexKey(physicalId, idx, values, distinct, intHandle, commonHandle),
                    indexValue(idx, indexNeedsRestore[i], values, distinct, intHandle, commonHandle, row));
        }
    }

    /**
     * SHARD_ROW_ID_BITS: shard bits right below the sign bit above the row ID, as TiDB lays them out. The
     * shard is a hash of the row ID, so re-encoding a chunk after a restart gives the same handles.
     */
    static long shardRowId(long rowId, int bits) {
        long h = rowId;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        long shard = h & ((1L << bits) - 1);
        return (shard << (63 - bits)) | rowId;
    }

    /**
     * The shard of a composed AUTO_RANDOM value: a hash of the row ID, so the value depends on the row alone and a
     * chunk encoded again (retry, resume) gets the same handles. (TiDB takes the shard from the transaction's start
     * time, TiDB Lightning from a random source seeded per chunk; any shard is valid, only the layout matters.)
     *
     * @param rowId the row's ID
     * @return a hash of it, whose low bits are the shard
     */
    public static long autoRandomShard(long rowId) {
        long h = rowId ^ 0x5bd1e9955bd1e995L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * A NULL AUTO_RANDOM value becomes {@code compose(shard(rowId), rowId)}; a given value is kept. Tracks the
     * largest incremental part (of given values too, as TiDB rebases on them) for rebasing the allocator.
     */
    private void fillAutoRandom(Datum[] row, long rowId) {
        Datum d = row[autoRandomOffset];
        long incremental;
        if (d.isNull()) {
            if (rowId > autoRandomFormat.incrementalMask()) {
                ColumnInfo col = table.columns().get(autoRandomOffset);
                throw new AutoIdOverflowException("the AUTO_RANDOM value of column '" + col.name() + "' cannot be"
                        + " composed: row ID " + rowId + " exceeds its " + autoRandomFormat.incrementalBits()
                        + " incremental bits (largest " + autoRandomFormat.incrementalMask() + "); give the value in"
                        + " the source, split the file, or widen auto_random_range_bits");
            }
            long v = autoRandomFormat.compose(autoRandomShard(rowId), rowId);
            row[autoRandomOffset] = table.columns().get(autoRandomOffset).type().unsigned() ? Datum.ofUint(v)
                    : Datum.ofInt(v);
            incremental = rowId;
        } else {
            incremental = autoRandomFormat.incrementalPart(d.longValue());
        }
        if (incremental > maxAutoRandomBase) {
            maxAutoRandomBase = incremental;
        }
    }

    /**
     * The largest incremental part of the AUTO_RANDOM values encoded so far (0 when none): the table's
     * AUTO_RANDOM allocator must be rebased above it after import.
     */
    public long maxAutoRandomBase() {
        return maxAutoRandomBase;
    }

    /** A NULL AUTO_INCREMENT value becomes the row ID; tracks the largest value for rebasing the allocator. */
    private void fillAutoIncrement(Datum[] row, long rowId) {
        Datum d = row[autoIncrementOffset];
        ColumnInfo col = table.columns().get(autoIncrementOffset);
        if (d.isNull()) {
            d = switch (col.type().type().family()) {
                case INTEGER -> col.type().unsigned() ? Datum.ofUint(rowId) : Datum.ofInt(rowId);
                case REAL -> col.type().type() == ColumnType.FLOAT ? Datum.ofFloat32(rowId) : Datum.ofFloat64(rowId);
                default -> throw new IllegalStateException("AUTO_INCREMENT on " + col.type().type());
            };
            row[autoIncrementOffset] = d;
        }
        long v = switch (d.kind()) {
            case INT, UINT -> d.longValue();
            case FLOAT32, FLOAT64 -> (long) Math.ceil(d.doubleValue());
            default -> 0;
        };
        if (v > maxAutoIncrement) {
            maxAutoIncrement = v;
        }
    }

    /**
     * The largest AUTO_INCREMENT value encoded so far (0 when none): the table's allocator must be rebased
     * above it after import.
     */
    public long maxAutoIncrement() {
        return maxAutoIncrement;
    }

    private byte[] encodeCommonHandle(Datum[] row) {
        keyBuf.reset();
        for (IndexColumn c : primary.columns()) {
            KeyEncoder.encode(keyBuf, truncate(row[c.offset()], c.length(), table.columns().get(c.offset())), newCollation);
        }
        return keyBuf.toByteArray();
    }

    private static byte[] recordKey(long physicalId, long intHandle, byte[] commonHandle) {
        return commonHandle == null
                ? TableCodec.recordKey(physicalId, intHandle)
                : TableCodec.recordKey(physicalId, commonHandle);
    }

    private byte[] recordValue(Datum[] row) {
        int n = row.length;
        long[] ids = new long[n];
        Datum[] vals = new Datum[n];
        int k = 0;
        for (ColumnInfo col : table.columns()) {
            Datum d = row[col.offset()];
            if (col.offset() == handleOffset || primaryColumnSkipped[col.offset()] || col.virtualGenerated()) {
                continue;
            }
            if (d.isNull() && !col.hasDefault()) {
                continue;
            }
            ids[k] = col.id();
            vals[k] = d;
            k++;
        }
        valBuf.reset();
        rowEncoder.encode(valBuf, ids, vals, k);
        return valBuf.toByteArray();
    }

    private Datum[] indexedValues(IndexInfo idx, Datum[] row) {
        Datum[] values = new Datum[idx.columns().size()];
        for (int j = 0; j < values.length; j++) {
            IndexColumn c = idx.columns().get(j);
            values[j] = truncate(row[c.offset()], c.length(), table.columns().get(c.offset()));
        }
        return values;
    }

    private byte[] indexKey(long physicalId, IndexInfo idx, Datum[] values, boolean distinct, long intHandle,
                            byte[] commonHandle) {
        keyBuf.reset();
        TableCodec.appendIndexPrefix(keyBuf, physicalId, idx.id());
        for (Datum d : values) {
            KeyEncoder.encode(keyBuf, d, newCollation);
        }
        if (!distinct) {
            if (commonHandle == null) {
                keyBuf.put(KeyEncoder.INT_FLAG);
                MemComparable.encodeInt(keyBuf, intHandle);
            } else {
                keyBuf.put(commonHandle);
            }
        }
        return keyBuf.toByteArray();
    }

    private byte[] indexValue(IndexInfo idx, boolean needRestore, Datum[] values, boolean distinct,
                              long intHandle, byte[] commonHandle, Datum[] row) {
        valBuf.reset();
        if (table.commonHandle()) {
            return clusteredIndexValue(idx, needRestore, values, distinct, commonHandle, row);
        }
        if (!needRestore) {
            if (distinct) {
                valBuf.putLongBE(intHandle);
            } else {
                valBuf.put('0');
            }
            return valBuf.toByteArray();
        }
        // Version 0 with restored data: every index column's (prefix-truncated) value.
        valBuf.put(0);
        long[] ids = new long[values.length];
        for (int j = 0; j < values.length; j++) {
            ids[j] = table.columns().get(idx.columns().get(j).offset()).id();
        }
        rowEncoder.encode(valBuf, ids, values, values.length);
        int tailLen;
        if (distinct) {
            tailLen = 8;
            valBuf.putLongBE(intHandle);
        } else {
            tailLen = Math.max(0, 10 - valBuf.length());
            for (int p = 0; p < tailLen; p++) {
                valBuf.put(0);
            }
        }
        valBuf.set(0, tailLen);
        return valBuf.toByteArray();
    }

    /** IndexValueForClusteredIndexVersion1: tailLen 0, 0x7D 0x01, [0x7F len handle], [restored data]. */
    private byte[] clusteredIndexValue(IndexInfo idx, boolean needRestore, Datum[] values, boolean distinct,
                                       byte[] commonHandle, Datum[] row) {
        valBuf.put(0);
        valBuf.put(TableCodec.INDEX_VERSION_FLAG);
        valBuf.put(1);
        if (distinct) {
            valBuf.put(TableCodec.COMMON_HANDLE_FLAG);
            valBuf.putShortBE(commonHandle.length);
            valBuf.put(commonHandle);
        }
        List<Long> ids = new ArrayList<>();
        List<Datum> data = new ArrayList<>();
        for (int j = 0; j < values.length; j++) {
            ColumnInfo col = table.columns().get(idx.columns().get(j).offset());
            if (col.primaryKey() || !col.type().needsRestoredData(newCollation)) {
                continue;
            }
            ids.add(col.id());
            data.add(col.type().collation().isPaddingBin() ? tailSpaces(values[j], false) : values[j]);
        }
        if (newCollation) {
            for (IndexColumn pkCol : primary.columns()) {
                ColumnInfo col = table.columns().get(pkCol.offset());
                if (!col.type().needsRestoredData(true)) {
                    continue;
                }
                int len = pkCol.length();
                for (IndexColumn c : idx.columns()) {
                    if (c.offset() == pkCol.offset()) {
                        len = maxPrefix(pkCol.length(), c.length());
                        break;
                    }
                }
                Datum d = truncate(row[pkCol.offset()], len, col);
                ids.add(col.id());
                data.add(col.type().collation().isPaddingBin() ? tailSpaces(d, true) : d);
            }
        }
        if (needRestore || !data.isEmpty()) {
            long[] idArr = ids.stream().mapToLong(Long::longValue).toArray();
            rowEncoder.encode(valBuf, idArr, data.toArray(new Datum[0]), idArr.length);
        }
        return valBuf.toByteArray();
    }

    private static int maxPrefix(int a, int b) {
        if (a == IndexColumn.FULL || b == IndexColumn.FULL) {
            return IndexColumn.FULL;
        }
        return Math.max(a, b);
    }

    /** A _bin string's restored data: how many trailing spaces its key dropped. */
    private static Datum tailSpaces(Datum d, boolean signed) {
        if (d.isNull()) {
            return d;
        }
        int n = Collations.tailSpaceCount(d.bytes());
        return signed ? Datum.ofInt(n) : Datum.ofUint(n);
    }

    /** Prefix index truncation: bytes for binary/ascii charsets, characters otherwise. */
    static Datum truncate(Datum d, int length, ColumnInfo col) {
        if (length == IndexColumn.FULL || (d.kind() != Datum.Kind.STRING && d.kind() != Datum.Kind.BYTES)) {
            return d;
        }
        byte[] b = d.bytes();
        if (col.type().prefixCountsBytes() || d.kind() == Datum.Kind.BYTES) {
            return b.length > length ? d.withBytes(Arrays.copyOf(b, length)) : d;
        }
        String s = new String(b, StandardCharsets.UTF_8);
        if (s.codePointCount(0, s.length()) <= length) {
            return d;
        }
        return d.withBytes(s.substring(0, s.offsetByCodePoints(0, length)).getBytes(StandardCharsets.UTF_8));
    }
}
