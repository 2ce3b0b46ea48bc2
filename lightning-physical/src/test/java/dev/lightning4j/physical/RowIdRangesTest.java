package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.DataChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowIdRangesTest {
    private static final TableName T = new TableName("db", "t");

    private static DataChunk chunk(String file, String compression, long size, long start, long end, int index) {
        return new DataChunk(T, file, file.endsWith(".parquet") ? "parquet" : "sql", compression, size, start, end, index);
    }

    @Test
    void filesGetDisjointRangesInPlanOrderAndChunksOfAFileShareTheirs() {
        List<DataChunk> plan = List.of(chunk("a.sql", null, 100, 0, 50, 0), chunk("a.sql", null, 100, 50, -1, 1),
                chunk("b.sql.gz", "gz", 10, 0, -1, 2), chunk("c.parquet", null, 20, 0, -1, 3));
        RowIdRanges r = new RowIdRanges("db.t", plan, 0);
        assertThat(r.rowId("a.sql", 0)).isEqualTo(1);
        assertThat(r.rowId("a.sql", 99)).isEqualTo(100);
        // b starts right after a's 101 slots; a compressed file gets its stored size times the factor.
        assertThat(r.rowId("b.sql.gz", 0)).isEqualTo(102);
        long cBase = 101 + 10 * RowIdRanges.COMPRESSED_FACTOR;
        assertThat(r.rowId("c.parquet", 0)).isEqualTo(cBase + 1);
        assertThat(r.describe(r.rowId("a.sql", 42))).isEqualTo("a.sql at offset 42");
        assertThat(r.describe(r.rowId("c.parquet", 7))).isEqualTo("c.parquet row 7");
        // The same plan gives the same IDs (a retried or resumed chunk writes the same keys).
        assertThat(new RowIdRanges("db.t", plan, 0).fingerprint()).isEqualTo(r.fingerprint());
    }

    @Test
    void aReservedBaseShiftsEveryRangeAndEntersTheFingerprint() {
        List<DataChunk> plan = List.of(chunk("a.sql", null, 100, 0, -1, 0), chunk("b.sql", null, 10, 0, -1, 1));
        RowIdRanges plain = new RowIdRanges("db.t", plan, 0);
        RowIdRanges shifted = new RowIdRanges("db.t", plan, 0, 5000);
        assertThat(shifted.span()).isEqualTo(plain.span()).isEqualTo(101 + 11);
        assertThat(shifted.base()).isEqualTo(5000);
        assertThat(shifted.rowId("a.sql", 0)).isEqualTo(plain.rowId("a.sql", 0) + 5000).isEqualTo(5001);
        assertThat(shifted.rowId("b.sql", 9)).isEqualTo(plain.rowId("b.sql", 9) + 5000)
                .isLessThanOrEqualTo(5000 + shifted.span());
        assertThat(shifted.describe(5001)).isEqualTo("a.sql at offset 0");
        assertThat(shifted.describe(5000)).isEqualTo("row ID 5000");
        assertThat(shifted.fingerprint()).isNotEqualTo(plain.fingerprint())
                .isNotEqualTo(new RowIdRanges("db.t", plan, 0, 5001).fingerprint());
        // A base past what SHARD_ROW_ID_BITS leaves fails naming the table.
        assertThatThrownBy(() -> new RowIdRanges("db.t", plan, 4, 1L << 60)).isInstanceOf(ImportException.class)
                .hasMessageContaining("db.t");
    }

    @Test
    void aRowBeyondItsFilesRangeFailsInsteadOfTakingAnotherFilesIds() {
        RowIdRanges r = new RowIdRanges("db.t", List.of(chunk("b.sql.gz", "gz", 10, 0, -1, 0),
                chunk("c.sql", null, 5, 0, -1, 1)), 0);
        long limit = 10 * RowIdRanges.COMPRESSED_FACTOR - 1;
        assertThat(r.rowId("b.sql.gz", limit - 1)).isEqualTo(limit);
        assertThatThrownBy(() -> r.rowId("b.sql.gz", limit)).isInstanceOf(ImportException.class)
                .hasMessageContaining("b.sql.gz").hasMessageContaining("decompress");
    }

    @Test
    void shardRowIdBitsLeaveLessRoom() {
        long huge = 1L << 50;
        assertThat(new RowIdRanges("db.t", List.of(chunk("a.sql", null, huge, 0, -1, 0)), 0).rowId("a.sql", 5))
                .isEqualTo(6);
        assertThatThrownBy(() -> new RowIdRanges("db.t", List.of(chunk("a.sql", null, huge, 0, -1, 0)), 15))
                .isInstanceOf(ImportException.class).hasMessageContaining("SHARD_ROW_ID_BITS=15");
    }
}
