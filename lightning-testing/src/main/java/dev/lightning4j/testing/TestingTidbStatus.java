package dev.lightning4j.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A stand-in for TiDB's status HTTP server over a MariaDB/MySQL schema: {@code /status} answers a TiDB
 * version, {@code /schema/{db}/{table}} answers the table's metadata in the JSON shape of TiDB's
 * {@code model.TableInfo}, built from the server's {@code information_schema}, and {@code /db-table/{tableID}}
 * answers {@code {"db_info":{..},"table_info":{..}}} for a table ID given out before. The schema lives in the SQL
 * server (DDL runs there as usual); the IDs TiDB would allocate are made up here: a table ID once per table
 * name, a database ID once per database name (from the same counter), column IDs by position (1..n), index IDs
 * in index order (1..n).
 *
 * <p>A table the server partitions gets TiDB's {@code "partition"} object from
 * {@code information_schema.PARTITIONS}: type 1 RANGE (also RANGE COLUMNS), 2 HASH, 3 LIST (also LIST COLUMNS),
 * 4 KEY; the expression restored the way TiDB prints it (functions in capitals, {@code %} for {@code MOD}) or
 * the column names of the COLUMNS and KEY forms; each partition with an ID allocated like a table ID (once per
 * table and partition name), its {@code less_than} bounds or {@code in_values} tuples as SQL text
 * ({@code MAXVALUE}, {@code NULL}, {@code DEFAULT} for a LIST default partition); {@code KEY()} names the
 * primary key's columns. LINEAR HASH / LINEAR KEY are
 * described as plain HASH / KEY, as TiDB keeps them; subpartitioned tables, which TiDB cannot create, are refused.
 *
 * <p>Like TiDB with clustered indexes on: a single integer primary key is the handle ({@code pk_is_handle}),
 * any other primary key is a clustered common handle, unless the table's COMMENT says {@code NONCLUSTERED}.
 */
public final class TestingTidbStatus implements AutoCloseable {
    /** The version {@code /status} reports by default. */
    public static final String DEFAULT_VERSION = "8.0.11-TiDB-v8.5.0";

    private static final int STATE_PUBLIC = 5;
    private static final int FLAG_NOT_NULL = 1;
    private static final int FLAG_PRI_KEY = 2;
    private static final int FLAG_UNIQUE_KEY = 4;
    private static final int FLAG_MULTIPLE_KEY = 8;
    private static final int FLAG_BLOB = 16;
    private static final int FLAG_UNSIGNED = 32;
    private static final int FLAG_ZEROFILL = 64;
    private static final int FLAG_BINARY = 128;
    private static final int FLAG_AUTO_INCREMENT = 512;

    private final DataSource dataSource;
    private final String version;
    private final HttpServer server;
    private final Map<String, Long> tableIds = new ConcurrentHashMap<>();
    private final Map<String, Long> databaseIds = new ConcurrentHashMap<>();
    private final AtomicLong nextTableId = new AtomicLong(100);
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, Map<String, Long>> overlays = new ConcurrentHashMap<>();
    /** The table-level attributes {@link #overlay} may set, with the value they have otherwise. */
    private static final Map<String, Long> OVERLAYABLE = Map.of("auto_random_bits", 0L, "auto_random_range_bits", 0L,
            "auto_id_cache", 0L, "version", 5L, "ShardRowIDBits", 0L);

    private TestingTidbStatus(DataSource dataSource, String version) throws IOException {
        this.dataSource = dataSource;
        this.version = version;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", this::status);
        server.createContext("/schema/", this::schema);
        server.createContext("/db-table/", this::dbTable);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "testing-tidb-status");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /**
     * Starts a status server over the schema of {@code dataSource}, reporting {@link #DEFAULT_VERSION}.
     *
     * @param dataSource the SQL server holding the schema
     * @return the running server
     */
    public static TestingTidbStatus start(DataSource dataSource) {
        return start(dataSource, DEFAULT_VERSION);
    }

    /**
     * Starts a status server that reports {@code version} (as TiDB does, for example {@code 8.0.11-TiDB-v8.5.0}).
     *
     * @param dataSource the SQL server holding the schema
     * @param version    the version text of {@code /status}
     * @return the running server
     */
    public static TestingTidbStatus start(DataSource dataSource, String version) {
        try {
            return new TestingTidbStatus(dataSource, version);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the TiDB status stand-in: " + e.getMessage(), e);
        }
    }

    /** {@return {@code 127.0.0.1:port}, the value of the {@code tidb.status-addr} option} */
    public String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** {@return the port, the value of {@code tidb.status-port} when the target host is the loopback address} */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The table ID this server gives {@code db.table} (allocated on first use, then fixed).
     *
     * @param db    the database
     * @param table the table
     * @return the ID the keys of the table's rows carry
     */
    public long tableId(String db, String table) {
        return tableIds.computeIfAbsent(db.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT),
                k -> nextTableId.getAndIncrement());
    }

    /**
     * The database ID this server gives {@code db} (allocated on first use, then fixed), as {@code /db-table}
     * reports it.
     *
     * @param db the database
     * @return the ID TiDB's meta keys of the database's tables carry ({@code DB:<id>})
     */
    public long databaseId(String db) {
        return databaseIds.computeIfAbsent(db.toLowerCase(Locale.ROOT), k -> nextTableId.getAndIncrement());
    }

    /**
     * Sets table-level attributes of TiDB's table info that MariaDB cannot express, for every later answer about
     * {@code db.table}: {@code auto_random_bits} and {@code auto_random_range_bits} (AUTO_RANDOM on the table's
     * integer primary key, or the first column of its clustered key), {@code auto_id_cache} and {@code version}
     * (TiDB separates the AUTO_INCREMENT and {@code _tidb_rowid} allocators when {@code auto_id_cache} is 1 and
     * {@code version} at least 5), {@code ShardRowIDBits}. Nothing else about the table changes: the schema still
     * comes from the SQL server.
     *
     * @param db         the database
     * @param table      the table
     * @param attributes attribute name (TiDB's JSON key) to value; these replace earlier ones of the same name
     * @throws IllegalArgumentException for an attribute not listed above
     */
    public void overlay(String db, String table, Map<String, Long> attributes) {
        for (String k : attributes.keySet()) {
            if (!OVERLAYABLE.containsKey(k)) {
                throw new IllegalArgumentException("attribute " + k + " cannot be overlaid; use one of "
                        + new java.util.TreeSet<>(OVERLAYABLE.keySet()));
            }
        }
        overlays.computeIfAbsent(db.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT),
                k -> new ConcurrentHashMap<>()).putAll(attributes);
    }

    private long attribute(String db, String table, String name) {
        Map<String, Long> o = overlays.get(db.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT));
        Long v = o == null ? null : o.get(name);
        return v != null ? v : OVERLAYABLE.get(name);
    }

    /** {@return how many HTTP requests arrived} */
    public long requests() {
        return requests.get();
    }

    /**
     * The JSON {@code /schema/{db}/{table}} answers.
     *
     * @param db    the database
     * @param table the table
     * @return TiDB's table info JSON, or null when the table does not exist
     * @throws SQLException when information_schema cannot be read
     */
    public String tableInfoJson(String db, String table) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return tableInfo(c, db, table);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void status(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        respond(ex, 200, "{\"connections\":0,\"version\":" + str(version) + ",\"git_hash\":\"0\"}");
    }

    private void schema(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getRawPath().substring("/schema/".length());
        String[] parts = path.split("/");
        if (parts.length != 2) {
            respond(ex, 400, "only /schema/{db}/{table} is served here");
            return;
        }
        String db = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        String table = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
        try {
            String json = tableInfoJson(db, table);
            if (json == null) {
                respond(ex, 404, "[schema:1146]Table '" + db + "." + table + "' doesn't exist");
            } else {
                respond(ex, 200, json);
            }
        } catch (SQLException | RuntimeException e) {
            respond(ex, 500, String.valueOf(e.getMessage()));
        }
    }

    /** {@code /db-table/{tableID}}: the database and table of a table (or partition) ID given out before. */
    private void dbTable(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String id = ex.getRequestURI().getRawPath().substring("/db-table/".length());
        long tableId;
        try {
            tableId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            respond(ex, 400, "invalid table ID '" + id + "'");
            return;
        }
        String name = null;
        for (Map.Entry<String, Long> e : tableIds.entrySet()) {
            if (e.getValue() == tableId) {
                name = e.getKey();
            }
        }
        if (name == null) {
            respond(ex, 404, "[schema:1146]Table which ID = " + tableId + " does not exist.");
            return;
        }
        int partition = name.indexOf(" partition ");
        String qualified = partition < 0 ? name : name.substring(0, partition);
        int dot = qualified.indexOf('.');
        String db = qualified.substring(0, dot);
        String table = qualified.substring(dot + 1);
        try {
            String json = tableInfoJson(db, table);
            if (json == null) {
                respond(ex, 404, "[schema:1146]Table which ID = " + tableId + " does not exist.");
                return;
            }
            respond(ex, 200, "{\"db_info\":{\"id\":" + databaseId(db) + ",\"db_name\":" + ciName(db)
                    + ",\"charset\":\"utf8mb4\",\"collate\":\"utf8mb4_bin\",\"state\":" + STATE_PUBLIC
                    + "},\"table_info\":" + json + "}");
        } catch (SQLException | RuntimeException e) {
            respond(ex, 500, String.valueOf(e.getMessage()));
        }
    }

    private static void respond(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", code == 200 ? "application/json" : "text/plain");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private record Column(String name, int position, String dataType, String columnType, String defaultText,
            boolean nullable, Long charLength, Long precision, Long scale, Long fsp, String charset, String collation,
            String key, String extra, String generation) {
    }

    private record IndexColumn(String column, Long subPart) {
    }

    private record Index(String name, boolean unique, List<IndexColumn> columns) {
    }

    private String tableInfo(Connection c, String db, String table) throws SQLException {
        String comment;
        long autoInc;
        String tableCollation;
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME, TABLE_COMMENT, AUTO_INCREMENT, TABLE_COLLATION"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                table = rs.getString(1);
                comment = rs.getString(2) == null ? "" : rs.getString(2);
                autoInc = rs.getLong(3);
                tableCollation = rs.getString(4);
            }
        }
        List<Column> cols = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, ORDINAL_POSITION, LOWER(DATA_TYPE),"
                + " LOWER(COLUMN_TYPE), COLUMN_DEFAULT, IS_NULLABLE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION,"
                + " NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_KEY, LOWER(EXTRA),"
                + " GENERATION_EXPRESSION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cols.add(new Column(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), "YES".equals(rs.getString(6)), longOrNull(rs, 7), longOrNull(rs, 8),
                            longOrNull(rs, 9), longOrNull(rs, 10), rs.getString(11), rs.getString(12),
                            rs.getString(13), rs.getString(14) == null ? "" : rs.getString(14), rs.getString(15)));
                }
            }
        }
        Map<String, Index> indexes = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART"
                + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY INDEX_NAME <> 'PRIMARY', SEQ_IN_INDEX")) {
            ps.setString(1, db);
            ps.setString(2, table);
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getInt(2) == 0, rs.getString(3), longOrNull(rs, 4)});
                }
            }
            // Indexes in the order the server lists them (definition order), columns by sequence.
            List<String> order = new ArrayList<>();
            try (PreparedStatement ps2 = c.prepareStatement("SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
                ps2.setString(1, db);
                ps2.setString(2, table);
                try (ResultSet rs = ps2.executeQuery()) {
                    while (rs.next()) {
                        order.add(rs.getString(1));
                    }
                }
            }
            order.sort((a, b) -> Boolean.compare(!a.equals("PRIMARY"), !b.equals("PRIMARY")));
            for (String n : order) {
                indexes.put(n, new Index(n, false, new ArrayList<>()));
            }
            for (Object[] r : rows) {
                Index i = indexes.get((String) r[0]);
                if (i == null) {
                    continue;
                }
                if ((Boolean) r[1] && !i.unique()) {
                    i = new Index(i.name(), true, i.columns());
                    indexes.put(i.name(), i);
                }
                i.columns().add(new IndexColumn((String) r[2], (Long) r[3]));
            }
        }
        Map<String, Integer> offsets = new LinkedHashMap<>();
        for (int i = 0; i < cols.size(); i++) {
            offsets.put(cols.get(i).name().toLowerCase(Locale.ROOT), i);
        }
        Index primary = indexes.get("PRIMARY");
        boolean nonClustered = comment.toUpperCase(Locale.ROOT).contains("NONCLUSTERED");
        boolean pkIsHandle = false;
        boolean commonHandle = false;
        if (primary != null && !nonClustered) {
            if (primary.columns().size() == 1 && primary.columns().get(0).subPart() == null
                    && isInteger(cols.get(offsets.get(primary.columns().get(0).column().toLowerCase(Locale.ROOT)))
                    .dataType())) {
                pkIsHandle = true;
            } else {
                commonHandle = true;
            }
        }
        long tableId = tableId(db, table);
        StringBuilder j = new StringBuilder(4096);
        j.append("{\"id\":").append(tableId).append(",\"name\":").append(ciName(table))
                .append(",\"charset\":").append(str(charsetOf(tableCollation))).append(",\"collate\":")
                .append(str(tableCollation)).append(",\"cols\":[");
        for (int i = 0; i < cols.size(); i++) {
            j.append(i == 0 ? "" : ",");
            column(j, cols.get(i), i, primary);
        }
        j.append("],\"index_info\":[");
        long indexId = 0;
        boolean first = true;
        for (Index idx : indexes.values()) {
            indexId++;
            boolean isPrimary = idx.name().equals("PRIMARY");
            if (isPrimary && pkIsHandle) {
                continue; // TiDB keeps an int handle's key out of index_info
            }
            j.append(first ? "" : ",");
            first = false;
            j.append("{\"id\":").append(indexId).append(",\"idx_name\":").append(ciName(idx.name()))
                    .append(",\"tbl_name\":").append(ciName("")).append(",\"idx_cols\":[");
            for (int k = 0; k < idx.columns().size(); k++) {
                IndexColumn ic = idx.columns().get(k);
                j.append(k == 0 ? "" : ",").append("{\"name\":").append(ciName(ic.column())).append(",\"offset\":")
                        .append(offsets.get(ic.column().toLowerCase(Locale.ROOT))).append(",\"length\":")
                        .append(ic.subPart() == null ? -1 : ic.subPart()).append('}');
            }
            j.append("],\"state\":").append(STATE_PUBLIC).append(",\"comment\":\"\",\"index_type\":1")
                    .append(",\"is_unique\":").append(idx.unique() || isPrimary).append(",\"is_primary\":")
                    .append(isPrimary).append(",\"is_invisible\":false,\"is_global\":false,\"mv_index\":false}");
        }
        j.append("],\"constraint_info\":null,\"fk_info\":null,\"state\":").append(STATE_PUBLIC)
                .append(",\"pk_is_handle\":").append(pkIsHandle).append(",\"is_common_handle\":").append(commonHandle)
                .append(",\"common_handle_version\":").append(commonHandle ? 1 : 0)
                .append(",\"comment\":").append(str(comment)).append(",\"auto_inc_id\":").append(autoInc)
                .append(",\"auto_id_cache\":").append(attribute(db, table, "auto_id_cache"))
                .append(",\"auto_rand_id\":0,\"max_col_id\":").append(cols.size())
                .append(",\"max_idx_id\":").append(indexId).append(",\"max_cst_id\":0")
                .append(",\"update_timestamp\":0,\"ShardRowIDBits\":").append(attribute(db, table, "ShardRowIDBits"))
                .append(",\"max_shard_row_id_bits\":").append(attribute(db, table, "ShardRowIDBits"))
                .append(",\"auto_random_bits\":").append(attribute(db, table, "auto_random_bits"))
                .append(",\"auto_random_range_bits\":").append(attribute(db, table, "auto_random_range_bits"))
                .append(",\"pre_split_regions\":0")
                .append(",\"partition\":").append(partition(c, db, table, primary, cols))
                .append(",\"compression\":\"\",\"view\":null,\"sequence\":null,\"Lock\":null")
                .append(",\"version\":").append(attribute(db, table, "version")).append(",\"tiflash_replica\":null,\"is_columnar\":false,\"temp_table_type\":0")
                .append(",\"cache_table_status\":0,\"policy_ref_info\":null,\"stats_options\":null")
                .append(",\"exchange_partition_info\":null,\"ttl_info\":null,\"revision\":1}");
        return j.toString();
    }

    /** TiDB's {@code model.PartitionInfo} of a table, or {@code null} when the server does not partition it. */
    private String partition(Connection c, String db, String table, Index primary, List<Column> cols)
            throws SQLException {
        String method = null;
        String expression = null;
        List<String> names = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT PARTITION_NAME, PARTITION_METHOD, PARTITION_EXPRESSION,"
                + " PARTITION_DESCRIPTION, SUBPARTITION_NAME FROM information_schema.PARTITIONS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY PARTITION_ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) == null) {
                        return "null"; // MySQL lists an unpartitioned table with one row of NULLs
                    }
                    if (rs.getString(5) != null) {
                        throw new IllegalArgumentException("table " + db + "." + table
                                + " is subpartitioned, which TiDB does not support");
                    }
                    method = rs.getString(2).toUpperCase(Locale.ROOT);
                    expression = rs.getString(3);
                    names.add(rs.getString(1));
                    descriptions.add(rs.getString(4));
                }
            }
        }
        if (names.isEmpty()) {
            return "null";
        }
        boolean columnsForm = method.endsWith("COLUMNS") || method.endsWith("KEY");
        String base = method.replace("LINEAR ", "").replace(" COLUMNS", "");
        int type = switch (base) {
            case "RANGE" -> 1;
            case "HASH" -> 2;
            case "LIST" -> 3;
            case "KEY" -> 4;
            default -> throw new IllegalArgumentException("table " + db + "." + table + " is partitioned by " + method
                    + ", which has no TiDB partition type here");
        };
        // MariaDB prints the bounds of an unsigned partition function as signed 64-bit values (2^63 as
        // -9223372036854775808); TiDB keeps them as written.
        String function = expression == null ? "" : expression.trim();
        boolean unsignedFunction = !columnsForm && cols.stream().anyMatch(col -> col.columnType().contains("unsigned")
                && function.equals("`" + col.name().replace("`", "``") + "`"));
        if (unsignedFunction) {
            descriptions.replaceAll(TestingTidbStatus::unsignedValues);
        }
        java.util.Set<String> defaults = type == 3 ? listDefaultPartitions(c, db, table) : java.util.Set.of();
        StringBuilder j = new StringBuilder(512);
        j.append("{\"type\":").append(type).append(",\"expr\":").append(str(columnsForm ? "" : tidbExpr(expression)))
                .append(",\"columns\":");
        if (columnsForm) {
            List<String> partitionColumns = expression == null || expression.isBlank()
                    ? primaryColumns(db, table, primary) // KEY(): the primary key's columns, as TiDB records them
                    : splitTopLevel(expression);
            j.append('[');
            for (int i = 0; i < partitionColumns.size(); i++) {
                j.append(i == 0 ? "" : ",").append(ciName(unquoteIdentifier(partitionColumns.get(i))));
            }
            j.append(']');
        } else {
            j.append("null");
        }
        j.append(",\"enable\":true,\"is_empty_columns\":false,\"definitions\":[");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String d = descriptions.get(i);
            j.append(i == 0 ? "" : ",").append("{\"id\":").append(partitionId(db, table, name)).append(",\"name\":")
                    .append(ciName(name)).append(",\"less_than\":");
            if (type == 1) {
                j.append(stringArray(splitTopLevel(d)));
            } else {
                j.append("null");
            }
            j.append(",\"in_values\":");
            if (type == 3) {
                j.append('[');
                if (defaults.contains(name.toLowerCase(Locale.ROOT))) {
                    j.append("[\"DEFAULT\"]"); // MariaDB describes a DEFAULT partition as "0"
                } else {
                    List<String> tuples = splitTopLevel(d);
                    for (int k = 0; k < tuples.size(); k++) {
                        String t = tuples.get(k).trim();
                        List<String> values = t.startsWith("(") && t.endsWith(")")
                                ? splitTopLevel(t.substring(1, t.length() - 1)) : List.of(t);
                        j.append(k == 0 ? "" : ",").append(stringArray(values));
                    }
                }
                j.append(']');
            } else {
                j.append("null");
            }
            j.append(",\"policy_ref_info\":null}");
        }
        j.append("],\"adding_definitions\":null,\"dropping_definitions\":null,\"NewPartitionIDs\":null")
                .append(",\"states\":null,\"num\":").append(names.size())
                .append(",\"ddl_state\":0,\"new_table_id\":0,\"ddl_type\":0,\"ddl_expr\":\"\",\"ddl_columns\":null")
                .append(",\"original_partition_ids_order\":null}");
        return j.toString();
    }

    /**
     * The ID this server gives partition {@code partition} of {@code db.table} (allocated on first use from the
     * same sequence as table IDs, then fixed).
     *
     * @param db        the database
     * @param table     the partitioned table
     * @param partition the partition's name
     * @return the physical table ID the keys of the partition's rows carry
     */
    public long partitionId(String db, String table, String partition) {
        return tableIds.computeIfAbsent(db.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT) + " partition "
                + partition.toLowerCase(Locale.ROOT), k -> nextTableId.getAndIncrement());
    }

    /** {@code -1,5} as {@code 18446744073709551615,5}: negative integers of a description read as unsigned. */
    private static String unsignedValues(String description) {
        if (description == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![\\w'])-\\d+").matcher(description);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Long.toUnsignedString(Long.parseLong(m.group())));
        }
        return m.appendTail(out).toString();
    }

    private static List<String> primaryColumns(String db, String table, Index primary) {
        if (primary == null) {
            throw new IllegalArgumentException("table " + db + "." + table + " is partitioned by KEY() without a primary key");
        }
        return primary.columns().stream().map(IndexColumn::column).toList();
    }

    /** Names (lower case) of the {@code DEFAULT} partitions of a LIST table, read from SHOW CREATE TABLE. */
    private static java.util.Set<String> listDefaultPartitions(Connection c, String db, String table)
            throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (java.sql.Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + db.replace("`", "``") + "`.`"
                        + table.replace("`", "``") + "`")) {
            if (rs.next()) {
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile("PARTITION\\s+`((?:[^`]|``)+)`\\s+DEFAULT\\b", java.util.regex.Pattern.CASE_INSENSITIVE)
                        .matcher(rs.getString(2));
                while (m.find()) {
                    out.add(m.group(1).replace("``", "`").toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** A partition expression as TiDB restores it: function names in capitals, {@code %} for {@code MOD}. */
    private static String tidbExpr(String expr) {
        StringBuilder out = new StringBuilder(expr.length());
        int i = 0;
        while (i < expr.length()) {
            char ch = expr.charAt(i);
            if (ch == '`' || ch == '\'') {
                int end = i + 1;
                while (end < expr.length()) {
                    if (expr.charAt(end) == ch) {
                        if (end + 1 < expr.length() && expr.charAt(end + 1) == ch) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                out.append(expr, i, Math.min(end + 1, expr.length()));
                i = end + 1;
            } else if (Character.isLetter(ch) || ch == '_') {
                int end = i;
                while (end < expr.length() && (Character.isLetterOrDigit(expr.charAt(end)) || expr.charAt(end) == '_')) {
                    end++;
                }
                String word = expr.substring(i, end).toUpperCase(Locale.ROOT);
                out.append(word.equals("MOD") ? "%" : word);
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    /** Splits {@code a,'b,c',(d,e)} at the commas outside quotes and parentheses. */
    private static List<String> splitTopLevel(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                if (ch == '\\') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '`' || ch == '"') {
                quote = ch;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(text.substring(start).trim());
        return out;
    }

    private static String unquoteIdentifier(String s) {
        s = s.trim();
        return s.length() >= 2 && s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1).replace("``", "`")
                : s;
    }

    private static String stringArray(List<String> values) {
        StringBuilder j = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            j.append(i == 0 ? "" : ",").append(str(values.get(i)));
        }
        return j.append(']').toString();
    }

    private void column(StringBuilder j, Column c, int offset, Index primary) {
        String type = c.dataType();
        int tp = tp(type);
        int flag = 0;
        if (!c.nullable()) {
            flag |= FLAG_NOT_NULL;
        }
        boolean inPrimary = primary != null && primary.columns().stream().anyMatch(ic -> ic.column().equalsIgnoreCase(c.name()));
        if (inPrimary) {
            flag |= FLAG_PRI_KEY | FLAG_NOT_NULL;
        } else if ("UNI".equals(c.key())) {
            flag |= FLAG_UNIQUE_KEY;
        } else if ("MUL".equals(c.key())) {
            flag |= FLAG_MULTIPLE_KEY;
        }
        if (c.columnType().contains("unsigned")) {
            flag |= FLAG_UNSIGNED;
        }
        if (c.columnType().contains("zerofill")) {
            flag |= FLAG_ZEROFILL;
        }
        if (c.extra().contains("auto_increment")) {
            flag |= FLAG_AUTO_INCREMENT;
        }
        boolean binaryString = type.contains("binary") || type.contains("blob");
        if (type.contains("blob") || type.contains("text")) {
            flag |= FLAG_BLOB;
        }
        String charset;
        String collate;
        if (binaryString || !(isString(type) || type.equals("enum") || type.equals("set"))) {
            charset = "binary";
            collate = "binary";
            if (binaryString || !isString(type)) {
                flag |= FLAG_BINARY;
            }
        } else {
            charset = c.charset();
            collate = c.collation();
        }
        long flen = flen(c, type);
        long decimal = switch (type) {
            case "decimal" -> c.scale() == null ? 0 : c.scale();
            case "datetime", "timestamp", "time" -> c.fsp() == null ? 0 : c.fsp();
            case "float", "double" -> c.scale() == null ? -1 : c.scale();
            default -> 0;
        };
        boolean generated = c.generation() != null && !c.generation().isEmpty()
                && (c.extra().contains("virtual") || c.extra().contains("stored") || c.extra().contains("persistent"));
        String def = generated || c.extra().contains("auto_increment") ? null : defaultValue(c.defaultText());
        j.append("{\"id\":").append(c.position()).append(",\"name\":").append(ciName(c.name()))
                .append(",\"offset\":").append(offset)
                .append(",\"origin_default\":").append(def == null ? "null" : str(def))
                .append(",\"origin_default_bit\":null,\"default\":").append(def == null ? "null" : str(def))
                .append(",\"default_bit\":null,\"default_is_expr\":false")
                .append(",\"generated_expr_string\":").append(str(generated ? c.generation() : ""))
                .append(",\"generated_stored\":").append(generated && !c.extra().contains("virtual"))
                .append(",\"dependences\":null,\"type\":{\"Tp\":").append(tp).append(",\"Flag\":").append(flag)
                .append(",\"Flen\":").append(flen).append(",\"Decimal\":").append(decimal)
                .append(",\"Charset\":").append(str(charset)).append(",\"Collate\":").append(str(collate))
                .append(",\"Elems\":").append(elems(c.columnType(), type))
                .append(",\"ElemsIsBinaryLit\":null,\"Array\":false}")
                .append(",\"state\":").append(STATE_PUBLIC).append(",\"comment\":\"\",\"hidden\":false")
                .append(",\"change_state_info\":null")
                // TIMESTAMP defaults of version >= 1 are kept in UTC; the SQL server shows them as written.
                .append(",\"version\":").append(type.equals("timestamp") ? 0 : 2).append('}');
    }

    private static boolean isInteger(String type) {
        return switch (type) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> true;
            default -> false;
        };
    }

    private static boolean isString(String type) {
        return type.contains("char") || type.contains("text") || type.contains("binary") || type.contains("blob");
    }

    private static int tp(String type) {
        return switch (type) {
            case "tinyint", "bool", "boolean" -> 1;
            case "smallint" -> 2;
            case "mediumint" -> 9;
            case "int", "integer" -> 3;
            case "bigint" -> 8;
            case "float" -> 4;
            case "double", "real" -> 5;
            case "decimal", "numeric" -> 246;
            case "date" -> 10;
            case "datetime" -> 12;
            case "timestamp" -> 7;
            case "time" -> 11;
            case "year" -> 13;
            case "char", "binary" -> 254;
            case "varchar", "varbinary" -> 15;
            case "tinytext", "tinyblob" -> 249;
            case "text", "blob" -> 252;
            case "mediumtext", "mediumblob" -> 250;
            case "longtext", "longblob" -> 251;
            case "enum" -> 247;
            case "set" -> 248;
            case "bit" -> 16;
            case "json" -> 245;
            default -> throw new IllegalArgumentException("type " + type + " has no TiDB type code here");
        };
    }

    private static long flen(Column c, String type) {
        long width = displayWidth(c.columnType());
        return switch (type) {
            case "tinyint" -> width > 0 ? width : 4;
            case "smallint" -> width > 0 ? width : 6;
            case "mediumint" -> width > 0 ? width : 9;
            case "int", "integer" -> width > 0 ? width : 11;
            case "bigint" -> width > 0 ? width : 20;
            case "float", "double", "real" -> width > 0 ? width : -1;
            case "decimal", "numeric" -> c.precision() == null ? 10 : c.precision();
            case "bit" -> c.precision() == null ? 1 : c.precision();
            case "year" -> 4;
            case "date" -> 10;
            case "datetime", "timestamp" -> 19 + (c.fsp() == null || c.fsp() == 0 ? 0 : c.fsp() + 1);
            case "time" -> 10 + (c.fsp() == null || c.fsp() == 0 ? 0 : c.fsp() + 1);
            case "enum", "set" -> -1;
            default -> c.charLength() == null ? -1 : c.charLength();
        };
    }

    private static long displayWidth(String columnType) {
        int open = columnType.indexOf('(');
        int close = columnType.indexOf(')');
        if (open < 0 || close < open) {
            return -1;
        }
        String inside = columnType.substring(open + 1, close);
        int comma = inside.indexOf(',');
        try {
            return Long.parseLong((comma < 0 ? inside : inside.substring(0, comma)).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The elements of {@code enum('a','b''c')}, unquoted. */
    private static String elems(String columnType, String type) {
        if (!type.equals("enum") && !type.equals("set")) {
            return "null";
        }
        List<String> out = new ArrayList<>();
        int i = columnType.indexOf('(') + 1;
        while (i < columnType.length() && columnType.charAt(i) == '\'') {
            StringBuilder sb = new StringBuilder();
            i++;
            while (i < columnType.length()) {
                char ch = columnType.charAt(i);
                if (ch == '\'' && i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                    sb.append('\'');
                    i += 2;
                } else if (ch == '\\' && i + 1 < columnType.length()) {
                    sb.append(columnType.charAt(i + 1));
                    i += 2;
                } else if (ch == '\'') {
                    i++;
                    break;
                } else {
                    sb.append(ch);
                    i++;
                }
            }
            out.add(sb.toString());
            if (i < columnType.length() && columnType.charAt(i) == ',') {
                i++;
            }
        }
        StringBuilder j = new StringBuilder("[");
        for (int k = 0; k < out.size(); k++) {
            j.append(k == 0 ? "" : ",").append(str(out.get(k)));
        }
        return j.append(']').toString();
    }

    /** information_schema's COLUMN_DEFAULT (MariaDB quotes literals) as TiDB keeps the default. */
    private static String defaultValue(String text) {
        if (text == null || text.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return text.substring(1, text.length() - 1).replace("''", "'").replace("\\\\", "\\");
        }
        String u = text.toUpperCase(Locale.ROOT);
        if (u.startsWith("CURRENT_TIMESTAMP") || u.startsWith("NOW(")) {
            int p = u.indexOf('(');
            String fsp = p < 0 ? "" : u.substring(p + 1, u.indexOf(')', p)).trim();
            return fsp.isEmpty() ? "CURRENT_TIMESTAMP" : "CURRENT_TIMESTAMP(" + fsp + ")";
        }
        return text;
    }

    private static String charsetOf(String collation) {
        if (collation == null) {
            return "utf8mb4";
        }
        int u = collation.indexOf('_');
        return u < 0 ? collation : collation.substring(0, u);
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static String ciName(String name) {
        return "{\"O\":" + str(name) + ",\"L\":" + str(name.toLowerCase(Locale.ROOT)) + "}";
    }

    private static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
