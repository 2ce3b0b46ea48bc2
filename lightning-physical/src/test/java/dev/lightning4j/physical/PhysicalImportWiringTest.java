package dev.lightning4j.physical;

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
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.codec.RowDecoder;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.kv.KvPair;
import dev.lightning4j.testing.TestingMariaDb;
import dev.lightning4j.testing.TestingTidbStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend's wiring through a whole import (ImportBuilder, core, MariaDB holding the schema, the TiDB status
 * stand-in serving its metadata) into {@link MemoryKvCluster}: what reaches the cluster decodes to the source
 * rows, checksums agree, duplicates are reported, a resume does not encode finished chunks again.
 */
class PhysicalImportWiringTest {
    private static final TestingMariaDb DB = TestingMariaDb.shared();
    private static final String ITEMS = "CREATE TABLE `items` (`id` int NOT NULL, `name` varchar(20) COLLATE utf8mb4_bin"
            + " NOT NULL, `score` int DEFAULT NULL, PRIMARY KEY (`id`), UNIQUE KEY `uk_name` (`name`),"
            + " KEY `k_score` (`score`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";
    private static final String LOGS = "CREATE TABLE `logs` (`id` bigint NOT NULL AUTO_INCREMENT, `msg` varchar(40)"
            + " COLLATE utf8mb4_general_ci DEFAULT NULL, KEY `k_id` (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
            + " COLLATE=utf8mb4_general_ci;";

    @TempDir
    Path source;
    @TempDir
    Path sortDir;
    String db;
    TestingTidbStatus status;
    MemoryKvCluster cluster;

    @BeforeEach
    void setUp() throws IOException {
        db = DB.createDatabase("phys_wiring");
        status = TestingTidbStatus.start(DB.dataSource());
        cluster = new MemoryKvCluster();
        write(db + "-schema-create.sql", "CREATE DATABASE `" + db + "`;\n");
        write(db + ".items-schema.sql", ITEMS + "\n");
        write(db + ".logs-schema.sql", LOGS + "\n");
    }

    @AfterEach
    void tearDown() {
        status.close();
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(source.resolve(name), text, StandardCharsets.UTF_8);
    }

    private ImportBuilder importer() {
        return ImportBuilder.create().source(source).target(DB.jdbcUrl(), DB.user(), DB.password())
                .filter(db + ".*").backend(new PhysicalBackendProvider(c -> cluster.open())).concurrency(1)
                .option("tikv-importer.sorted-kv-dir", sortDir.toString())
                .option("tidb.status-addr", status.address());
    }

    private void standardData() throws IOException {
        write(db + ".items.000000000.sql", "INSERT INTO `items` VALUES (1,'alpha',10),(2,'beta',NULL),"
                + "(3,'gamma',30);\n");
        write(db + ".items.000000001.sql", "INSERT INTO `items` VALUES (4,'delta',10),(5,'epsilon',50);\n");
        write(db + ".logs.000000000.sql", "INSERT INTO `logs` VALUES (NULL,'first'),(NULL,NULL),(7,'seventh');\n");
    }

    /** The rows of {@code items} on the cluster: handle -> (name, score). */
    private Map<Long, List<String>> itemsOnCluster() {
        long tid = status.tableId(db, "items");
        byte[] prefix = TableCodec.recordPrefix(tid);
        Map<Long, List<String>> rows = new TreeMap<>();
        synchronized (cluster.stored) {
            for (Map.Entry<byte[], byte[]> e : cluster.stored.entrySet()) {
                byte[] k = e.getKey();
                if (k.length != TableCodec.RECORD_KEY_LEN || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                    continue;
                }
                long handle = 0;
                for (int i = prefix.length; i < k.length; i++) {
                    handle = (handle << 8) | (k[i] & 0xFF);
                }
                handle ^= Long.MIN_VALUE;
                Map<Long, byte[]> cols = RowDecoder.columns(e.getValue());
                byte[] score = cols.get(3L);
                rows.put(handle, List.of(new String(cols.get(2L), StandardCharsets.UTF_8),
                        score == null ? "NULL" : Long.toString(RowDecoder.signed(score))));
            }
        }
        return rows;
    }

    private long pairsOf(long tableId) {
        byte[] lo = PhysicalTableImporter.tablePrefix(tableId);
        byte[] hi = PhysicalTableImporter.tablePrefix(tableId + 1);
        return cluster.stored.subMap(lo, true, hi, false).size();
    }

    @Test
    void importsRowsAsDecodablePairsWithMatchingChecksums() throws Exception {
        standardData();
        ImportResult r = importer().run();

        assertThat(r.table(db, "items").rows()).isEqualTo(5);
        assertThat(itemsOnCluster()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                1L, List.of("alpha", "10"), 2L, List.of("beta", "NULL"), 3L, List.of("gamma", "30"),
                4L, List.of("delta", "10"), 5L, List.of("epsilon", "50"))));
        // items: 5 records + 5 unique-index + 5 secondary-index entries; logs: 3 records + 3 index entries.
        assertThat(pairsOf(status.tableId(db, "items"))).isEqualTo(15);
        assertThat(pairsOf(status.tableId(db, "logs"))).isEqualTo(6);
        assertThat(cluster.events).contains("import mode", "normal mode")
                .anyMatch(e -> e.startsWith("pause ")).anyMatch(e -> e.startsWith("checksum "));
        // One commit timestamp per table.
        assertThat(cluster.commitTs).hasSize(2);
        // The remote checksum the backend compared equals one computed here over the stored pairs.
        KvChecksum independent = new KvChecksum();
        long tid = status.tableId(db, "items");
        cluster.stored.subMap(PhysicalTableImporter.tablePrefix(tid), true, PhysicalTableImporter.tablePrefix(tid + 1),
                false).forEach(independent::update);
        assertThat(independent.kvs()).isEqualTo(15);
        // The SQL server holds no rows (they went to the cluster), and the engines are gone after success.
        assertThat(count("items")).isZero();
        try (var s = Files.list(sortDir)) {
            assertThat(s.toList()).isEmpty();
        }
        // Absent AUTO_INCREMENT values took their row IDs; the allocator is rebased above the largest.
        assertThat(autoIncrement("logs")).isGreaterThan(7);
    }

    @Test
    void duplicateKeysFailNamingFilesAndOffsetsUnderError() throws Exception {
        write(db + ".items.000000000.sql", "INSERT INTO `items` VALUES (1,'alpha',10),(2,'beta',20);\n");
        write(db + ".items.000000001.sql", "INSERT INTO `items` VALUES (2,'other',30),(3,'alpha',40);\n");
        assertThatThrownBy(() -> importer().onDuplicate(ConflictStrategy.ERROR).run())
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.ROW_REJECTED))
                .hasMessageContaining("the PRIMARY key")
                .hasMessageContaining("index uk_name")
                .hasMessageContaining(db + ".items.000000000.sql at offset")
                .hasMessageContaining(db + ".items.000000001.sql at offset");
        assertThat(cluster.stored).isEmpty();
        // Kept for a look (and a resume): the engines stay after a failure.
        assertThat(Files.exists(sortDir.resolve(db + ".items"))).isTrue();
    }

    @Test
    void replaceKeepsTheLastRowAndReportsEveryDroppedOne() throws Exception {
        write(db + ".items.000000000.sql", "INSERT INTO `items` VALUES (1,'alpha',10),(2,'beta',20);\n");
        write(db + ".items.000000001.sql", "INSERT INTO `items` VALUES (2,'other',30),(3,'alpha',40);\n");
        List<RowError> skipped = Collections.synchronizedList(new ArrayList<>());
        importer().onDuplicate(ConflictStrategy.REPLACE).listener(new ImportListener() {
            @Override
            public void rowSkipped(RowError error) {
                skipped.add(error);
            }
        }).run();
        // As REPLACE row by row: (2,'other') replaces (2,'beta'), (3,'alpha') replaces (1,'alpha').
        assertThat(itemsOnCluster()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                2L, List.of("other", "30"), 3L, List.of("alpha", "40"))));
        assertThat(pairsOf(status.tableId(db, "items"))).isEqualTo(6);
        assertThat(skipped).extracting(RowError::kind).containsOnly(RowError.Kind.CONFLICT);
        assertThat(skipped).extracting(RowError::file).containsOnly(db + ".items.000000000.sql");
        String first = Files.readString(source.resolve(db + ".items.000000000.sql"));
        assertThat(skipped).extracting(RowError::offset).containsExactlyInAnyOrder(
                (long) first.indexOf("(1,"), (long) first.indexOf("(2,"));
    }

    @Test
    void conflictThresholdCountsRowsDroppedByPrimaryAndUniqueKeysTogether() throws Exception {
        write(db + ".items.000000000.sql", "INSERT INTO `items` VALUES (1,'alpha',10),(2,'beta',20);\n");
        write(db + ".items.000000001.sql", "INSERT INTO `items` VALUES (2,'other',30),(3,'alpha',40);\n");
        // Row (2,'beta') is dropped for its PRIMARY key (record pairs), (1,'alpha') for uk_name (index pairs).
        assertThatThrownBy(() -> importer().onDuplicate(ConflictStrategy.REPLACE)
                .option("conflict.threshold", "1").run())
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.TOO_MANY_ERRORS))
                .hasMessageContaining("more than 1 rows of this import conflict");
        assertThat(cluster.stored).isEmpty();
    }

    /** {@code items} and a second table like it, each with two rows that replace drops: (2,'beta'), (1,'alpha'). */
    private void twoTablesWithTwoConflictsEach() throws IOException {
        write(db + ".other-schema.sql", ITEMS.replace("`items`", "`other`") + "\n");
        for (String table : List.of("items", "other")) {
            write(db + "." + table + ".000000000.sql", "INSERT INTO `" + table + "` VALUES (1,'alpha',10),"
                    + "(2,'beta',20);\n");
            write(db + "." + table + ".000000001.sql", "INSERT INTO `" + table + "` VALUES (2,'other',30),"
                    + "(3,'alpha',40);\n");
        }
    }

    @Test
    void conflictThresholdCountsTheDroppedRowsOfEveryTableTogether() throws Exception {
        twoTablesWithTwoConflictsEach();
        // Each table alone stays within 3; together they drop 4.
        assertThatThrownBy(() -> importer().onDuplicate(ConflictStrategy.REPLACE)
                .option("conflict.threshold", "3").run())
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.TOO_MANY_ERRORS))
                .hasMessageContaining("more than 3 rows of this import conflict");
    }

    @Test
    void conflictThresholdAllowsExactlyThatManyDroppedRows() throws Exception {
        twoTablesWithTwoConflictsEach();
        List<RowError> skipped = Collections.synchronizedList(new ArrayList<>());
        importer().onDuplicate(ConflictStrategy.REPLACE).option("conflict.threshold", "4")
                .listener(new ImportListener() {
                    @Override
                    public void rowSkipped(RowError error) {
                        skipped.add(error);
                    }
                }).run();
        assertThat(skipped).hasSize(4);
        assertThat(itemsOnCluster()).containsOnlyKeys(2L, 3L);
    }

    @Test
    void ignoreKeepsTheFirstRow() throws Exception {
        write(db + ".items.000000000.sql", "INSERT INTO `items` VALUES (1,'alpha',10),(2,'beta',20);\n");
        write(db + ".items.000000001.sql", "INSERT INTO `items` VALUES (2,'other',30),(3,'alpha',40);\n");
        List<RowError> skipped = Collections.synchronizedList(new ArrayList<>());
        importer().onDuplicate(ConflictStrategy.IGNORE).listener(new ImportListener() {
            @Override
            public void rowSkipped(RowError error) {
                skipped.add(error);
            }
        }).run();
        assertThat(itemsOnCluster()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                1L, List.of("alpha", "10"), 2L, List.of("beta", "20"))));
        assertThat(pairsOf(status.tableId(db, "items"))).isEqualTo(6);
        assertThat(skipped).extracting(RowError::file).containsOnly(db + ".items.000000001.sql").hasSize(2);
    }

    @Test
    void theIngestReadsTheSortingEnginesInPlaceWithoutACopy() throws Exception {
        write(db + ".items.000000000.sql", "INSERT INTO `items` VALUES (1,'alpha',10),(2,'beta',20);\n");
        write(db + ".items.000000001.sql", "INSERT INTO `items` VALUES (2,'other',30),(3,'alpha',40);\n");
        List<List<String>> seen = Collections.synchronizedList(new ArrayList<>());
        cluster.beforeIngest = () -> {
            try (var s = Files.list(sortDir.resolve(db + ".items"))) {
                seen.add(s.map(p -> p.getFileName().toString()).sorted().toList());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        importer().onDuplicate(ConflictStrategy.REPLACE).run();
        // Record and index pairs: while each is ingested, the table's directory holds its plan and the two sorting
        // engines, nothing written for the ingest.
        assertThat(seen).hasSize(2)
                .allSatisfy(l -> assertThat(l).containsExactly("plan.txt", "sort-data", "sort-index"));
        // What the view showed is what a copy would have held: the rows kept, and the checksum compared.
        assertThat(itemsOnCluster()).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                2L, List.of("other", "30"), 3L, List.of("alpha", "40"))));
        assertThat(pairsOf(status.tableId(db, "items"))).isEqualTo(6);
        assertThat(cluster.events).anyMatch(e -> e.startsWith("checksum "));
    }

    @Test
    void checksumMismatchFailsNamingBothSides() throws Exception {
        standardData();
        long tid = status.tableId(db, "items");
        cluster.tamper = new KvPair(TableCodec.recordKey(tid, 99), new byte[] {(byte) 0x80, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> importer().run()).isInstanceOf(ImportException.class)
                .hasMessageContaining("checksum mismatch for table " + db + ".items")
                .hasMessageContaining("local (").hasMessageContaining("remote (");
    }

    @Test
    void resumeDoesNotEncodeFinishedChunksAgainAndEndsExact() throws Exception {
        standardData();
        Path checkpoint = sortDir.resolve("../cp-" + db + ".txt").normalize();
        // Run 1: the listener fails the import right after the first chunk of items finished.
        List<String> firstRun = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> importer().checkpoint(true).checkpointPath(checkpoint.toString()).tableConcurrency(1)
                .listener(new ImportListener() {
                    @Override
                    public void chunkFinished(TableName table, String file, long rows, long bytes) {
                        firstRun.add(file);
                        if (file.endsWith("items.000000000.sql")) {
                            throw new ImportException(ErrorCode.TARGET_WRITE, "stop after the first chunk");
                        }
                    }
                }).run()).isInstanceOf(ImportException.class).hasMessageContaining("stop after the first chunk");
        assertThat(firstRun).contains(db + ".items.000000000.sql");
        assertThat(pairsOf(status.tableId(db, "items"))).isZero();
        try (var cp = importer().checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }

        // Run 2: only the chunks not finished before are encoded; the table ends exact.
        List<String> encoded = Collections.synchronizedList(new ArrayList<>());
        ImportResult r = importer().checkpoint(true).checkpointPath(checkpoint.toString()).listener(new ImportListener() {
            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                encoded.add(file);
            }
        }).run();
        assertThat(encoded).doesNotContainAnyElementsOf(firstRun);
        List<String> all = new ArrayList<>(firstRun);
        all.addAll(encoded);
        assertThat(all).containsExactlyInAnyOrder(db + ".items.000000000.sql", db + ".items.000000001.sql",
                db + ".logs.000000000.sql");
        assertThat(itemsOnCluster()).containsOnlyKeys(1L, 2L, 3L, 4L, 5L);
        assertThat(pairsOf(status.tableId(db, "items"))).isEqualTo(15);
        assertThat(r.table(db, "items").rows()).isEqualTo(5);
    }

    @Test
    void aFailedIngestIsResumedWithoutEncodingAgain() throws Exception {
        standardData();
        Path checkpoint = sortDir.resolve("../cp2-" + db + ".txt").normalize();
        cluster.failIngests.set(1);
        assertThatThrownBy(() -> importer().checkpoint(true).checkpointPath(checkpoint.toString()).tableConcurrency(1)
                .run()).isInstanceOf(ImportException.class).hasMessageContaining("injected ingest failure");
        try (var cp = importer().checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }
        List<String> encoded = Collections.synchronizedList(new ArrayList<>());
        importer().checkpoint(true).checkpointPath(checkpoint.toString()).listener(new ImportListener() {
            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                encoded.add(file);
            }
        }).run();
        assertThat(encoded).noneMatch(f -> f.contains(".items."));
        assertThat(itemsOnCluster()).hasSize(5);
        assertThat(pairsOf(status.tableId(db, "items"))).isEqualTo(15);
        assertThat(pairsOf(status.tableId(db, "logs"))).isEqualTo(6);
    }

    @Test
    void aTableWithPairsOnTheClusterIsRefused() throws Exception {
        standardData();
        importer().run();
        // Without checkpoints, a second import would mix with the first one's pairs.
        assertThatThrownBy(() -> importer().run()).isInstanceOf(ImportException.class)
                .hasMessageContaining("already holds").hasMessageContaining("key-value pairs on TiKV");
    }

    @Test
    void aResumeWhoseEnginesAreGoneFailsInsteadOfLosingRows() throws Exception {
        standardData();
        Path checkpoint = sortDir.resolve("../cp3-" + db + ".txt").normalize();
        cluster.failIngests.set(1);
        assertThatThrownBy(() -> importer().checkpoint(true).checkpointPath(checkpoint.toString()).tableConcurrency(1)
                .run()).isInstanceOf(ImportException.class);
        try (var cp = importer().checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }
        Path other = sortDir.resolve("elsewhere");
        assertThatThrownBy(() -> importer().option("tikv-importer.sorted-kv-dir", other.toString()).checkpoint(true)
                .checkpointPath(checkpoint.toString()).run()).isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.CHECKPOINT))
                .hasMessageContaining("not in the local engines");
    }

    @Test
    void checksumViaSqlAsksTheServerAndNamesTheOptionWhenItCannot() throws Exception {
        standardData();
        // MariaDB has no ADMIN CHECKSUM TABLE: required fails naming the switch, optional goes on.
        assertThatThrownBy(() -> importer().option("post-restore.checksum-via-sql", "true").run())
                .isInstanceOf(ImportException.class).hasMessageContaining("ADMIN CHECKSUM TABLE")
                .hasMessageContaining("post-restore.checksum-via-sql");
    }

    @Test
    void checksumOffSkipsTheRemoteChecksum() throws Exception {
        standardData();
        long tid = status.tableId(db, "items");
        cluster.tamper = new KvPair(TableCodec.recordKey(tid, 99), new byte[] {(byte) 0x80, 0, 0, 0, 0, 0});
        importer().option("post-restore.checksum", "off").option("post-restore.analyze", "off").run();
        // The stray pair went unnoticed: nothing compared.
        assertThat(pairsOf(tid)).isEqualTo(16);
    }

    @Test
    void unreachableStatusServerNamesTheAddressAndTheOption() throws Exception {
        standardData();
        status.close();
        assertThatThrownBy(() -> importer().run()).isInstanceOf(ImportException.class)
                .hasMessageContaining(status.address()).hasMessageContaining("tidb.status-addr");
    }

    private long count(String table) throws SQLException {
        try (Connection c = DB.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + db + "`.`" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long autoIncrement(String table) throws SQLException {
        try (Connection c = DB.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                        + db + "' AND TABLE_NAME = '" + table + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
