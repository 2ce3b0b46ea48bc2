package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.TableName;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.testing.tikv.FaultKind;
import dev.lightning4j.testing.tikv.Rpc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code tikv-importer.add-index-by-sql}: only the record pairs (and a non-clustered primary key's) reach TiKV, the
 * secondary indexes are dropped before and added back over SQL after the checksum, so the table ends with exactly
 * the indexes it was created with.
 */
class PhysicalAddIndexBySqlTest extends PhysicalImportFixture {

    @org.junit.jupiter.api.io.TempDir
    Path newSortDir;

    PhysicalAddIndexBySqlTest() {
        super("it_addidx");
    }

    private ImportBuilder physical(boolean addIndexBySql) {
        return physicalImport(dir, db, sortDir).concurrency(2)
                .option("tikv-importer.add-index-by-sql", String.valueOf(addIndexBySql));
    }

    /** SHOW CREATE TABLE of every table, the AUTO_INCREMENT counter left out (the import moves it). */
    private static Map<String, String> createTables(String database) {
        Map<String, String> out = new HashMap<>();
        for (String table : PhysicalImportTest.TABLES) {
            String ddl = ItDb.rows("SHOW CREATE TABLE `" + database + "`.`" + table + "`").get(0).get(1);
            out.put(table, ddl.replaceAll(" AUTO_INCREMENT=\\d+", ""));
        }
        return out;
    }

    /** The tables as the export's schema files create them, in a database of their own. */
    private Map<String, String> createdFromSchemaFiles() throws Exception {
        String ref = ItDb.SERVER.createDatabase("it_addidx_ref");
        for (String table : PhysicalImportTest.TABLES) {
            String sql = Files.readString(dir.resolve(db + "." + table + "-schema.sql"), StandardCharsets.UTF_8);
            ItDb.execute(ref, sql.substring(sql.indexOf("CREATE TABLE")));
        }
        return createTables(ref);
    }

    /** Every key the cluster holds under the table is a record key or, for a non-clustered key, the key's index. */
    private void assertOnlyRecordAndPrimaryKeyPairs(TableInfo info, String table) {
        byte[] lo = StoredPairs.tablePrefix(info.id());
        byte[] hi = StoredPairs.tablePrefix(info.id() + 1);
        byte[] record = StoredPairs.recordPrefix(info.id());
        IndexInfo pk = info.indexes().stream().filter(IndexInfo::primary).findFirst().orElse(null);
        byte[] pkIndex = pk == null || info.pkIsHandle() || info.commonHandle() ? null
                : StoredPairs.indexPrefix(info.id(), pk.id());
        long pkPairs = 0;
        for (byte[] key : cluster.stored().subMap(lo, hi).keySet()) {
            if (startsWith(key, record)) {
                continue;
            }
            assertThat(pkIndex != null && startsWith(key, pkIndex)).as(table + ": a secondary index pair reached TiKV")
                    .isTrue();
            pkPairs++;
        }
        if (pkIndex != null) {
            assertThat(pkPairs).as(table + ": the non-clustered primary key's pairs").isPositive();
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Test
    void onlyRecordPairsAreImportedAndTheIndexesAreAddedBack() throws Exception {
        PhysicalImportTest.export(dir, db, false);
        Map<String, String> expectedDdl = createdFromSchemaFiles();
        physical(true).run();
        for (Map.Entry<String, TableInfo> t : assertExactRecordsWithoutSecondaryIndexes().entrySet()) {
            long id = t.getValue().id();
            assertChecksumAgrees(StoredPairs.tablePrefix(id), StoredPairs.tablePrefix(id + 1), t.getKey());
        }
        // The backend's checksum (required) went to the coprocessor and agreed; the indexes are back as created.
        assertThat(cluster.requests(Rpc.COPROCESSOR)).isGreaterThanOrEqualTo(PhysicalImportTest.TABLES.size());
        assertThat(createTables(db)).isEqualTo(expectedDdl);
        assertThat(tableInfo(db, "nonclustered").indexes()).extracting(IndexInfo::name)
                .contains("uk_email", "k_age_email");
        assertThat(Files.exists(sortDir.resolve("add-index"))
                ? Files.list(sortDir.resolve("add-index")).toList() : List.of()).as("saved definitions left").isEmpty();
    }

    @Test
    void offByDefaultTheIndexesAreImportedAsPairs() throws Exception {
        PhysicalImportTest.export(dir, db, false);
        Map<String, String> expectedDdl = createdFromSchemaFiles();
        physicalImport(dir, db, sortDir).run();
        String ref = logicalReference("it_addidx_rows", ConflictStrategy.ERROR);
        for (String table : PhysicalImportTest.TABLES) {
            TableInfo info = tableInfo(db, table);
            List<List<String>> expected = StoredPairs.sqlRows(ref, table, info);
            assertThat(storedRows(info, info.id())).as(table).containsExactlyInAnyOrderElementsOf(expected);
            StoredPairs.assertOneEntryPerRowInEveryIndex(cluster.stored(), info, info.id(), expected.size(), table);
        }
        assertThat(createTables(db)).isEqualTo(expectedDdl);
        assertThat(sortDir.resolve("add-index")).doesNotExist();
    }

    @Test
    void aDuplicateAtAddUniqueNamesTheTableTheIndexAndWhatToDo() throws Exception {
        PhysicalImportTest.export(dir, db, false);
        // The rows of the target server are what ADD UNIQUE KEY checks: two rows sharing an e-mail arrive there
        // while the table is imported without its indexes (on TiDB they would be imported rows).
        AtomicBoolean inserted = new AtomicBoolean();
        ImportListener duplicates = duplicateEmailsArriveOnce(inserted);
        assertThatThrownBy(() -> physical(true).tableConcurrency(1).listener(duplicates).run())
                .isInstanceOf(ImportException.class)
                .hasMessageContaining(db + ".nonclustered")
                .hasMessageContaining("uk_email")
                .hasMessageContaining("Duplicate entry")
                .hasMessageContaining("add them by hand: ALTER TABLE")
                .hasMessageContaining("tikv-importer.add-index-by-sql = false");
        assertThat(inserted).isTrue();
        // The data is imported: the records are on the cluster.
        TableInfo info = tableInfo(db, "nonclustered");
        assertThat(storedRows(info, info.id())).hasSize(5);
    }

    @Test
    void aFailureAfterTheDropIsResumedAndTheIndexesAreBack() throws Exception {
        PhysicalImportTest.export(dir, db, false);
        Map<String, String> expectedDdl = createdFromSchemaFiles();
        Path checkpoint = sortDir.resolveSibling("cp-" + db + ".txt");
        // The ingest of nonclustered fails, after its indexes were dropped.
        ImportListener fault = new ImportListener() {
            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                if (table.table().equals("nonclustered")) {
                    cluster.faults().inject(Rpc.MULTI_INGEST, FaultKind.DISK_FULL, 1);
                }
            }
        };
        assertThatThrownBy(() -> physical(true).checkpoint(true).checkpointPath(checkpoint.toString())
                .tableConcurrency(1).listener(fault).run()).isInstanceOf(ImportException.class).hasMessageContaining("disk");
        // Some table stopped between the drop and the add: it lacks indexes now, their definitions are saved.
        assertThat(createTables(db).get("nonclustered")).isNotEqualTo(expectedDdl.get("nonclustered"));
        assertThat(Files.list(sortDir.resolve("add-index")).toList()).isNotEmpty();
        try (var cp = physical(true).checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }
        physical(true).checkpoint(true).checkpointPath(checkpoint.toString()).run();
        assertThat(createTables(db)).isEqualTo(expectedDdl);
        assertExactRecordsWithoutSecondaryIndexes();
    }

    /** Checkpoints of the given driver: a file beside the sort directory, or a schema on the target. */
    private ImportBuilder checkpointed(ImportBuilder b, String driver) {
        return driver.equals("file") ? b.checkpoint(true).checkpointPath(sortDir.resolveSibling("cp-" + db + ".txt")
                .toString()) : b.checkpoint(true).checkpointDriver("mysql").checkpointSchema("ckp_" + db);
    }

    /** The same import with another, empty sort directory: the one of the run before is gone. */
    private ImportBuilder withNewSortDir(ImportBuilder b) {
        return b.option("tikv-importer.sorted-kv-dir", newSortDir.toString());
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The post-process (deferred to the end of the import) fails at adding the indexes back: the tables are
     * recorded as finished, the definitions and the deferred post-process wait. The sort directory is wiped; the
     * resume runs the post-process from the checkpoints (checksum, then the indexes added back).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"file", "mysql"})
    void aResumeWithAWipedSortDirAddsTheIndexesBackFromTheCheckpoints(String driver) throws Exception {
        PhysicalImportTest.export(dir, db, false);
        Map<String, String> expectedDdl = createdFromSchemaFiles();
        AtomicBoolean inserted = new AtomicBoolean();
        ImportListener duplicates = duplicateEmailsArriveOnce(inserted);
        assertThatThrownBy(() -> checkpointed(physical(true), driver).tableConcurrency(1).listener(duplicates).run())
                .isInstanceOf(ImportException.class).hasMessageContaining("Duplicate entry");
        assertThat(createTables(db).get("nonclustered")).isNotEqualTo(expectedDdl.get("nonclustered"));
        ItDb.execute(db, "DELETE FROM nonclustered WHERE uid IN (900, 901)");
        deleteTree(sortDir);
        long checksums = cluster.requests(Rpc.COPROCESSOR);

        checkpointed(physical(true), driver).run();
        assertThat(createTables(db)).isEqualTo(expectedDdl);
        // The deferred post-process of nonclustered came back from the checkpoints too: its checksum ran.
        assertThat(cluster.requests(Rpc.COPROCESSOR)).isGreaterThan(checksums);
        assertExactRecordsWithoutSecondaryIndexes();
        if (driver.equals("mysql")) {
            assertThat(ItDb.tables("ckp_" + db)).as("the checkpoints are removed after success").isEmpty();
        }
    }

    /**
     * A row the table refuses stops its import after its indexes were dropped and before any chunk was recorded;
     * the source is corrected and the import resumed with a new sort directory: the table is encoded again and its
     * indexes, whose only copy is in the checkpoints now, are added back.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"file", "mysql"})
    void aResumeWithANewSortDirAfterAFailedChunkAddsTheIndexesBack(String driver) throws Exception {
        PhysicalImportTest.export(dir, db, false);
        Map<String, String> expectedDdl = createdFromSchemaFiles();
        Path data = dir.resolve(db + ".nonclustered.000000000.sql");
        String good = Files.readString(data, StandardCharsets.UTF_8);
        Files.writeString(data, good.replace("(103,NULL,41)", "(103,NULL,'forty-one')"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> checkpointed(physical(true), driver).tableConcurrency(1).run())
                .isInstanceOf(ImportException.class).hasMessageContaining("nonclustered");
        assertThat(createTables(db).get("nonclustered")).isNotEqualTo(expectedDdl.get("nonclustered"));
        Files.writeString(data, good, StandardCharsets.UTF_8);
        try (var cp = checkpointed(physical(true), driver).checkpoints()) {
            cp.ignoreErrors("all");
            assertThat(cp.pendingWork()).as("an ignored failure keeps the definitions for the resume").isEmpty();
        }
        deleteTree(sortDir);

        withNewSortDir(checkpointed(physical(true), driver)).run();
        assertThat(createTables(db)).isEqualTo(expectedDdl);
        assertExactRecordsWithoutSecondaryIndexes();
    }

    /**
     * The local engines of a table that failed at its ingest are lost with the sort directory: the resume refuses it,
     * and removing its checkpoints tells, with the exact statement, how to add back the indexes it still lacks.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"file", "mysql"})
    void removingTheCheckpointsOfATableWithDroppedIndexesGivesTheStatementThatAddsThemBack(String driver)
            throws Exception {
        PhysicalImportTest.export(dir, db, false);
        Map<String, String> expectedDdl = createdFromSchemaFiles();
        ImportListener fault = new ImportListener() {
            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                if (table.table().equals("nonclustered")) {
                    cluster.faults().inject(Rpc.MULTI_INGEST, FaultKind.DISK_FULL, 1);
                }
            }
        };
        assertThatThrownBy(() -> checkpointed(physical(true), driver).tableConcurrency(1).listener(fault).run())
                .isInstanceOf(ImportException.class).hasMessageContaining("disk");
        try (var cp = checkpointed(physical(true), driver).checkpoints()) {
            cp.ignoreErrors("all");
        }
        deleteTree(sortDir);
        // Tables in name order, one at a time: autoinc and composite were finished, nonclustered stops the run.
        assertThatThrownBy(() -> checkpointed(physical(true), driver).tableConcurrency(1).run())
                .isInstanceOf(ImportException.class).hasMessageContaining("not in the local engines");

        String statement;
        try (var cp = checkpointed(physical(true), driver).checkpoints()) {
            // autoinc has no droppable index; it was imported before nonclustered and waited for its post-process.
            cp.remove(db + ".autoinc");
            assertThat(cp.pendingWork()).singleElement().asString().doesNotContain("ALTER TABLE")
                    .contains("ADMIN CHECKSUM TABLE `" + db + "`.`autoinc`");
            cp.remove(db + ".nonclustered");
            assertThat(cp.pendingWork()).singleElement().asString().contains(db + ".nonclustered")
                    .contains("ALTER TABLE `" + db + "`.`nonclustered` ADD UNIQUE KEY `uk_email` (`email`), ADD KEY"
                            + " `k_age_email` (`age`,`email`);");
            statement = cp.pendingWork().get(0).substring(cp.pendingWork().get(0).indexOf("ALTER TABLE"));
            assertThat(cp.tables()).extracting(t -> t.table().table()).doesNotContain("nonclustered", "autoinc");
        }
        ItDb.execute(db, statement);
        assertThat(createTables(db).get("nonclustered")).isEqualTo(expectedDdl.get("nonclustered"));
        // composite was finished before and waited for its post-process (deferred to the end of the import, which
        // never came): its indexes are pending too, and its checksum; types_t was never started.
        try (var cp = checkpointed(physical(true), driver).checkpoints()) {
            cp.remove("all");
            assertThat(cp.pendingWork()).singleElement().asString()
                    .contains("ALTER TABLE `" + db + "`.`composite` ADD UNIQUE KEY `uk_code` (`code`);")
                    .contains("ADMIN CHECKSUM TABLE `" + db + "`.`composite`").doesNotContain("types_t");
            assertThat(cp.tables()).isEmpty();
        }
        try (var cp = checkpointed(physical(true), driver).checkpoints()) {
            cp.remove("all");
            assertThat(cp.pendingWork()).as("removed with the rest").isEmpty();
        }
    }

    /**
     * Every table's stored records decode to exactly the rows a logical import writes, and no secondary index's
     * pairs reached the cluster; returns the tables' infos by name.
     */
    private Map<String, TableInfo> assertExactRecordsWithoutSecondaryIndexes() throws Exception {
        String ref = logicalReference("it_addidx_rows", ConflictStrategy.ERROR);
        Map<String, TableInfo> infos = new java.util.LinkedHashMap<>();
        for (String table : PhysicalImportTest.TABLES) {
            TableInfo info = tableInfo(db, table);
            assertThat(storedRows(info, info.id())).as(table)
                    .containsExactlyInAnyOrderElementsOf(StoredPairs.sqlRows(ref, table, info));
            assertOnlyRecordAndPrimaryKeyPairs(info, table);
            infos.put(table, info);
        }
        return infos;
    }

    /**
     * A listener that, once the first chunk of {@code nonclustered} is written, inserts two rows sharing an e-mail on
     * the target: what ADD UNIQUE KEY checks after the import. {@code inserted} tells whether it did.
     */
    private ImportListener duplicateEmailsArriveOnce(AtomicBoolean inserted) {
        return new ImportListener() {
            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                if (table.table().equals("nonclustered") && inserted.compareAndSet(false, true)) {
                    ItDb.execute(db, "INSERT INTO nonclustered VALUES (900,'dup@x.org',1),(901,'dup@x.org',2)");
                }
            }
        };
    }
}
