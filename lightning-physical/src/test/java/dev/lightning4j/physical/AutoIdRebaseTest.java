package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.model.AutoIds;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.FieldType;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which statement rebases which of TiDB's allocators (TiDB's DDL RebaseAutoID; see {@link AutoIdRebase}). */
class AutoIdRebaseTest {
    private static final String T = "`d`.`t`";

    private static ColumnInfo col(long id, String name, int offset, boolean pk, boolean autoInc) {
        return new ColumnInfo(id, name, offset, FieldType.of(ColumnType.BIGINT), pk, pk, null, false, autoInc);
    }

    /** id BIGINT PRIMARY KEY (the handle) AUTO_RANDOM(bits, range), v BIGINT. */
    private static TableInfo autoRandom(int bits, int range) {
        return new TableInfo(9, "t", List.of(col(1, "id", 0, true, false).withAutoRandom(), col(2, "v", 1, false, false)),
                List.of(new IndexInfo(1, "PRIMARY", List.of(new IndexColumn(0, IndexColumn.FULL)), true, true)), true,
                false, 0, null, new AutoIds(bits, range, false));
    }

    /** id BIGINT AUTO_INCREMENT with a non-clustered primary key: rows keyed by _tidb_rowid. */
    private static TableInfo rowIdKeyed(boolean sepAutoInc) {
        return new TableInfo(9, "t", List.of(col(1, "id", 0, true, true), col(2, "v", 1, false, false)),
                List.of(new IndexInfo(1, "PRIMARY", List.of(new IndexColumn(0, IndexColumn.FULL)), true, true)), false,
                false, 0, null, new AutoIds(0, 0, sepAutoInc));
    }

    /** id BIGINT AUTO_INCREMENT PRIMARY KEY, the handle. */
    private static TableInfo clusteredAutoInc(boolean sepAutoInc) {
        return new TableInfo(9, "t", List.of(col(1, "id", 0, true, true), col(2, "v", 1, false, false)),
                List.of(new IndexInfo(1, "PRIMARY", List.of(new IndexColumn(0, IndexColumn.FULL)), true, true)), true,
                false, 0, null, new AutoIds(0, 0, sepAutoInc));
    }

    @Test
    void autoRandomRebasesItsOwnAllocatorAboveTheLargestIncrementalPart() {
        assertThat(AutoIdRebase.statements(autoRandom(5, 0), T, 0, 700, 1234, true))
                .containsExactly("ALTER TABLE `d`.`t` AUTO_RANDOM_BASE = 1235");
        // Nothing written: nothing to move.
        assertThat(AutoIdRebase.statements(autoRandom(5, 0), T, 0, 0, 0, true)).isEmpty();
        // TiDB refuses a base past the incremental bits: AUTO_RANDOM(5, 32) keeps 26, so 2^26 - 1 at most.
        assertThat(AutoIdRebase.statements(autoRandom(5, 32), T, 0, 0, (1L << 26) - 1, true))
                .containsExactly("ALTER TABLE `d`.`t` AUTO_RANDOM_BASE = 67108863");
        // MySQL has no AUTO_RANDOM: nothing is sent to another server.
        assertThat(AutoIdRebase.statements(autoRandom(5, 0), T, 0, 700, 1234, false)).isEmpty();
    }

    @Test
    void oneSharedAllocatorIsMovedAboveBothTheValuesAndTheRowIds() {
        assertThat(AutoIdRebase.statements(rowIdKeyed(false), T, 40, 900, 0, true))
                .containsExactly("ALTER TABLE `d`.`t` FORCE AUTO_INCREMENT = 901");
        assertThat(AutoIdRebase.statements(rowIdKeyed(false), T, 4000, 900, 0, true))
                .containsExactly("ALTER TABLE `d`.`t` FORCE AUTO_INCREMENT = 4001");
        assertThat(AutoIdRebase.statements(clusteredAutoInc(false), T, 40, 900, 0, true))
                .containsExactly("ALTER TABLE `d`.`t` FORCE AUTO_INCREMENT = 41");
        assertThat(AutoIdRebase.statements(rowIdKeyed(false), T, 40, 900, 0, false))
                .containsExactly("ALTER TABLE `d`.`t` AUTO_INCREMENT = 41");
    }

    @Test
    void parallelImportsOnlyRaiseAllocators() {
        // Imports finish in any order: a FORCE from the one with the lower range would lower the allocator.
        assertThat(AutoIdRebase.statements(rowIdKeyed(false), T, 40, 900, 0, true, true))
                .containsExactly("ALTER TABLE `d`.`t` AUTO_INCREMENT = 901");
        assertThat(AutoIdRebase.statements(clusteredAutoInc(false), T, 40, 900, 0, true, true))
                .containsExactly("ALTER TABLE `d`.`t` AUTO_INCREMENT = 41");
        assertThat(AutoIdRebase.statements(rowIdKeyed(false), T, 40, 900, 0, true, false))
                .containsExactly("ALTER TABLE `d`.`t` FORCE AUTO_INCREMENT = 901");
    }

    @Test
    void autoIdCacheOneMovesTheAutoIncrementAllocatorOverSqlAndTheRowIdAllocatorThroughItsMetaKey() {
        // AUTO_ID_CACHE=1: ALTER TABLE .. AUTO_INCREMENT reaches the column's own allocator only.
        assertThat(AutoIdRebase.statements(clusteredAutoInc(true), T, 40, 900, 0, true))
                .containsExactly("ALTER TABLE `d`.`t` FORCE AUTO_INCREMENT = 41");
        assertThat(AutoIdRebase.rowIdMetaRebase(clusteredAutoInc(true))).isFalse();
        // Its _tidb_rowid allocator is out of SQL's reach: the statement moves the AUTO_INCREMENT allocator only,
        // the meta key write does the rest.
        assertThat(AutoIdRebase.statements(rowIdKeyed(true), T, 40, 900, 0, true))
                .containsExactly("ALTER TABLE `d`.`t` FORCE AUTO_INCREMENT = 41");
        assertThat(AutoIdRebase.rowIdMetaRebase(rowIdKeyed(true))).isTrue();
        assertThat(AutoIdRebase.rowIdMetaRebase(rowIdKeyed(false))).isFalse();
        assertThat(AutoIdRebase.rowIdMetaRebase(autoRandom(5, 0))).isFalse();
    }
}
