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
 * A table of the last kind whose rows are keyed by {@code _tidb_rowid} cannot be made safe over SQL (TiDB
 * Lightning rebases that allocator by writing TiDB's meta keys in a transaction, which this backend does not do):
 * later inserts would be given the imported row IDs again and overwrite rows. Such tables are refused before any
 * row is written ({@link #refusal}).
 */
final class AutoIdRebase {
    private AutoIdRebase() {
    }

    /**
     * Why the table cannot be imported safely, or null.
     *
     * @param info the table
     * @return the reason, naming what to do, or null
     */
    static String refusal(TableInfo info) {
        if (info.autoIds().sepAutoInc() && info.rowIdHandle()) {
            return "it has AUTO_ID_CACHE=1 and rows keyed by _tidb_rowid: TiDB then keeps a separate _tidb_rowid"
                    + " allocator that no SQL statement can move above the imported row IDs, so later inserts would"
                    + " reuse them and overwrite imported rows; import it with the logical backend, or create it with a clustered"
                    + " primary key or without AUTO_ID_CACHE=1";
        }
        return null;
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
                out.add("ALTER TABLE " + quoted + " FORCE AUTO_INCREMENT = " + next(maxAutoIncrement));
            }
            return out;
        }
        long base = autoInc ? maxAutoIncrement : 0;
        if (!info.autoIds().sepAutoInc() && info.rowIdHandle()) {
            // One allocator serves both: it must pass the row IDs too.
            base = Math.max(base, maxRowId);
        }
        if (base > 0) {
            out.add("ALTER TABLE " + quoted + " FORCE AUTO_INCREMENT = " + next(base));
        }
        return out;
    }

    private static long next(long v) {
        return v == Long.MAX_VALUE ? v : v + 1;
    }
}
