package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RowError;
import dev.lightning4j.TableName;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.RowDecoder;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.physical.model.TidbTableInfoReader;
import dev.lightning4j.testing.TestingTidbStatus;
import dev.lightning4j.testing.tikv.Checksum;
import dev.lightning4j.testing.tikv.FaultKind;
import dev.lightning4j.testing.tikv.Rpc;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dumpling export imported with the physical backend end to end: MariaDB holds the schema (DDL over SQL),
 * {@link TestingTidbStatus} serves TiDB's table metadata from it, and the rows go as KV pairs through the TiKV
 * client into the PD/TiKV stand-in over real gRPC. The pairs stored there, decoded here with an independent
 * decoder, must be exactly the rows the logical backend writes into MariaDB from the same export.
 */
class PhysicalImportTest {
    private static final String TYPES = "CREATE TABLE `types_t` (`id` int NOT NULL, `ti` tinyint DEFAULT NULL,"
            + " `si` smallint unsigned DEFAULT NULL, `mi` mediumint DEFAULT NULL, `bi` bigint DEFAULT NULL,"
            + " `ubi` bigint unsigned DEFAULT NULL, `f` float DEFAULT NULL, `d` double DEFAULT NULL,"
            + " `dc` decimal(12,3) DEFAULT NULL, `dt` date DEFAULT NULL, `dtm` datetime(6) DEFAULT NULL,"
            + " `ts` timestamp NULL DEFAULT NULL, `tm` time DEFAULT NULL, `yr` year DEFAULT NULL,"
            + " `c` char(5) COLLATE utf8mb4_bin DEFAULT NULL, `vc` varchar(50) COLLATE utf8mb4_general_ci DEFAULT NULL,"
            + " `tx` text COLLATE utf8mb4_bin, `bn` binary(4) DEFAULT NULL, `vb` varbinary(20) DEFAULT NULL, `bl` blob,"
            + " `e` enum('small','medium','large') COLLATE utf8mb4_bin DEFAULT NULL,"
            + " `st` set('a','b','c') COLLATE utf8mb4_bin DEFAULT NULL, `bt` bit(10) DEFAULT NULL,"
            + " PRIMARY KEY (`id`), KEY `k_vc` (`vc`), KEY `k_dt_dc` (`dt`,`dc`))"
            + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";
    private static final String COMPOSITE = "CREATE TABLE `composite` (`region` varchar(10) COLLATE utf8mb4_general_ci"
            + " NOT NULL, `seq` int NOT NULL, `code` varchar(20) COLLATE utf8mb4_bin NOT NULL,"
            + " `amount` decimal(10,2) DEFAULT NULL, PRIMARY KEY (`region`,`seq`), UNIQUE KEY `uk_code` (`code`))"
            + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";
    private static final String NONCLUSTERED = "CREATE TABLE `nonclustered` (`uid` bigint NOT NULL,"
            + " `email` varchar(64) COLLATE utf8mb4_bin DEFAULT NULL, `age` int DEFAULT NULL, PRIMARY KEY (`uid`),"
            + " UNIQUE KEY `uk_email` (`email`), KEY `k_age_email` (`age`,`email`)) ENGINE=InnoDB"
            + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='NONCLUSTERED';";
    private static final String AUTOINC = "CREATE TABLE `autoinc` (`id` bigint NOT NULL AUTO_INCREMENT,"
            + " `note` varchar(30) COLLATE utf8mb4_bin DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB"
            + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";
    static final List<String> TABLES = List.of("types_t", "composite", "nonclustered", "autoinc");

    @TempDir
    Path dir;
    @TempDir
    Path sortDir;
    String db;
    TestingTidbStatus status;
    TestingTikvCluster cluster;

    @BeforeEach
    void start() {
        db = ItDb.SERVER.createDatabase("it_physical");
        status = TestingTidbStatus.start(ItDb.SERVER.dataSource());
        cluster = TestingTikvCluster.start();
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (status != null) {
            status.close();
        }
    }

    private void export(boolean duplicates) {
        export(dir, db, duplicates);
    }

    /**
     * Writes the export into {@code dir}: four tables (every column type, a clustered composite key, a
     * non-clustered key with unique and composite indexes, an auto-increment key) under database {@code db}.
     */
    static void export(Path dir, String db, boolean duplicates) {
        DumpFile.schema(dir, db, "types_t", TYPES);
        DumpFile.schema(dir, db, "composite", COMPOSITE);
        DumpFile.schema(dir, db, "nonclustered", NONCLUSTERED);
        DumpFile.schema(dir, db, "autoinc", AUTOINC);
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("types_t", null,
                "(1,-128,65535,-8388608,-9223372036854775808,18446744073709551615,1.5,-2.25,123456789.123,"
                        + "'2024-02-29','2024-02-29 23:59:59.123456','2001-02-03 04:05:06','-838:59:59',2155,"
                        + "'abc','Grüße 世界','long text \\' quoted',0x00ff0102,0xdeadbeef,0x00,'medium','a,c',b'1010101010')",
                "(2,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,"
                        + "NULL,NULL,NULL)",
                "(3,127,0,8388607,9223372036854775807,0,0,0,-0.001,'1000-01-01','1000-01-01 00:00:00.000000',"
                        + "'1970-01-01 00:00:01','00:00:00',1901,'','','','    ','','','small','',b'0')")
                .writeTo(dir, db + ".types_t.000000000.sql");
        List<String> tuples = new ArrayList<>();
        for (int i = 10; i < 60; i++) {
            tuples.add("(" + i + "," + (i % 7) + "," + i * 3 + ",NULL," + (long) i * 1_000_000_007L + ",NULL," + i + ".5,"
                    + i + ".25," + i + ".125,'2023-01-" + (1 + i % 28) + "','2023-05-06 07:08:09." + i + "',"
                    + "'2020-01-01 00:00:" + (i % 60) + "','" + i + ":30:00'," + (1990 + i) + ",'c" + i + "','vc"
                    + (i % 5) + "','t" + i + "',NULL,0x" + Integer.toHexString(i) + "0,NULL,'large','b',b'11')");
        }
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("types_t", null, tuples.toArray(new String[0]))
                .writeTo(dir, db + ".types_t.000000001.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("composite", null,
                "('north',1,'N-1',10.50)", "('north',2,'N-2',NULL)", "('south',1,'S-1',-3.25)",
                "('East',7,'E-7',0.00)", duplicates ? "('north',1,'N-1b',99.99)" : "('west',1,'W-1',1.00)")
                .writeTo(dir, db + ".composite.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("nonclustered", null,
                "(100,'a@x.org',30)", "(101,NULL,NULL)", "(102,'b@x.org',30)", "(103,NULL,41)",
                duplicates ? "(104,'a@x.org',55)" : "(104,'c@x.org',55)")
                .writeTo(dir, db + ".nonclustered.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("autoinc", null,
                "(1,'one')", "(2,NULL)", "(5,'five')", "(40,'forty')")
                .writeTo(dir, db + ".autoinc.000000000.sql");
    }

    private ImportBuilder physical() {
        return ItDb.importer(dir, db).backend("physical").concurrency(2)
                .option("tidb.status-addr", status.address())
                .option("tidb.pd-addr", cluster.pdAddress())
                .option("tidb.pd-http-addr", cluster.pdHttpAddress())
                .option("tikv-importer.sorted-kv-dir", sortDir.toString())
                // Small regions, so the client splits and ingests into several.
                .option("tikv-importer.region-split-size", "2KiB")
                .option("tikv-importer.region-split-keys", "40");
    }

    /** The same export through the logical backend into another database: the reference rows. */
    private String reference(ConflictStrategy strategy) {
        String ref = ItDb.SERVER.createDatabase("it_physical_ref");
        ItDb.importer(dir, db).route(db, null, ref, null).onDuplicate(strategy).concurrency(1).run();
        return ref;
    }

    @Test
    void storedPairsDecodeToExactlyTheRowsOfTheLogicalImport() throws Exception {
        export(false);
        ImportResult r = physical().run();
        String ref = reference(ConflictStrategy.ERROR);

        for (String table : TABLES) {
            TableInfo info = TidbTableInfoReader.read(status.tableInfoJson(db, table));
            List<List<String>> expected = sqlRows(ref, table, info);
            assertThat(decodedRows(info)).as(table).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(r.table(db, table).rows()).isEqualTo(expected.size());
            // Every written index holds one entry per row.
            for (IndexInfo idx : info.indexes()) {
                if (idx.primary() && (info.pkIsHandle() || info.commonHandle())) {
                    continue;
                }
                assertThat(pairsWithPrefix(indexPrefix(info.id(), idx.id()))).as(table + "." + idx.name())
                        .isEqualTo(expected.size());
            }
            // The checksum coprocessor over the table's ranges equals one computed here over the stored pairs.
            byte[] lo = tablePrefix(info.id());
            byte[] hi = tablePrefix(info.id() + 1);
            Checksum remote = cluster.checksum(lo, hi);
            long crc = 0;
            long kvs = 0;
            long bytes = 0;
            for (Map.Entry<byte[], byte[]> e : cluster.stored().subMap(lo, true, hi, false).entrySet()) {
                crc ^= crc64(e.getKey(), e.getValue());
                kvs++;
                bytes += e.getKey().length + e.getValue().length;
            }
            assertThat(remote).isEqualTo(new Checksum(crc, kvs, bytes));
        }
        // The backend's own checksum went to TiKV's coprocessor and agreed (post-restore.checksum = required).
        assertThat(cluster.requests(Rpc.COPROCESSOR)).isGreaterThanOrEqualTo(TABLES.size());
        assertThat(cluster.modeChanges()).anyMatch(m -> m.endsWith("Import")).anyMatch(m -> m.endsWith("Normal"));
        // The SQL server holds the schema only; the auto-increment allocator was moved above the imported ids.
        assertThat(ItDb.count("`" + db + "`.autoinc")).isZero();
        assertThat(ItDb.longValue("SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db
                + "' AND TABLE_NAME = 'autoinc'")).isGreaterThan(40);
    }

    @Test
    void duplicatesFailUnderErrorNamingTheRows() {
        export(true);
        // Both tables hold a duplicate; the first table to finish fails the import, naming its rows and key.
        assertThatThrownBy(() -> physical().onDuplicate(ConflictStrategy.ERROR).tableConcurrency(1).run())
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.ROW_REJECTED))
                .satisfies(e -> {
                    String m = e.getMessage();
                    if (m.contains(".composite.")) {
                        assertThat(m).contains("the PRIMARY key").contains(db + ".composite.000000000.sql at offset");
                    } else {
                        assertThat(m).contains("index uk_email").contains(db + ".nonclustered.000000000.sql at offset");
                    }
                });
    }

    @Test
    void duplicatesUnderReplaceKeepTheLastRowAsTheLogicalReplaceDoes() throws Exception {
        export(true);
        List<RowError> dropped = Collections.synchronizedList(new ArrayList<>());
        physical().onDuplicate(ConflictStrategy.REPLACE).listener(new ImportListener() {
            @Override
            public void rowSkipped(RowError error) {
                dropped.add(error);
            }
        }).run();
        String ref = reference(ConflictStrategy.REPLACE);
        for (String table : TABLES) {
            TableInfo info = TidbTableInfoReader.read(status.tableInfoJson(db, table));
            assertThat(decodedRows(info)).as(table).containsExactlyInAnyOrderElementsOf(sqlRows(ref, table, info));
        }
        assertThat(dropped).extracting(RowError::file).containsExactlyInAnyOrder(db + ".composite.000000000.sql",
                db + ".nonclustered.000000000.sql");
        assertThat(dropped).extracting(RowError::kind).containsOnly(RowError.Kind.CONFLICT);
    }

    @Test
    void aFailedIngestResumesWithoutEncodingAgainAndEndsExact() throws Exception {
        export(false);
        Path checkpoint = sortDir.resolveSibling("cp-" + db + ".txt");
        cluster.faults().inject(Rpc.MULTI_INGEST, FaultKind.DISK_FULL, 1);
        List<String> firstRun = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> physical().checkpoint(true).checkpointPath(checkpoint.toString()).tableConcurrency(1)
                .listener(new ImportListener() {
                    @Override
                    public void chunkFinished(TableName table, String file, long rows, long bytes) {
                        firstRun.add(file);
                    }
                }).run()).isInstanceOf(ImportException.class).hasMessageContaining("disk");
        assertThat(firstRun).isNotEmpty();
        try (var cp = physical().checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }
        List<String> encoded = Collections.synchronizedList(new ArrayList<>());
        physical().checkpoint(true).checkpointPath(checkpoint.toString()).listener(new ImportListener() {
            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                encoded.add(file);
            }
        }).run();
        // Chunks encoded by the first run (the failed table's among them) are not read again; every chunk ran once.
        assertThat(encoded).doesNotContainAnyElementsOf(firstRun);
        List<String> all = new ArrayList<>(firstRun);
        all.addAll(encoded);
        assertThat(all).hasSize(5).doesNotHaveDuplicates(); // types_t has two files
        String ref = reference(ConflictStrategy.ERROR);
        for (String table : TABLES) {
            TableInfo info = TidbTableInfoReader.read(status.tableInfoJson(db, table));
            assertThat(decodedRows(info)).as(table).containsExactlyInAnyOrderElementsOf(sqlRows(ref, table, info));
        }
    }

    @Test
    void anUnsupportedServerIsRefusedBeforeAnyWrite() {
        export(false);
        status.close();
        try (TestingTidbStatus old = TestingTidbStatus.start(ItDb.SERVER.dataSource(), "5.7.25-TiDB-v3.0.20")) {
            assertThatThrownBy(() -> physical().option("tidb.status-addr", old.address()).run())
                    .isInstanceOf(ImportException.class)
                    .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.PRECHECK_FAILED))
                    .hasMessageContaining("3.0.20");
        }
        assertThat(cluster.stored()).isEmpty();
        status = TestingTidbStatus.start(ItDb.SERVER.dataSource());
    }

    // ---- reading the rows back -------------------------------------------------------------------------

    /** The reference rows as text, column by column in the forms {@link #decodedRows} produces. */
    static List<List<String>> sqlRows(String database, String table, TableInfo info) {
        return sqlRows(database, table, null, info);
    }

    /** The reference rows of one partition ({@code SELECT ... PARTITION (p)}), or of the table when null. */
    static List<List<String>> sqlRows(String database, String table, String partition, TableInfo info) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (ColumnInfo c : info.columns()) {
            String q = "`" + c.name() + "`";
            sql.append(c.offset() == 0 ? "" : ", ").append(switch (c.type().type().family()) {
                case STRING -> c.type().isBinaryString() ? "HEX(" + q + ")" : q;
                case BIT -> "CAST(" + q + " AS UNSIGNED)";
                case REAL -> q;
                default -> "CAST(" + q + " AS CHAR)";
            });
        }
        sql.append(" FROM `").append(database).append("`.`").append(table).append('`');
        if (partition != null) {
            sql.append(" PARTITION (`").append(partition).append("`)");
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : utcRows(sql.toString())) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                String v = r.get(i);
                ColumnInfo c = info.columns().get(i);
                if (v != null && c.type().type().family() == ColumnType.Family.REAL) {
                    v = Double.toString(Double.parseDouble(v));
                }
                out.add(v == null ? "NULL" : v);
            }
            rows.add(out);
        }
        return rows;
    }

    /** Rows of a query in a UTC session, as the import wrote TIMESTAMP values. */
    static List<List<String>> utcRows(String query) {
        try (java.sql.Connection c = ItDb.connect(null, "sslMode=DISABLED");
                java.sql.Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            List<List<String>> out = new ArrayList<>();
            try (java.sql.ResultSet rs = st.executeQuery(query)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in " + query, e);
        }
    }

    /** Every record of the table on the cluster, decoded here (key for the handle, row format v2 for values). */
    private List<List<String>> decodedRows(TableInfo info) {
        return decodedRows(cluster.stored(), info, info.id());
    }

    /** The records stored under physical table {@code physicalId} (the table's or one partition's), decoded. */
    static List<List<String>> decodedRows(NavigableMap<byte[], byte[]> stored, TableInfo info, long physicalId) {
        byte[] prefix = recordPrefix(physicalId);
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : stored.subMap(prefix, true, next(prefix), false).entrySet()) {
            byte[] key = e.getKey();
            Map<Long, byte[]> values = RowDecoder.columns(e.getValue());
            Map<Integer, Datum> fromKey = new java.util.HashMap<>();
            if (info.pkIsHandle()) {
                fromKey.put(info.handleColumn().offset(), Datum.ofInt(readBE(key, prefix.length) ^ Long.MIN_VALUE));
            } else if (info.commonHandle()) {
                List<Datum> ds = RowDecoder.keyDatums(key, prefix.length);
                List<IndexColumn> pk = info.primaryIndex().orElseThrow().columns();
                for (int i = 0; i < pk.size(); i++) {
                    fromKey.put(pk.get(i).offset(), ds.get(i));
                }
            }
            List<String> row = new ArrayList<>();
            for (ColumnInfo c : info.columns()) {
                if (values.containsKey(c.id())) {
                    byte[] v = values.get(c.id());
                    row.add(v == null ? "NULL" : text(c, v));
                } else if (fromKey.containsKey(c.offset())) {
                    row.add(keyText(c, fromKey.get(c.offset())));
                } else {
                    row.add("NULL");
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** A clustered primary key column kept only in the record key (memcomparable), as MySQL prints it. */
    private static String keyText(ColumnInfo c, Datum d) {
        if (d.isNull()) {
            return "NULL";
        }
        ColumnType t = c.type().type();
        return switch (t.family()) {
            case INTEGER -> c.type().unsigned() ? Long.toUnsignedString(d.longValue()) : Long.toString(d.longValue());
            case REAL -> Double.toString(d.doubleValue());
            case DECIMAL -> d.decimal().setScale(c.type().scale()).toPlainString();
            case TIME -> t == ColumnType.YEAR ? Long.toString(d.longValue()) : time(d.longValue(), t, c.type().scale());
            case DURATION -> duration(d.longValue(), c.type().scale());
            case STRING -> c.type().isBinaryString() ? HexFormat.of().withUpperCase().formatHex(d.bytes())
                    : new String(d.bytes(), StandardCharsets.UTF_8);
            default -> Long.toUnsignedString(d.longValue());
        };
    }

    /** One column value of row format v2, as MySQL prints it. */
    private static String text(ColumnInfo c, byte[] v) {
        ColumnType t = c.type().type();
        return switch (t.family()) {
            case INTEGER -> c.type().unsigned() ? Long.toUnsignedString(RowDecoder.unsigned(v))
                    : Long.toString(RowDecoder.signed(v));
            case REAL -> Double.toString(RowDecoder.real(v, 0));
            case DECIMAL -> RowDecoder.decimal(v, 0, new int[1]).decimal().setScale(c.type().scale()).toPlainString();
            case TIME -> t == ColumnType.YEAR ? Long.toString(RowDecoder.signed(v)) : time(RowDecoder.unsigned(v), t,
                    c.type().scale());
            case DURATION -> duration(RowDecoder.signed(v), c.type().scale());
            case STRING -> c.type().isBinaryString() ? HexFormat.of().withUpperCase().formatHex(v)
                    : new String(v, StandardCharsets.UTF_8);
            case ENUM_SET -> {
                long n = RowDecoder.unsigned(v);
                List<String> elems = c.type().elements();
                if (t == ColumnType.ENUM) {
                    yield n == 0 ? "" : elems.get((int) n - 1);
                }
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < elems.size(); i++) {
                    if ((n & (1L << i)) != 0) {
                        parts.add(elems.get(i));
                    }
                }
                yield String.join(",", parts);
            }
            case BIT -> Long.toUnsignedString(RowDecoder.unsigned(v));
            case JSON -> new String(v, StandardCharsets.UTF_8);
        };
    }

    /** MySQL's packed time: ((year*13+month)<<5|day)<<17 | hour<<12|minute<<6|second, then <<24 | microseconds. */
    private static String time(long packed, ColumnType t, int fsp) {
        long micro = packed & 0xFFFFFF;
        long ymdhms = packed >>> 24;
        long ymd = ymdhms >>> 17;
        long hms = ymdhms & ((1 << 17) - 1);
        long day = ymd & 31;
        long ym = ymd >>> 5;
        String date = String.format(Locale.ROOT, "%04d-%02d-%02d", ym / 13, ym % 13, day);
        if (t == ColumnType.DATE) {
            return date;
        }
        return date + String.format(Locale.ROOT, " %02d:%02d:%02d", hms >>> 12, (hms >>> 6) & 63, hms & 63)
                + fraction(micro, fsp);
    }

    private static String duration(long nanos, int fsp) {
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        long micros = n / 1000;
        long secs = micros / 1_000_000;
        return sign + String.format(Locale.ROOT, "%02d:%02d:%02d", secs / 3600, (secs / 60) % 60, secs % 60)
                + fraction(micros % 1_000_000, fsp);
    }

    private static String fraction(long micro, int fsp) {
        return fsp == 0 ? "" : "." + String.format(Locale.ROOT, "%06d", micro).substring(0, fsp);
    }

    // ---- keys ------------------------------------------------------------------------------------------

    private long pairsWithPrefix(byte[] prefix) {
        return cluster.stored().subMap(prefix, true, next(prefix), false).size();
    }

    static byte[] tablePrefix(long id) {
        byte[] k = new byte[9];
        k[0] = 't';
        putBE(k, 1, id ^ Long.MIN_VALUE);
        return k;
    }

    static byte[] recordPrefix(long id) {
        byte[] k = Arrays.copyOf(tablePrefix(id), 11);
        k[9] = '_';
        k[10] = 'r';
        return k;
    }

    static byte[] indexPrefix(long id, long indexId) {
        byte[] k = Arrays.copyOf(tablePrefix(id), 19);
        k[9] = '_';
        k[10] = 'i';
        putBE(k, 11, indexId ^ Long.MIN_VALUE);
        return k;
    }

    private static void putBE(byte[] k, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            k[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long readBE(byte[] k, int off) {
        long v = 0;
        for (int i = off; i < off + 8; i++) {
            v = (v << 8) | (k[i] & 0xFF);
        }
        return v;
    }

    static byte[] next(byte[] prefix) {
        byte[] n = prefix.clone();
        n[n.length - 1]++;
        return n;
    }

    /** CRC-64/XZ, bit by bit: independent of both the backend's table-driven CRC and the stand-in's. */
    static long crc64(byte[] key, byte[] value) {
        long crc = ~0L;
        for (byte[] part : new byte[][] {key, value}) {
            for (byte b : part) {
                crc ^= b & 0xFF;
                for (int i = 0; i < 8; i++) {
                    crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
                }
            }
        }
        return ~crc;
    }
}
