package dev.lightning4j.physical.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.model.AutoIds;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.FieldType;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** AUTO_RANDOM values the encoder fills in, and the handles they key. */
class AutoRandomEncodingTest {

    /** id BIGINT [UNSIGNED] PRIMARY KEY AUTO_RANDOM(bits, range), v BIGINT; the primary key is the handle. */
    private static TableInfo table(int bits, int range, boolean unsigned) {
        FieldType idType = unsigned ? FieldType.unsigned(ColumnType.BIGINT) : FieldType.of(ColumnType.BIGINT);
        return new TableInfo(77, "t", List.of(new ColumnInfo(1, "id", 0, idType, true, true, null, false, false, true),
                ColumnInfo.of(2, "v", 1, FieldType.of(ColumnType.BIGINT))),
                List.of(new IndexInfo(1, "PRIMARY", List.of(new IndexColumn(0, IndexColumn.FULL)), true, true)),
                true, false, 0, null, new AutoIds(bits, range, false));
    }

    @Test
    void anAbsentValueIsComposedFromTheShardOfItsRowIdAndTheRowId() {
        TableKvEncoder enc = new TableKvEncoder(table(5, 0, false), true);
        Set<Long> handles = new HashSet<>();
        for (long rowId = 1; rowId <= 2000; rowId++) {
            Datum[] row = {Datum.NULL, Datum.ofInt(rowId)};
            List<KvPair> kvs = enc.encode(row, rowId);
            long v = row[0].longValue();
            long shard = TableKvEncoder.autoRandomShard(rowId) & 31;
            assertThat(v).isEqualTo((shard << 58) | rowId).isPositive();
            assertThat(kvs.get(0).key()).isEqualTo(TableCodec.recordKey(77, v));
            handles.add(v);
        }
        assertThat(handles).hasSize(2000);
        // The shards spread: every one of the 32 is used.
        assertThat(handles.stream().map(h -> h >>> 58).distinct().count()).isEqualTo(32);
        assertThat(enc.maxAutoRandomBase()).isEqualTo(2000);
        // The same row ID gives the same value again (a retried or resumed chunk writes the same keys).
        Datum[] again = {Datum.NULL, Datum.ofInt(0)};
        new TableKvEncoder(table(5, 0, false), true).encode(again, 1234);
        assertThat(again[0].longValue()).isEqualTo((TableKvEncoder.autoRandomShard(1234) & 31) << 58 | 1234);
    }

    @Test
    void aGivenValueIsKeptAndItsIncrementalPartCountsForTheRebase() {
        TableKvEncoder enc = new TableKvEncoder(table(5, 0, false), true);
        long given = (17L << 58) | 5_000;
        Datum[] row = {Datum.ofInt(given), Datum.ofInt(1)};
        List<KvPair> kvs = enc.encode(row, 3);
        assertThat(row[0].longValue()).isEqualTo(given);
        assertThat(kvs.get(0).key()).isEqualTo(TableCodec.recordKey(77, given));
        assertThat(enc.maxAutoRandomBase()).isEqualTo(5_000);
        enc.encode(new Datum[] {Datum.ofInt(-8), Datum.ofInt(1)}, 4); // TiDB does not rebase on negative values
        assertThat(enc.maxAutoRandomBase()).isEqualTo(5_000);
    }

    @Test
    void unsignedColumnsGetTheShardInTheTopBit() {
        TableKvEncoder enc = new TableKvEncoder(table(5, 0, true), true);
        long rowId = 1;
        while ((TableKvEncoder.autoRandomShard(rowId) & 31) < 16) {
            rowId++; // a row whose shard sets the top bit
        }
        Datum[] row = {Datum.NULL, Datum.ofInt(1)};
        enc.encode(row, rowId);
        assertThat(row[0].kind()).isEqualTo(Datum.Kind.UINT);
        assertThat(row[0].longValue()).isNegative().isEqualTo((TableKvEncoder.autoRandomShard(rowId) & 31) << 59 | rowId);
    }

    @Test
    void aRowIdPastTheIncrementalBitsIsARowError() {
        TableKvEncoder enc = new TableKvEncoder(table(5, 32, false), true); // 26 incremental bits
        Datum[] ok = {Datum.NULL, Datum.ofInt(1)};
        enc.encode(ok, (1L << 26) - 1);
        assertThat(ok[0].longValue() & ((1L << 26) - 1)).isEqualTo((1L << 26) - 1);
        List<KvPair> written = new java.util.ArrayList<>();
        assertThatThrownBy(() -> enc.encode(new Datum[] {Datum.NULL, Datum.ofInt(1)}, 1L << 26,
                (k, v) -> written.add(new KvPair(k, v)))).isInstanceOf(AutoIdOverflowException.class)
                .hasMessageContaining("'id'").hasMessageContaining("row ID 67108864")
                .hasMessageContaining("26 incremental bits");
        assertThat(written).isEmpty();
        // A given value needs no bits of the row ID.
        enc.encode(new Datum[] {Datum.ofInt(12), Datum.ofInt(1)}, 1L << 40);
    }
}
