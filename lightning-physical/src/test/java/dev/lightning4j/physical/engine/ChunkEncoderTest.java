package dev.lightning4j.physical.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.codec.Collations;
import dev.lightning4j.physical.convert.ConversionOptions;
import dev.lightning4j.physical.convert.RowConverter;
import dev.lightning4j.physical.convert.ValueConverter;
import dev.lightning4j.physical.kv.KvPair;
import dev.lightning4j.physical.kv.TableKvEncoder;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.FieldType;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.PartitionInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetRow;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkEncoderTest {
    @TempDir
    Path dir;

    @Test
    void recordsAndIndexesGoToTheirEnginesWithMatchingChecksums() throws Exception {
        TableInfo t = new TableInfo(12, "t", List.of(
                new ColumnInfo(1, "id", 0, FieldType.of(ColumnType.INT), true, true, null, false),
                ColumnInfo.of(2, "name", 1, FieldType.string(ColumnType.VARCHAR, 8, Collations.UTF8MB4_GENERAL_CI))),
                List.of(new IndexInfo(1, "PRIMARY", List.of(IndexColumn.full(0)), true, true),
                        new IndexInfo(2, "name", List.of(IndexColumn.full(1)), false, false)), true, false);
        List<TargetColumn> cols = List.of(new TargetColumn("id", 1, "int", "int(11)", false, null, false),
                new TargetColumn("name", 2, "varchar", "varchar(8)", true, "utf8mb4", false));
        List<String> rejected = new ArrayList<>();
        KvChecksum data;
        KvChecksum index;
        try (LocalEngine de = LocalEngine.open(dir.resolve("data"), EngineOptions.defaults());
                LocalEngine ie = LocalEngine.open(dir.resolve("index"), EngineOptions.defaults())) {
            try (ChunkEncoder enc = new ChunkEncoder(new RowConverter(t, new ValueConverter(ConversionOptions.strict(ZoneId.of("UTC")))),
                    new TableKvEncoder(t, true), de, ie)) {
                for (int i = 0; i < 100; i++) {
                    Object name = i == 50 ? "far too long" : "n" + i;
                    enc.write(new TargetRow(cols, new Object[] {Integer.toString(i), name}, i * 10L), i + 1,
                            (kind, offset, reason, text) -> rejected.add(offset + " " + reason));
                }
                assertThat(enc.rows()).isEqualTo(99);
                data = enc.dataChecksum();
                index = enc.indexChecksum();
            }
            assertThat(rejected).containsExactly("500 Data too long for column 'name'");
            assertThat(de.stats().kvs()).isEqualTo(99);
            assertThat(ie.stats().kvs()).isEqualTo(99);
            try (LocalEngine.KvIterator it = de.iterator(null, null)) {
                KvPair p = it.next();
                assertThat((char) p.key()[10]).isEqualTo('r');
            }
            try (LocalEngine.KvIterator it = ie.iterator(null, null)) {
                assertThat((char) it.next().key()[10]).isEqualTo('i');
            }
            assertThat(de.checksum().checksum()).isEqualTo(data.checksum());
            assertThat(ie.checksum().checksum()).isEqualTo(index.checksum());
            assertThat(ie.checksum().bytes()).isEqualTo(index.bytes());
        }
    }

    /** Rows of a RANGE-partitioned table go under their partition's ID; a row beyond the last bound is rejected. */
    @Test
    void partitionedRowsLandUnderTheirPartitionAndStrayRowsAreRejected() throws Exception {
        PartitionInfo range = new PartitionInfo(PartitionInfo.Type.RANGE, "`id`", null, List.of(
                new PartitionInfo.Definition(21, "p0", List.of("30"), null),
                new PartitionInfo.Definition(22, "p1", List.of("60"), null)));
        TableInfo t = new TableInfo(20, "parted", List.of(
                new ColumnInfo(1, "id", 0, FieldType.of(ColumnType.INT), true, false, null, false),
                ColumnInfo.of(2, "name", 1, FieldType.string(ColumnType.VARCHAR, 8, Collations.UTF8MB4_UNICODE_CI))),
                List.of(new IndexInfo(2, "name", List.of(IndexColumn.full(1)), false, false)), false, false, 0, range);
        List<TargetColumn> cols = List.of(new TargetColumn("id", 1, "int", "int(11)", false, null, false),
                new TargetColumn("name", 2, "varchar", "varchar(8)", true, "utf8mb4", false));
        List<String> rejected = new ArrayList<>();
        try (LocalEngine de = LocalEngine.open(dir.resolve("pdata"), EngineOptions.defaults());
                LocalEngine ie = LocalEngine.open(dir.resolve("pindex"), EngineOptions.defaults())) {
            try (ChunkEncoder enc = new ChunkEncoder(new RowConverter(t, new ValueConverter(ConversionOptions.strict(ZoneId.of("UTC")))),
                    new TableKvEncoder(t, true), de, ie)) {
                for (int i = 0; i < 61; i++) {
                    enc.write(new TargetRow(cols, new Object[] {Integer.toString(i), "n" + i}, i * 10L), i + 1,
                            (kind, offset, reason, text) -> rejected.add(kind + " " + offset + " " + reason));
                }
                assertThat(enc.rows()).isEqualTo(60);
            }
            assertThat(rejected).containsExactly("TYPE 600 Table has no partition for value 60 (table parted)");
            TreeSet<Long> dataIds = new TreeSet<>();
            int[] perPartition = new int[2];
            try (LocalEngine.KvIterator it = de.iterator(null, null)) {
                while (it.hasNext()) {
                    long id = tableId(it.next().key());
                    dataIds.add(id);
                    perPartition[(int) id - 21]++;
                }
            }
            assertThat(dataIds).containsExactly(21L, 22L);
            assertThat(perPartition).containsExactly(30, 30);
            try (LocalEngine.KvIterator it = ie.iterator(null, null)) {
                while (it.hasNext()) {
                    assertThat(tableId(it.next().key())).isIn(21L, 22L);
                }
            }
        }
    }

    private static long tableId(byte[] key) {
        long v = 0;
        for (int i = 1; i <= 8; i++) {
            v = (v << 8) | (key[i] & 0xFF);
        }
        return v ^ Long.MIN_VALUE;
    }
}
