package dev.lightning4j.physical;

import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ShardIdFormat;
import dev.lightning4j.physical.model.TableInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that moves a table's ID allocators above the values an import wrote, so rows inserted later get fresh
 * IDs. TiDB (its DDL, {@code RebaseAutoID}) rebases:
 * <ul>
 *   <li>{@code ALTER TABLE t AUTO_RANDOM_BASE = n}: the AUTO_RANDOM allocator (incremental part; TiDB refuses
 *       a base past the incremental bits, so the largest, {@code 2^bits - 1}, is used then, as TiDB Lightning does);
 *   <li>{@code ALTER TABLE t [FORCE] AUTO_INCREMENT = n}: the allocator TiDB looks up as AUTO_INCREMENT. With one
 *       allocator per table (the default) that is the {@code _tidb_rowid} allocator, shared with the
 *       AUTO_INCREMENT column; with {@code AUTO_ID_CACHE=1} (table info version 5, TiDB 6.4 on) it is the
 *       AUTO_INCREMENT column's own allocator, and no statement reaches the {@code _tidb_rowid} allocator.
 * </ul>
 * A table of the last kind whose rows are keyed by {@code _tidb_rowid} needs its {@code _tidb_rowid} allocator
 * moved too, which no statement does: as TiDB Lightning does, the backend writes the allocator's meta key in a
 * transaction on TiKV ({@link #rowIdMetaRebase}, {@link dev.lightning4j.physical.ingest.KvCluster#rebaseRowIdAllocator}).
 */
final class AutoIdRebase {
    private AutoIdRebase() {
    }

    /**
     * Whether the table's {@code _tidb_rowid} allocator is out of SQL's reach and must be rebased through its meta
     * key: {@code AUTO_ID_CACHE=1} (separate allocators) with rows keyed by {@code _tidb_rowid}.
     *
     * @param info the table
     * @return whether the meta key is to be written
     */
    static boolean rowIdMetaRebase(TableInfo info) {
        return info.autoIds().sepAutoInc() && info.rowIdHandle();
    }

    /**
     * Whether TiDB counts the table's row-ID allocator unsigned: it takes the signedness of the AUTO_INCREMENT
     * column, if any.
     *
     * @param info the table
     * @return whether values compare as uint64
     */
    static boolean rowIdAllocatorUnsigned(TableInfo info) {
        return info.columns().stream().anyMatch(c -> c.autoIncrement() && c.type().unsigned());
    }

    /**
     * The statements, in order, that rebase the table after an import.
     *
     * @param info              the table
     * @param quoted            its quoted name, {@code `db`.`t`}
     * @param maxAutoIncrement  the largest AUTO_INCREMENT value written (0 when none)
     * @param maxRowId          the largest row ID used (0 when none)
     * @param maxAutoRandomBase the largest incremental part of the AUTO_RANDOM values written (0 when none)
     * @param tidb              whether the target is TiDB (else only AUTO_INCREMENT, as MySQL knows it)
     * @return the statements, possibly none
     */
    static List<String> statements(TableInfo info, String quoted, long maxAutoIncrement, long maxRowId,
            long maxAutoRandomBase, boolean tidb) {
        return statements(info, quoted, maxAutoIncrement, maxRowId, maxAutoRandomBase, tidb, false);
    }

    /**
     * As above; with {@code raiseOnly} (parallel imports, which finish in any order) no statement may lower an
     * allocator that another import moved further: {@code AUTO_INCREMENT} without {@code FORCE}, which TiDB
     * ignores when below the allocator.
     *
     * @param info              the table
     * @param quoted            its quoted name, {@code `db`.`t`}
     * @param maxAutoIncrement  the largest AUTO_INCREMENT value written (0 when none)
     * @param maxRowId          the largest row ID used (0 when none)
     * @param maxAutoRandomBase the largest incremental part of the AUTO_RANDOM values written (0 when none)
     * @param tidb              whether the target is TiDB (else only AUTO_INCREMENT, as MySQL knows it)
     * @param raiseOnly         whether allocators may only be raised
     * @return the statements, possibly none
     */
    static List<String> statements(TableInfo info, String quoted, long maxAutoIncrement, long maxRowId,
            long maxAutoRandomBase, boolean tidb, boolean raiseOnly) {
        String force = raiseOnly ? "" : "FORCE ";
        boolean autoInc = info.columns().stream().anyMatch(ColumnInfo::autoIncrement);
        List<String> out = new ArrayList<>();
        if (!tidb) {
            if (autoInc && maxAutoIncrement > 0) {
                out.add("ALTER TABLE " + quoted + " AUTO_INCREMENT = " + next(maxAutoIncrement));
            }
            return out;
        }
        if (info.autoIds().autoRandom()) {
            if (maxAutoRandomBase > 0) {
                ShardIdFormat format = info.autoRandomFormat().orElseThrow();
                long base = Math.min(next(maxAutoRandomBase), format.incrementalMask());
                out.add("ALTER TABLE " + quoted + " AUTO_RANDOM_BASE = " + base);
            }
            // The handle is the AUTO_RANDOM column; an AUTO_INCREMENT column next to it still has its allocator.
            if (autoInc && maxAutoIncrement > 0) {
                out.add("ALTER TABLE " + quoted + " " + force + "AUTO_INCREMENT = " + next(maxAutoIncrement));
            }
            return out;
        }
        long base = autoInc ? maxAutoIncrement : 0;
        if (!info.autoIds().sepAutoInc() && info.rowIdHandle()) {
            // One allocator serves both: it must pass the row IDs too.
            base = Math.max(base, maxRowId);
        }
        if (base > 0) {
            out.add("ALTER TABLE " + quoted + " " + force + "AUTO_INCREMENT = " + next(base));
        }
        return out;
    }

    private static long next(long v) {
        return v == Long.MAX_VALUE ? v : v + 1;
    }
}
