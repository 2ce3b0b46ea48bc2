package dev.lightning4j.physical.model;

import static dev.lightning4j.physical.kv.KvPairAssertions.assertPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.physical.codec.Collations;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.kv.KvPair;
import dev.lightning4j.physical.kv.TableKvEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TiDB's model.TableInfo JSON (field names from TiDB's struct tags; the sample is written by hand, not
 * captured from a server) read into the encoder's model.
 */
class TidbTableInfoReaderTest {

    private static String column(int id, String name, int offset, String type, String extra) {
        return "{\"id\":" + id + ",\"name\":{\"O\":\"" + name + "\",\"L\":\"" + name.toLowerCase() + "\"},\"offset\":"
                + offset + ",\"origin_default\":null,\"default\":null,\"default_is_expr\":false,"
                + "\"generated_expr_string\":\"\",\"generated_stored\":false,\"dependences\":null,\"type\":" + type
                + ",\"state\":5,\"comment\":\"\",\"hidden\":false,\"version\":2" + extra + "}";
    }

    private static String type(int tp, int flag, int flen, int decimal, String charset, String collate) {
        return "{\"Tp\":" + tp + ",\"Flag\":" + flag + ",\"Flen\":" + flen + ",\"Decimal\":" + decimal + ",\"Charset\":\""
                + charset + "\",\"Collate\":\"" + collate + "\",\"Elems\":null,\"ElemsIsBinaryLit\":null,\"Array\":false}";
    }

    private static String index(int id, String name, boolean unique, int offset, String colName) {
        return "{\"id\":" + id + ",\"idx_name\":{\"O\":\"" + name + "\",\"L\":\"" + name + "\"},\"tbl_name\":{\"O\":\"\",\"L\":\"\"},"
                + "\"idx_cols\":[{\"name\":{\"O\":\"" + colName + "\",\"L\":\"" + colName + "\"},\"offset\":" + offset
                + ",\"length\":-1}],\"state\":5,\"backfill_state\":0,\"comment\":\"\",\"index_type\":1,\"is_unique\":" + unique
                + ",\"is_primary\":false,\"is_invisible\":false,\"is_global\":false,\"mv_index\":false}";
    }

    private static String table(String extra) {
        return "{\"id\":61,\"name\":{\"O\":\"t\",\"L\":\"t\"},\"charset\":\"utf8mb4\",\"collate\":\"utf8mb4_bin\",\"cols\":["
                + column(1, "a", 0, type(3, 0, 11, 0, "binary", "binary"), "") + ","
                + column(2, "b", 1, type(15, 0, 10, 0, "utf8mb4", "utf8mb4_bin"), "") + ","
                + column(3, "c", 2, type(15, 0, 10, 0, "utf8mb4", "utf8mb4_general_ci"), "") + ","
                + column(4, "d", 3, type(246, 1, 12, 3, "binary", "binary"), ",\"x\":1").replace("\"default\":null", "\"default\":\"1.5\"")
                + "],\"index_info\":[" + index(2, "i_b", false, 1, "b") + "," + index(6, "i_ub", true, 1, "b") + "],"
                + "\"constraint_info\":null,\"fk_info\":null,\"state\":5,\"pk_is_handle\":false,\"is_common_handle\":false,"
                + "\"common_handle_version\":0,\"comment\":\"\",\"auto_inc_id\":0,\"ShardRowIDBits\":0,\"auto_random_bits\":0,"
                + "\"partition\":null" + extra + "}";
    }

    /** The pairs of row (1, "a ", {@code c}, 1.500) of the table read, handle 1. */
    private static List<KvPair> encodeRow(TableInfo t, Datum c) {
        Datum[] row = {Datum.ofInt(1), Datum.ofString("a ", Collations.UTF8MB4_BIN), c,
            Datum.ofDecimal(new java.math.BigDecimal("1.500"), 12, 3)};
        return new TableKvEncoder(t, true).encode(row, 1);
    }

    @Test
    void readsIdsTypesAndIndexes() {
        TableInfo t = TidbTableInfoReader.read(table(""));
        assertThat(t.id()).isEqualTo(61);
        assertThat(t.columns()).extracting(ColumnInfo::name).containsExactly("a", "b", "c", "d");
        assertThat(t.columns().get(1).type().collation()).isSameAs(Collations.UTF8MB4_BIN);
        assertThat(t.columns().get(1).type().type()).isEqualTo(ColumnType.VARCHAR);
        FieldType d = t.columns().get(3).type();
        assertThat(d.type()).isEqualTo(ColumnType.DECIMAL);
        assertThat(d.length()).isEqualTo(12);
        assertThat(d.scale()).isEqualTo(3);
        assertThat(t.columns().get(3).notNull()).isTrue();
        assertThat(t.columns().get(3).defaultValue()).isEqualTo("1.5");
        assertThat(t.indexes()).extracting(IndexInfo::id).containsExactly(2L, 6L);

        // Encoding with the read model reproduces the pair TiDB wrote for i_b (TiKV index scan capture).
        List<KvPair> kvs = encodeRow(t, Datum.ofString("x", Collations.UTF8MB4_GENERAL_CI));
        assertPair(kvs.get(1), "74 80 00 00 00 00 00 00 3d 5f 69 80 00 00 00 00 00 00"
                + " 02 01 61 00 00 00 00 00 00 00 f8 03 80 00 00 00 00 00 00 01",
                "00 80 00 01 00 00 00 02 02 00 61 20");
    }

    @Test
    void unicodeCiColumnsGetTheirCollation() {
        TableInfo t = TidbTableInfoReader.read(table("").replace("\"utf8mb4_general_ci\"", "\"utf8_unicode_ci\""));
        assertThat(t.columns().get(2).type().collation().name()).isEqualTo("utf8_unicode_ci");
        assertThat(t.columns().get(2).type().collation().key("Straße".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .containsExactly(Collations.UTF8MB4_UNICODE_CI.key("STRASSE".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(t.physicalIds()).containsExactly(61L);
        assertThat(t.isPartitioned()).isFalse();
    }

    /** A utf8mb4_0900_ai_ci column is read with its collation, and its index pairs carry UCA 9.0.0 keys. */
    @Test
    void unicode0900AiCiColumnsAreEncoded() {
        TableInfo t = TidbTableInfoReader.read(table("")
                .replace("\"utf8mb4_general_ci\"", "\"utf8mb4_0900_ai_ci\"")
                .replace(index(2, "i_b", false, 1, "b"), index(3, "i_c", false, 2, "c")));
        FieldType c = t.columns().get(2).type();
        assertThat(c.collation()).isSameAs(Collations.UTF8MB4_0900_AI_CI);
        assertThat(c.needsRestoredData(true)).isTrue();
        assertThat(c.needsRestoredData(false)).isFalse();

        List<KvPair> kvs = encodeRow(t, Datum.ofString("Ä ", Collations.UTF8MB4_0900_AI_CI));
        // i_c: the key holds "Ä " as 1C47 0209 (NO PAD), the value restores the original bytes C3 84 20.
        assertPair(kvs.get(1), "74 80 00 00 00 00 00 00 3d 5f 69 80 00 00 00 00"
                + " 00 00 03 01 1c 47 02 09 00 00 00 00 fb 03 80 00 00 00 00 00 00 01",
                "00 80 00 01 00 00 00 03 03 00 c3 84 20");
    }

    @Test
    void refusesWhatItCannotEncodeYet() {
        assertThatThrownBy(() -> TidbTableInfoReader.read(table("").replace("\"utf8mb4\",\"Collate\":\"utf8mb4_general_ci\"",
                "\"gbk\",\"Collate\":\"gbk_chinese_ci\"")))
                .hasMessageContaining("column c uses collation gbk_chinese_ci").hasMessageContaining("logical backend");
        assertThatThrownBy(() -> TidbTableInfoReader.read(table("").replace("\"partition\":null", "\"partition\":{\"type\":1}")))
                .hasMessageContaining("table t").hasMessageContaining("lists no partitions");
        assertThatThrownBy(() -> TidbTableInfoReader.read(table("").replace("\"auto_random_bits\":0", "\"auto_random_bits\":5")))
                .hasMessageContaining("AUTO_RANDOM");
        assertThat(TidbTableInfoReader.read(table("").replace("\"ShardRowIDBits\":0", "\"ShardRowIDBits\":4")).shardRowIdBits()).isEqualTo(4);
        assertThatThrownBy(() -> TidbTableInfoReader.read("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TidbTableInfoReader.read(table("").replace(
                "\"name\":{\"O\":\"b\",\"L\":\"b\"},\"offset\":1,\"origin_default\":null,\"default\":null,"
                        + "\"default_is_expr\":false,\"generated_expr_string\":\"\"",
                "\"name\":{\"O\":\"b\",\"L\":\"b\"},\"offset\":1,\"origin_default\":null,\"default\":null,"
                        + "\"default_is_expr\":false,\"generated_expr_string\":\"concat(c, 'x')\"")))
                .hasMessageContaining("virtual generated column b");
    }

    /** A BIGINT handle column with AUTO_RANDOM(bits); {@code extra} adds table attributes. */
    private static String autoRandomTable(int bits, String extra) {
        return table(extra).replace(column(1, "a", 0, type(3, 0, 11, 0, "binary", "binary"), ""),
                column(1, "a", 0, type(8, 3, 20, 0, "binary", "binary"), ""))
                .replace("\"pk_is_handle\":false", "\"pk_is_handle\":true")
                .replace("\"auto_random_bits\":0", "\"auto_random_bits\":" + bits);
    }

    @Test
    void readsAutoRandomAndWhetherAutoIdCacheOneSeparatesTheAllocators() {
        TableInfo t = TidbTableInfoReader.read(autoRandomTable(5, ",\"auto_random_range_bits\":0"));
        assertThat(t.autoIds()).isEqualTo(new AutoIds(5, 0, false));
        assertThat(t.autoRandomColumn()).map(ColumnInfo::name).contains("a");
        assertThat(t.columns()).filteredOn(ColumnInfo::autoRandom).hasSize(1);
        assertThat(t.autoRandomFormat()).contains(new ShardIdFormat(5, 58));
        assertThat(TidbTableInfoReader.read(autoRandomTable(6, ",\"auto_random_range_bits\":40")).autoRandomFormat())
                .contains(new ShardIdFormat(6, 33));
        // SepAutoInc: auto_id_cache 1 on table info version 5 and later only.
        assertThat(TidbTableInfoReader.read(table(",\"auto_id_cache\":1,\"version\":5")).autoIds().sepAutoInc()).isTrue();
        assertThat(TidbTableInfoReader.read(table(",\"auto_id_cache\":1,\"version\":4")).autoIds().sepAutoInc()).isFalse();
        assertThat(TidbTableInfoReader.read(table(",\"auto_id_cache\":100,\"version\":5")).autoIds().sepAutoInc()).isFalse();
        assertThat(TidbTableInfoReader.read(table("")).autoIds()).isEqualTo(AutoIds.NONE);
        // AUTO_RANDOM needs the clustered integer key TiDB puts it on.
        assertThatThrownBy(() -> TidbTableInfoReader.read(autoRandomTable(5, "").replace("\"pk_is_handle\":true",
                "\"pk_is_handle\":false"))).hasMessageContaining("AUTO_RANDOM").hasMessageContaining("table t");
        assertThatThrownBy(() -> TidbTableInfoReader.read(autoRandomTable(5, ",\"auto_random_range_bits\":20")))
                .hasMessageContaining("auto_random_range_bits 20");
    }

    /** TiDB stores literal TIMESTAMP defaults in UTC; the converter reads them in the session zone. */
    @Test
    void timestampDefaultsMoveFromUtcToTheSessionZone() {
        String json = table("").replace(column(4, "d", 3, type(246, 1, 12, 3, "binary", "binary"), ",\"x\":1")
                .replace("\"default\":null", "\"default\":\"1.5\""),
                column(4, "d", 3, type(7, 1, 19, 0, "binary", "binary"), "")
                        .replace("\"default\":null", "\"default\":\"2020-01-01 00:00:00\""));
        TableInfo t = TidbTableInfoReader.read(json, java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(t.columns().get(3).type().type()).isEqualTo(ColumnType.TIMESTAMP);
        assertThat(t.columns().get(3).defaultValue()).isEqualTo("2020-01-01 08:00:00");
    }
}
