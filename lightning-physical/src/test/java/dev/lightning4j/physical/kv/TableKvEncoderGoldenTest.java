package dev.lightning4j.physical.kv;

import static dev.lightning4j.physical.kv.KvPairAssertions.assertPair;
import static dev.lightning4j.physical.kv.KvPairAssertions.indexPair;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.codec.Collation;
import dev.lightning4j.physical.codec.Collations;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.Hex;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.FieldType;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole-row encoding against key/value pairs captured from a real TiDB (TiKV's index_scan_executor.rs
 * tests) and TiDB Lightning's sql2kv tests.
 */
class TableKvEncoderGoldenTest {

    /** The captures' utf8mb4_unicode_ci columns, keyed by the real UCA 4.0.0 weights. */
    static final Collation UNICODE_CI = Collations.UTF8MB4_UNICODE_CI;

    private static Datum str(String s, Collation c) {
        return Datum.ofString(s, c);
    }

    private static IndexInfo index(long id, boolean unique, int... offsets) {
        List<IndexColumn> cols = new ArrayList<>();
        for (int o : offsets) {
            cols.add(IndexColumn.full(o));
        }
        return new IndexInfo(id, "i" + id, cols, unique, false);
    }

    /** Lightning sql2kv_test TestEncodeDoubleAutoIncrement: id DOUBLE with a unique key, row ID 70. */
    @Test
    void lightningDoubleUniqueKey() {
        TableInfo t = new TableInfo(1, "t",
                List.of(new ColumnInfo(1, "id", 0, FieldType.of(ColumnType.DOUBLE), true, false, null, false, true)),
                List.of(index(1, true, 0)), false, false);
        List<KvPair> kvs = new TableKvEncoder(t, true).encode(new Datum[] {Datum.ofFloat64(1.0)}, 70);
        assertThat(kvs).hasSize(2);
        assertPair(kvs.get(0), "74 80 00 00 00 00 00 00 01 5F 72 80 00 00 00 00 00 00 46",
                "80 00 01 00 00 00 01 08 00 BF F0 00 00 00 00 00 00");
        assertPair(kvs.get(1), "74 80 00 00 00 00 00 00 01 5F 69 80 00 00 00 00 00 00 01 05 BF F0 00 00 00 00 00 00",
                "00 00 00 00 00 00 00 46");
    }

    /** Lightning TestEncodeRowFormatV2: TINYINT 127, row ID 1. */
    @Test
    void lightningTinyintRecord() {
        TableInfo t = new TableInfo(1, "t",
                List.of(ColumnInfo.of(1, "c1", 0, FieldType.of(ColumnType.TINYINT))), List.of(), false, false);
        List<KvPair> kvs = new TableKvEncoder(t, true).encode(new Datum[] {Datum.ofInt(127)}, 1);
        assertPair(kvs.get(0), "74 80 00 00 00 00 00 00 01 5F 72 80 00 00 00 00 00 00 01", "80 00 01 00 00 00 01 01 00 7F");
    }

    /** tablecodec TestCutPrefix: index prefix of table 42 index 666. */
    @Test
    void indexPrefix() {
        byte[] p = TableCodec.indexPrefix(42, 666);
        assertThat(Hex.str(p)).isEqualTo(Hex.str(Hex.bytes(
                "74 80 00 00 00 00 00 00 2A 5F 69 80 00 00 00 00 00 02 9A")));
    }

    /**
     * TiKV test_int_handle_varchar_index: t(a int, b varchar(10) utf8mb4_bin, c varchar(10) utf8mb4_unicode_ci)
     * with i_a(1) i_b(2) i_c(3) i_abc(4) and the unique ones 5..8; row (1, "a ", "A "), handle 1.
     */
    @Test
    void intHandleVarcharIndexes() {
        TableKvEncoder enc = varcharTable(0x3d);
        Datum[] row = {Datum.ofInt(1), str("a ", Collations.UTF8MB4_BIN), str("A ", UNICODE_CI)};
        String t = "74 80 00 00 00 00 00 00 3d 5f 69 80 00 00 00 00 00 00";
        assertPair(indexPair(varcharTable(0x31), row, 1, 1),
                "74 80 00 00 00 00 00 00 31 5f 69 80 00 00 00 00 00 00 01 03 80 00 00 00 00 00 00 01 03 80 00 00 00 00 00 00 01",
                "30");
        assertPair(indexPair(varcharTable(0x35), row, 1, 5),
                "74 80 00 00 00 00 00 00 35 5f 69 80 00 00 00 00 00 00 05 03 80 00 00 00 00 00 00 01",
                "00 00 00 00 00 00 00 01");
        assertPair(indexPair(enc, row, 1, 2), t + " 02 01 61 00 00 00 00 00 00 00 f8 03 80 00 00 00 00 00 00 01",
                "00 80 00 01 00 00 00 02 02 00 61 20");
        assertPair(indexPair(enc, row, 1, 6), t + " 06 01 61 00 00 00 00 00 00 00 f8",
                "08 80 00 01 00 00 00 02 02 00 61 20 00 00 00 00 00 00 00 01");
        assertPair(indexPair(enc, row, 1, 3), t + " 03 01 0e 33 00 00 00 00 00 00 f9 03 80 00 00 00 00 00 00 01",
                "00 80 00 01 00 00 00 03 02 00 41 20");
        assertPair(indexPair(enc, row, 1, 7), t + " 07 01 0e 33 00 00 00 00 00 00 f9",
                "08 80 00 01 00 00 00 03 02 00 41 20 00 00 00 00 00 00 00 01");
        assertPair(indexPair(enc, row, 1, 4),
                t + " 04 03 80 00 00 00 00 00 00 01 01 61 00 00 00 00 00 00 00 f8 01 0e 33 00 00 00 00 00 00 f9"
                        + " 03 80 00 00 00 00 00 00 01",
                "00 80 00 03 00 00 00 01 02 03 01 00 03 00 05 00 01 61 20 41 20");
        assertPair(indexPair(enc, row, 1, 8),
                t + " 08 03 80 00 00 00 00 00 00 01 01 61 00 00 00 00 00 00 00 f8 01 0e 33 00 00 00 00 00 00 f9",
                "08 80 00 03 00 00 00 01 02 03 01 00 03 00 05 00 01 61 20 41 20 00 00 00 00 00 00 00 01");
    }

    private static TableKvEncoder varcharTable(long tableId) {
        TableInfo t = new TableInfo(tableId, "t", List.of(
                ColumnInfo.of(1, "a", 0, FieldType.of(ColumnType.INT)),
                ColumnInfo.of(2, "b", 1, FieldType.string(ColumnType.VARCHAR, 10, Collations.UTF8MB4_BIN)),
                ColumnInfo.of(3, "c", 2, FieldType.string(ColumnType.VARCHAR, 10, UNICODE_CI))),
                List.of(index(1, false, 0), index(2, false, 1), index(3, false, 2), index(4, false, 0, 1, 2),
                        index(5, true, 0), index(6, true, 1), index(7, true, 2), index(8, true, 0, 1, 2)),
                false, false);
        return new TableKvEncoder(t, true);
    }

    /**
     * TiKV's char-column capture: t(a int, b char(10) utf8mb4_bin, c char(10) utf8mb4_unicode_ci), same
     * indexes; CHAR values lose their trailing spaces on insert, so the row holds (1, "a", "A").
     */
    @Test
    void intHandleCharIndexes() {
        Datum[] row = {Datum.ofInt(1), str("a", Collations.UTF8MB4_BIN), str("A", UNICODE_CI)};
        assertPair(indexPair(charTable(0x31), row, 1, 3),
                "74 80 00 00 00 00 00 00 31 5f 69 80 00 00 00 00 00 00 03 01 0e 33 00 00 00 00 00 00 f9"
                        + " 03 80 00 00 00 00 00 00 01",
                "00 80 00 01 00 00 00 03 01 00 41");
        TableKvEncoder enc = charTable(0x35);
        String t = "74 80 00 00 00 00 00 00 35 5f 69 80 00 00 00 00 00 00";
        assertPair(indexPair(enc, row, 1, 7), t + " 07 01 0e 33 00 00 00 00 00 00 f9",
                "08 80 00 01 00 00 00 03 01 00 41 00 00 00 00 00 00 00 01");
        assertPair(indexPair(enc, row, 1, 4),
                t + " 04 03 80 00 00 00 00 00 00 01 01 61 00 00 00 00 00 00 00 f8 01 0e 33 00 00 00 00 00 00 f9"
                        + " 03 80 00 00 00 00 00 00 01",
                "00 80 00 03 00 00 00 01 02 03 01 00 02 00 03 00 01 61 41");
        assertPair(indexPair(enc, row, 1, 8),
                t + " 08 03 80 00 00 00 00 00 00 01 01 61 00 00 00 00 00 00 00 f8 01 0e 33 00 00 00 00 00 00 f9",
                "08 80 00 03 00 00 00 01 02 03 01 00 02 00 03 00 01 61 41 00 00 00 00 00 00 00 01");
        // A _bin CHAR needs no restored data: the old layout.
        assertThat(indexPair(enc, row, 1, 2).value()).containsExactly('0');
        assertThat(indexPair(enc, row, 1, 6).value()).containsExactly(Hex.bytes("00 00 00 00 00 00 00 01"));
    }

    private static TableKvEncoder charTable(long tableId) {
        TableInfo t = new TableInfo(tableId, "t", List.of(
                ColumnInfo.of(1, "a", 0, FieldType.of(ColumnType.INT)),
                ColumnInfo.of(2, "b", 1, FieldType.string(ColumnType.CHAR, 10, Collations.UTF8MB4_BIN)),
                ColumnInfo.of(3, "c", 2, FieldType.string(ColumnType.CHAR, 10, UNICODE_CI))),
                List.of(index(1, false, 0), index(2, false, 1), index(3, false, 2), index(4, false, 0, 1, 2),
                        index(5, true, 0), index(6, true, 1), index(7, true, 2), index(8, true, 0, 1, 2)),
                false, false);
        return new TableKvEncoder(t, true);
    }

    /**
     * TiKV test_common_handle_index: t(a int, b char(10) utf8mb4_bin, c char(10) utf8mb4_unicode_ci,
     * d varchar(10) utf8mb4_bin, e varchar(10) utf8mb4_general_ci, PRIMARY KEY(a,b,c,d,e) CLUSTERED),
     * indexes i_a..i_e (2..6), i_abcde (7), unique 8..13; row (1, "a ", "A ", "a ", "A ").
     */
    @Test
    void clusteredCommonHandleIndexes() {
        Datum[] row = {Datum.ofInt(1), str("a", Collations.UTF8MB4_BIN), str("A", UNICODE_CI),
            str("a ", Collations.UTF8MB4_BIN), str("A ", Collations.UTF8MB4_GENERAL_CI)};
        String handle = "03 80 00 00 00 00 00 00 01 01 61 00 00 00 00 00 00 00 f8 01 0e 33 00 00 00 00 00 00 f9"
                + " 01 61 00 00 00 00 00 00 00 f8 01 00 41 00 00 00 00 00 00 f9";
        String restored = "80 00 03 00 00 00 03 04 05 01 00 02 00 04 00 41 01 41 20";
        String uniqueValue = "00 7d 01 7f 00 31 " + handle + " " + restored;
        String t31 = "74 80 00 00 00 00 00 00 31 5f 69 80 00 00 00 00 00 00";
        String t40 = "74 80 00 00 00 00 00 00 40 5f 69 80 00 00 00 00 00 00";
        TableKvEncoder e31 = clusteredTable(0x31);
        TableKvEncoder e40 = clusteredTable(0x40);

        assertPair(indexPair(e31, row, 0, 2), t31 + " 02 03 80 00 00 00 00 00 00 01 " + handle, "00 7d 01 " + restored);
        assertPair(indexPair(e31, row, 0, 8), t31 + " 08 03 80 00 00 00 00 00 00 01", uniqueValue);
        assertPair(indexPair(e31, row, 0, 3), t31 + " 03 01 61 00 00 00 00 00 00 00 f8 " + handle, "00 7d 01 " + restored);
        assertPair(indexPair(e40, row, 0, 9), t40 + " 09 01 61 00 00 00 00 00 00 00 f8", uniqueValue);
        assertPair(indexPair(e40, row, 0, 4), t40 + " 04 01 0e 33 00 00 00 00 00 00 f9 " + handle, "00 7d 01 " + restored);
        assertPair(indexPair(e40, row, 0, 10), t40 + " 0a 01 0e 33 00 00 00 00 00 00 f9", uniqueValue);
        assertPair(indexPair(e40, row, 0, 5), t40 + " 05 01 61 00 00 00 00 00 00 00 f8 " + handle, "00 7d 01 " + restored);
        assertPair(indexPair(e40, row, 0, 11), t40 + " 0b 01 61 00 00 00 00 00 00 00 f8", uniqueValue);
        assertPair(indexPair(e40, row, 0, 6), t40 + " 06 01 00 41 00 00 00 00 00 00 f9 " + handle, "00 7d 01 " + restored);
        assertPair(indexPair(e40, row, 0, 12), t40 + " 0c 01 00 41 00 00 00 00 00 00 f9", uniqueValue);
        assertPair(indexPair(e40, row, 0, 7), t40 + " 07 " + handle + " " + handle, "00 7d 01 " + restored);
        assertPair(indexPair(e40, row, 0, 13), t40 + " 0d " + handle, uniqueValue);

        // The record is keyed by the handle; its value keeps only the columns the key cannot restore.
        KvPair record = e40.encode(row, 0).get(0);
        assertPair(record, "74 80 00 00 00 00 00 00 40 5f 72 " + handle,
                "80 00 03 00 00 00 03 04 05 01 00 03 00 05 00 41 61 20 41 20");
        assertThat(e40.encode(row, 0)).hasSize(13);
    }

    private static TableKvEncoder clusteredTable(long tableId) {
        List<ColumnInfo> cols = List.of(
                pk(1, "a", 0, FieldType.of(ColumnType.INT)),
                pk(2, "b", 1, FieldType.string(ColumnType.CHAR, 10, Collations.UTF8MB4_BIN)),
                pk(3, "c", 2, FieldType.string(ColumnType.CHAR, 10, UNICODE_CI)),
                pk(4, "d", 3, FieldType.string(ColumnType.VARCHAR, 10, Collations.UTF8MB4_BIN)),
                pk(5, "e", 4, FieldType.string(ColumnType.VARCHAR, 10, Collations.UTF8MB4_GENERAL_CI)));
        List<IndexInfo> idx = new ArrayList<>();
        idx.add(new IndexInfo(1, "PRIMARY", List.of(IndexColumn.full(0), IndexColumn.full(1), IndexColumn.full(2),
                IndexColumn.full(3), IndexColumn.full(4)), true, true));
        for (int i = 0; i < 5; i++) {
            idx.add(index(2 + i, false, i));
        }
        idx.add(index(7, false, 0, 1, 2, 3, 4));
        for (int i = 0; i < 5; i++) {
            idx.add(index(8 + i, true, i));
        }
        idx.add(index(13, true, 0, 1, 2, 3, 4));
        return new TableKvEncoder(new TableInfo(tableId, "t", cols, idx, false, true), true);
    }

    private static ColumnInfo pk(long id, String name, int offset, FieldType type) {
        return new ColumnInfo(id, name, offset, type, true, true, null, false);
    }

    /** With new collations off (old clusters), keys hold raw string bytes and values carry no restored data. */
    @Test
    void oldCollationKeysAreRawBytes() {
        TableInfo t = new TableInfo(0x3d, "t", List.of(
                ColumnInfo.of(1, "a", 0, FieldType.of(ColumnType.INT)),
                ColumnInfo.of(2, "b", 1, FieldType.string(ColumnType.VARCHAR, 10, Collations.UTF8MB4_GENERAL_CI))),
                List.of(index(2, false, 1), index(6, true, 1)), false, false);
        TableKvEncoder enc = new TableKvEncoder(t, false);
        Datum[] row = {Datum.ofInt(1), str("A ", Collations.UTF8MB4_GENERAL_CI)};
        String p = "74 80 00 00 00 00 00 00 3d 5f 69 80 00 00 00 00 00 00";
        assertPair(indexPair(enc, row, 1, 2), p + " 02 01 41 20 00 00 00 00 00 00 f9 03 80 00 00 00 00 00 00 01", "30");
        assertPair(indexPair(enc, row, 1, 6), p + " 06 01 41 20 00 00 00 00 00 00 f9", "00 00 00 00 00 00 00 01");
    }

    /**
     * Lightning TestShardRowId: with SHARD_ROW_ID_BITS = 3 the handle keeps the row ID in its low 60 bits
     * and 32 rows spread over all 8 shards.
     */
    @Test
    void shardRowIdBits() {
        TableInfo t = new TableInfo(1, "t", List.of(ColumnInfo.of(1, "s", 0,
                FieldType.string(ColumnType.VARCHAR, 16, Collations.UTF8MB4_BIN))), List.of(), false, false, 3);
        TableKvEncoder enc = new TableKvEncoder(t, true);
        java.util.Set<Long> shards = new java.util.HashSet<>();
        for (long i = 1; i <= 32; i++) {
            byte[] key = enc.encode(new Datum[] {str(Long.toString(i), Collations.UTF8MB4_BIN)}, i).get(0).key();
            long handle = java.nio.ByteBuffer.wrap(key, 11, 8).getLong() ^ Long.MIN_VALUE;
            assertThat(handle & ((1L << 60) - 1)).isEqualTo(i);
            assertThat(handle).isNotNegative();
            shards.add(handle >> 60);
            // Same row ID, same handle: a re-encoded chunk overwrites instead of duplicating.
            assertThat(enc.encode(new Datum[] {str("x", Collations.UTF8MB4_BIN)}, i).get(0).key()).containsExactly(key);
        }
        assertThat(shards).hasSize(8);
    }
}
