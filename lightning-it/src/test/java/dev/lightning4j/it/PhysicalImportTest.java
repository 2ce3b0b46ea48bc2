package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RowError;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.testing.TestingTidbStatus;
import dev.lightning4j.testing.tikv.FaultKind;
import dev.lightning4j.testing.tikv.Rpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Dumpling export imported with the physical backend end to end: MariaDB holds the schema (DDL over SQL),
 * {@link TestingTidbStatus} serves TiDB's table metadata from it, and the rows go as KV pairs through the TiKV
 * client into the PD/TiKV stand-in over real gRPC. The pairs stored there, decoded here with an independent
 * decoder, must be exactly the rows the logical backend writes into MariaDB from the same export.
 */
class PhysicalImportTest extends PhysicalImportFixture {
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

    PhysicalImportTest() {
        super("it_physical");
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
        return physicalImport(dir, db, sortDir).concurrency(2)
                // Small regions, so the client splits and ingests into several.
                .option("tikv-importer.region-split-size", "2KiB")
                .option("tikv-importer.region-split-keys", "40");
    }

    private String reference(ConflictStrategy strategy) {
        return logicalReference("it_physical_ref", strategy);
    }

    /** Every record of the table on the cluster, decoded here (key for the handle, row format v2 for values). */
    private List<List<String>> decodedRows(TableInfo info) {
        return storedRows(info, info.id());
    }

    @Test
    void storedPairsDecodeToExactlyTheRowsOfTheLogicalImport() throws Exception {
        export(false);
        ImportResult r = physical().run();
        String ref = reference(ConflictStrategy.ERROR);

        for (String table : TABLES) {
            TableInfo info = tableInfo(db, table);
            List<List<String>> expected = StoredPairs.sqlRows(ref, table, info);
            assertThat(decodedRows(info)).as(table).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(r.table(db, table).rows()).isEqualTo(expected.size());
            // Every written index holds one entry per row.
            StoredPairs.assertOneEntryPerRowInEveryIndex(cluster.stored(), info, info.id(), expected.size(), table);
            // The checksum coprocessor over the table's ranges equals one computed here over the stored pairs.
            assertChecksumAgrees(StoredPairs.tablePrefix(info.id()), StoredPairs.tablePrefix(info.id() + 1), table);
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
        physical().onDuplicate(ConflictStrategy.REPLACE).listener(rowsSkippedInto(dropped)).run();
        String ref = reference(ConflictStrategy.REPLACE);
        for (String table : TABLES) {
            TableInfo info = tableInfo(db, table);
            assertThat(decodedRows(info)).as(table)
                    .containsExactlyInAnyOrderElementsOf(StoredPairs.sqlRows(ref, table, info));
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
                .listener(chunksFinishedInto(firstRun)).run()).isInstanceOf(ImportException.class).hasMessageContaining("disk");
        assertThat(firstRun).isNotEmpty();
        try (var cp = physical().checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }
        List<String> encoded = Collections.synchronizedList(new ArrayList<>());
        physical().checkpoint(true).checkpointPath(checkpoint.toString()).listener(chunksFinishedInto(encoded)).run();
        // Chunks encoded by the first run (the failed table's among them) are not read again; every chunk ran once.
        assertThat(encoded).doesNotContainAnyElementsOf(firstRun);
        List<String> all = new ArrayList<>(firstRun);
        all.addAll(encoded);
        assertThat(all).hasSize(5).doesNotHaveDuplicates(); // types_t has two files
        String ref = reference(ConflictStrategy.ERROR);
        for (String table : TABLES) {
            TableInfo info = tableInfo(db, table);
            assertThat(decodedRows(info)).as(table)
                    .containsExactlyInAnyOrderElementsOf(StoredPairs.sqlRows(ref, table, info));
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
}
