package dev.lightning4j.bench;

import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.physical.model.TidbTableInfoReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark tables as TiDB describes them ({@code GET /schema/{db}/{table}} of its status port), so that
 * the physical pipeline reads them through {@link TidbTableInfoReader} exactly as it reads a real TiDB's.
 * Both tables have an INT primary key, which TiDB makes the row handle ({@code pk_is_handle}: no separate
 * primary index), and one secondary index.
 */
public final class TidbSchemas {
    private static final int NOT_NULL = 1;
    private static final int PRI_KEY = 2;
    private static final int MULTIPLE_KEY = 8;
    private static final int BINARY = 128;

    private TidbSchemas() {
    }

    /** The table of {@code dataset} ("sbtest" or "wide") as the physical backend reads it. */
    public static TableInfo table(String dataset, String name, long tableId) {
        return TidbTableInfoReader.read(json(dataset, name, tableId));
    }

    /** TiDB's JSON for the table. */
    public static String json(String dataset, String name, long tableId) {
        List<String> cols = new ArrayList<>();
        String index;
        switch (dataset) {
            case "sbtest" -> {
                cols.add(col(1, "id", 3, NOT_NULL | PRI_KEY, 11, 0, null, null));
                cols.add(col(2, "k", 3, NOT_NULL | MULTIPLE_KEY, 11, 0, null, "0"));
                cols.add(col(3, "c", 254, NOT_NULL, 120, 0, "utf8mb4_bin", ""));
                cols.add(col(4, "pad", 254, NOT_NULL, 60, 0, "utf8mb4_bin", ""));
                index = index(1, "k_1", new String[] {"k"}, new int[] {1});
            }
            case "wide" -> {
                cols.add(col(1, "c_id", 3, NOT_NULL | PRI_KEY, 11, 0, null, null));
                cols.add(col(2, "c_w_id", 2, NOT_NULL | MULTIPLE_KEY, 6, 0, null, null));
                cols.add(col(3, "c_big", 8, NOT_NULL, 20, 0, null, null));
                cols.add(col(4, "c_first", 15, NOT_NULL, 32, 0, "utf8mb4_bin", null));
                cols.add(col(5, "c_last", 15, NOT_NULL, 64, 0, "utf8mb4_bin", null));
                cols.add(col(6, "c_city", 15, 0, 64, 0, "utf8mb4_bin", null));
                cols.add(col(7, "c_credit", 254, NOT_NULL, 2, 0, "utf8mb4_bin", null));
                cols.add(col(8, "c_credit_lim", 246, NOT_NULL, 12, 2, null, null));
                cols.add(col(9, "c_balance", 246, 0, 12, 2, null, null));
                cols.add(col(10, "c_discount", 246, NOT_NULL, 4, 4, null, null));
                cols.add(col(11, "c_since", 12, NOT_NULL, 19, 0, null, null));
                cols.add(col(12, "c_birth", 10, 0, 10, 0, null, null));
                cols.add(col(13, "c_active", 1, NOT_NULL, 1, 0, null, null));
                cols.add(col(14, "c_data", 15, NOT_NULL, 500, 0, "utf8mb4_bin", null));
                cols.add(col(15, "c_photo", 252, BINARY, 65535, 0, "binary", null));
                index = index(1, "idx_w_last", new String[] {"c_w_id", "c_last"}, new int[] {1, 4});
            }
            default -> throw new IllegalArgumentException("no TiDB schema for dataset " + dataset);
        }
        return "{\"id\":" + tableId + ",\"name\":" + ci(name) + ",\"charset\":\"utf8mb4\",\"collate\":\"utf8mb4_bin\","
                + "\"cols\":[" + String.join(",", cols) + "],\"index_info\":[" + index + "],\"constraint_info\":null,"
                + "\"fk_info\":null,\"state\":5,\"pk_is_handle\":true,\"is_common_handle\":false,"
                + "\"common_handle_version\":0,\"comment\":\"\",\"auto_inc_id\":0,\"auto_id_cache\":0,"
                + "\"auto_rand_id\":0,\"max_col_id\":" + cols.size() + ",\"max_idx_id\":1,\"max_fk_id\":0,"
                + "\"max_cst_id\":0,\"update_timestamp\":0,\"ShardRowIDBits\":0,\"max_shard_row_id_bits\":0,"
                + "\"auto_random_bits\":0,\"auto_random_range_bits\":0,\"pre_split_regions\":0,\"partition\":null,"
                + "\"compression\":\"\",\"version\":5}";
    }

    /** @param collate a string column's collation (its charset follows), or null for a number or time */
    private static String col(int id, String name, int tp, int flag, int flen, int decimal, String collate,
            String dflt) {
        String charset = collate == null || collate.equals("binary") ? "binary" : "utf8mb4";
        String coll = collate == null ? "binary" : collate;
        String type = "{\"Tp\":" + tp + ",\"Flag\":" + flag + ",\"Flen\":" + flen + ",\"Decimal\":" + decimal
                + ",\"Charset\":\"" + charset + "\",\"Collate\":\"" + coll + "\",\"Elems\":null,"
                + "\"ElemsIsBinaryLit\":null,\"Array\":false}";
        String def = dflt == null ? "null" : "\"" + dflt + "\"";
        return "{\"id\":" + id + ",\"name\":" + ci(name) + ",\"offset\":" + (id - 1) + ",\"origin_default\":" + def
                + ",\"origin_default_bit\":null,\"default\":" + def + ",\"default_bit\":null,"
                + "\"default_is_expr\":false,\"generated_expr_string\":\"\",\"generated_stored\":false,"
                + "\"dependences\":null,\"type\":" + type + ",\"state\":5,\"comment\":\"\",\"hidden\":false,"
                + "\"change_state_info\":null,\"version\":2}";
    }

    private static String index(int id, String name, String[] columns, int[] offsets) {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            cols.add("{\"name\":" + ci(columns[i]) + ",\"offset\":" + offsets[i] + ",\"length\":-1}");
        }
        return "{\"id\":" + id + ",\"idx_name\":" + ci(name) + ",\"tbl_name\":{\"O\":\"\",\"L\":\"\"},"
                + "\"idx_cols\":[" + String.join(",", cols) + "],\"state\":5,\"backfill_state\":0,\"comment\":\"\","
                + "\"index_type\":1,\"is_unique\":false,\"is_primary\":false,\"is_invisible\":false,"
                + "\"is_global\":false,\"mv_index\":false}";
    }

    private static String ci(String name) {
        return "{\"O\":\"" + name + "\",\"L\":\"" + name.toLowerCase(java.util.Locale.ROOT) + "\"}";
    }
}
