package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.TableName;
import dev.lightning4j.physical.ingest.MetaKeys;
import dev.lightning4j.physical.model.TableInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tikv-importer.parallel-import}: two physical imports (two builders, two sort directories) into the same
 * tables of one cluster, coordinated through the metadata tables on the shared MariaDB. One import is held after
 * it encoded a chunk of the shared table, so the other runs to its end meanwhile: that one finishes first (it
 * skips the checksum and leaves the stores in import mode), the held one last (it verifies the table and switches
 * the stores back).
 */
class PhysicalParallelImportTest extends PhysicalImportFixture {
    private static final String SHARED = "CREATE TABLE `shared` (`id` int NOT NULL, `note` varchar(20) COLLATE"
            + " utf8mb4_bin DEFAULT NULL, KEY `k_note` (`note`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
            + " COLLATE=utf8mb4_bin;";
    private static final String KEYED = "CREATE TABLE `keyed` (`id` int NOT NULL, `v` varchar(20) COLLATE utf8mb4_bin"
            + " DEFAULT NULL, PRIMARY KEY (`id`), UNIQUE KEY `uk_v` (`v`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
            + " COLLATE=utf8mb4_bin;";
    private static final String ONLY_A = "CREATE TABLE `only_a` (`id` int NOT NULL, `x` int DEFAULT NULL,"
            + " PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";

    @TempDir
    Path dirB;
    @TempDir
    Path sortB;
    String meta;

    PhysicalParallelImportTest() {
        super("it_parallel");
    }

    @BeforeEach
    void metaSchema() {
        meta = ItDb.SERVER.createDatabase("it_parallel_meta");
    }

    private ImportBuilder parallel(Path source, Path sortDir) {
        return physicalImport(source, db, sortDir).concurrency(2)
                .option("tikv-importer.parallel-import", "true")
                .option("lightning.meta-schema-name", meta);
    }

    private void sharedRows(Path dir, String prefix, int from, int to) {
        DumpFile.schema(dir, db, "shared", SHARED);
        List<String> tuples = new ArrayList<>();
        for (int i = from; i < to; i++) {
            tuples.add("(" + i + ",'" + prefix + i + "')");
        }
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("shared", null, tuples.toArray(new String[0]))
                .writeTo(dir, db + ".shared.00000000" + (prefix.equals("a") ? 0 : 1) + ".sql");
    }

    private static List<List<String>> expectedShared(String prefix, int from, int to) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(List.of(String.valueOf(i), prefix + i));
        }
        return rows;
    }

    /** Holds the import at its first encoded chunk of {@code table} until {@code release}; signals {@code held}. */
    private static ImportListener holdAt(String table, CountDownLatch held, CountDownLatch release) {
        return new ImportListener() {
            @Override
            public void chunkFinished(TableName t, String file, long rows, long bytes) {
                if (t.table().equals(table) && held.getCount() > 0) {
                    held.countDown();
                    try {
                        release.await(2, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }

    /** Waits until the import {@code a} is held, failing at once when it stopped instead. */
    private static void awaitHeld(CountDownLatch held, CompletableFuture<Void> a) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!held.await(100, TimeUnit.MILLISECONDS)) {
            if (a.isDone()) {
                a.get();
                throw new AssertionError("the first import ended before it encoded a chunk of the shared table");
            }
            assertThat(System.nanoTime()).as("the first import is held in time").isLessThan(deadline);
        }
    }

    /** The record keys' handles (row IDs here) of the table, with the note column of each row. */
    private Map<Long, String> handlesByNote(TableInfo info) {
        List<List<String>> rows = storedRows(info, info.id());
        byte[] prefix = StoredPairs.recordPrefix(info.id());
        List<Long> handles = new ArrayList<>();
        for (byte[] key : cluster.stored().subMap(prefix, true, StoredPairs.next(prefix), false).keySet()) {
            long h = 0;
            for (int i = prefix.length; i < prefix.length + 8; i++) {
                h = (h << 8) | (key[i] & 0xFF);
            }
            handles.add(h ^ Long.MIN_VALUE);
        }
        Map<Long, String> out = new java.util.TreeMap<>();
        for (int i = 0; i < handles.size(); i++) {
            out.put(handles.get(i), rows.get(i).get(1));
        }
        return out;
    }

    private long metaRows(String table) {
        return ItDb.count("`" + meta + "`." + table);
    }

    private List<String> metaStatuses(String table) {
        return ItDb.rows("SELECT status FROM `" + meta + "`." + table).stream().map(r -> r.get(0)).toList();
    }

    @Test
    void twoImportsAtOnceStoreTheUnionWithDisjointRowIdsAndTheLastOneVerifiesAndSwitchesBack() throws Exception {
        sharedRows(dir, "a", 1, 41);
        DumpFile.schema(dir, db, "only_a", ONLY_A);
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("only_a", null, "(1,10)", "(2,20)", "(3,NULL)")
                .writeTo(dir, db + ".only_a.000000000.sql");
        sharedRows(dirB, "b", 100, 160);

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> parallel(dir, sortDir)
                .listener(holdAt("shared", held, release)).run());
        try {
            awaitHeld(held, a);
            long t0 = System.nanoTime();
            parallel(dirB, sortB).run();
            long bMillis = (System.nanoTime() - t0) / 1_000_000;
            // B finished while A still imports: it skipped the checksum and left the stores in import mode.
            assertThat(metaStatuses("table_meta")).contains("checksum_skipped");
            assertThat(ItDb.rows("SELECT status FROM `" + meta + "`.task_meta WHERE status = 'skip_switch'")).hasSize(1);
            for (long store : cluster.storeIds()) {
                assertThat(cluster.storeMode(store)).as("store " + store + " after the first import finished")
                        .isEqualTo("Import");
            }
            System.out.println("parallel import B alone: " + bMillis + " ms");
        } finally {
            release.countDown();
        }
        a.get(2, TimeUnit.MINUTES);
        for (long store : cluster.storeIds()) {
            assertThat(cluster.storeMode(store)).as("store " + store + " after both finished").isEqualTo("Normal");
        }

        TableInfo shared = tableInfo(db, "shared");
        assertThat(shared.rowIdHandle()).isTrue();
        List<List<String>> expected = new ArrayList<>(expectedShared("a", 1, 41));
        expected.addAll(expectedShared("b", 100, 160));
        assertThat(storedRows(shared, shared.id())).containsExactlyInAnyOrderElementsOf(expected);
        StoredPairs.assertOneEntryPerRowInEveryIndex(cluster.stored(), shared, shared.id(), expected.size(), "shared");
        assertChecksumAgrees(StoredPairs.tablePrefix(shared.id()), StoredPairs.tablePrefix(shared.id() + 1), "shared");
        // Row IDs of the two imports lie in disjoint ranges; TiDB's allocator is past both.
        Map<Long, String> handles = handlesByNote(shared);
        long maxA = handles.entrySet().stream().filter(e -> e.getValue().startsWith("a")).mapToLong(Map.Entry::getKey)
                .max().orElseThrow();
        long minA = handles.entrySet().stream().filter(e -> e.getValue().startsWith("a")).mapToLong(Map.Entry::getKey)
                .min().orElseThrow();
        long maxB = handles.entrySet().stream().filter(e -> e.getValue().startsWith("b")).mapToLong(Map.Entry::getKey)
                .max().orElseThrow();
        long minB = handles.entrySet().stream().filter(e -> e.getValue().startsWith("b")).mapToLong(Map.Entry::getKey)
                .min().orElseThrow();
        assertThat(maxA < minB || maxB < minA).as("ranges [%d, %d] and [%d, %d] are disjoint", minA, maxA, minB, maxB)
                .isTrue();
        byte[] allocator = MetaKeys.rowIdAllocator(status.databaseId(db), status.tableId(db, "shared"));
        assertThat(Long.parseLong(new String(cluster.committedValue(allocator), StandardCharsets.US_ASCII)))
                .isGreaterThanOrEqualTo(Math.max(maxA, maxB));

        TableInfo onlyA = tableInfo(db, "only_a");
        assertThat(storedRows(onlyA, onlyA.id())).containsExactlyInAnyOrder(List.of("1", "10"), List.of("2", "20"),
                List.of("3", "NULL"));
        // The verifier removed the tables' rows, the last import the tasks'; the task IDs left the sort dirs.
        assertThat(metaRows("table_meta")).isZero();
        assertThat(metaRows("task_meta")).isZero();
        assertThat(Files.exists(sortDir.resolve("parallel-import-task.txt"))).isFalse();
        assertThat(Files.exists(sortB.resolve("parallel-import-task.txt"))).isFalse();
    }

    @Test
    void anImportIntoATableHoldingRowsChecksumsThemAsItsBaseAndKeepsThem() throws Exception {
        sharedRows(dir, "a", 1, 31);
        sharedRows(dirB, "b", 200, 230);
        parallel(dir, sortDir).run();
        TableInfo shared = tableInfo(db, "shared");
        long afterFirst = cluster.requests(dev.lightning4j.testing.tikv.Rpc.COPROCESSOR);
        // The table holds rows now: without parallel-import the physical backend refuses it.
        assertThatThrownBy(() -> physicalImport(dirB, db, sortB).run()).isInstanceOf(ImportException.class)
                .hasMessageContaining("imports into empty tables only");
        // The checksum as the table finishes, not deferred to the end of the import.
        parallel(dirB, sortB).option("post-restore.post-process-at-last", "false").run();
        // Base checksum and final checksum: the coprocessor was asked at least twice more.
        assertThat(cluster.requests(dev.lightning4j.testing.tikv.Rpc.COPROCESSOR)).isGreaterThanOrEqualTo(afterFirst + 2);
        List<List<String>> expected = new ArrayList<>(expectedShared("a", 1, 31));
        expected.addAll(expectedShared("b", 200, 230));
        assertThat(storedRows(shared, shared.id())).containsExactlyInAnyOrderElementsOf(expected);
        Map<Long, String> handles = handlesByNote(shared);
        long maxA = handles.entrySet().stream().filter(e -> e.getValue().startsWith("a")).mapToLong(Map.Entry::getKey)
                .max().orElseThrow();
        long minB = handles.entrySet().stream().filter(e -> e.getValue().startsWith("b")).mapToLong(Map.Entry::getKey)
                .min().orElseThrow();
        assertThat(minB).as("the second import's row IDs start above the first's").isGreaterThan(maxA);
        assertChecksumAgrees(StoredPairs.tablePrefix(shared.id()), StoredPairs.tablePrefix(shared.id() + 1), "shared");
        assertThat(metaRows("table_meta")).isZero();
    }

    @Test
    void theSamePrimaryKeyFromTwoImportsFailsTheVerifierNamingTheCause() throws Exception {
        DumpFile.schema(dir, db, "keyed", KEYED);
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("keyed", null, "(1,'a1')", "(2,'a2')", "(5,'a5')")
                .writeTo(dir, db + ".keyed.000000000.sql");
        DumpFile.schema(dirB, db, "keyed", KEYED);
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("keyed", null, "(5,'b5')", "(6,'b6')", "(7,'b7')")
                .writeTo(dirB, db + ".keyed.000000000.sql");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> parallel(dir, sortDir)
                .listener(holdAt("keyed", held, release)).run());
        try {
            awaitHeld(held, a);
            // B finishes first: it cannot see the duplicate and leaves the verification to A.
            parallel(dirB, sortB).run();
        } finally {
            release.countDown();
        }
        assertThatThrownBy(() -> a.get(2, TimeUnit.MINUTES)).hasCauseInstanceOf(ImportException.class)
                .cause().satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.TARGET_WRITE))
                .hasMessageContaining("checksum mismatch for table").hasMessageContaining("keyed")
                .hasMessageContaining("duplicate keys between the imports");
        // B's other rows are there; id 5 holds one of the two rows.
        TableInfo keyed = tableInfo(db, "keyed");
        List<List<String>> rows = storedRows(keyed, keyed.id());
        assertThat(rows).contains(List.of("6", "b6"), List.of("7", "b7"), List.of("1", "a1"), List.of("2", "a2"));
        assertThat(rows).filteredOn(r -> r.get(0).equals("5")).hasSize(1);
    }

    @Test
    void aGlobalSchedulingPauseIsLiftedByTheLastImportWithTheValuesFromBeforeTheFirst() throws Exception {
        sharedRows(dir, "a", 1, 21);
        sharedRows(dirB, "b", 100, 121);
        Map<String, Object> before = cluster.scheduleConfig();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> parallel(dir, sortDir)
                .option("tikv-importer.pause-pd-scheduler-scope", "global")
                .listener(holdAt("shared", held, release)).run());
        try {
            awaitHeld(held, a);
            parallel(dirB, sortB).option("tikv-importer.pause-pd-scheduler-scope", "global").run();
            // B ended while A still imports: the pause stays, held from the values before the first pause.
            assertThat(cluster.pausedSchedulers()).isNotEmpty();
            assertThat(((Number) cluster.scheduleConfig().get("max-merge-region-keys")).longValue()).isZero();
            assertThat(ItDb.rows("SELECT pd_cfgs FROM `" + meta + "`.task_meta WHERE pd_cfgs <> ''")).isNotEmpty();
        } finally {
            release.countDown();
        }
        a.get(2, TimeUnit.MINUTES);
        assertThat(cluster.pausedSchedulers()).isEmpty();
        assertThat(cluster.scheduleConfig()).isEqualTo(before);
        assertThat(metaRows("task_meta")).isZero();
    }

    @Test
    void aFailedImportRestartsWithItsTaskAndRangeAndVerifiesAsTheLast() throws Exception {
        sharedRows(dir, "a", 1, 41);
        sharedRows(dirB, "b", 100, 131);
        Path checkpoint = sortDir.resolveSibling("cp-parallel-" + db + ".txt");
        cluster.faults().inject(dev.lightning4j.testing.tikv.Rpc.MULTI_INGEST,
                dev.lightning4j.testing.tikv.FaultKind.DISK_FULL, 1);
        List<String> firstRun = java.util.Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> parallel(dir, sortDir).checkpoint(true).checkpointPath(checkpoint.toString())
                .listener(chunksFinishedInto(firstRun)).run()).isInstanceOf(ImportException.class)
                .hasMessageContaining("disk");
        String task = Files.readString(sortDir.resolve("parallel-import-task.txt"));
        List<List<String>> reserved = ItDb.rows("SELECT row_id_base, row_id_max FROM `" + meta + "`.table_meta WHERE"
                + " task_id = " + task);
        assertThat(reserved).hasSize(1);
        assertThat(ItDb.rows("SELECT state FROM `" + meta + "`.task_meta WHERE task_id = " + task))
                .containsExactly(List.of("1"));

        // Another import runs meanwhile; the failed one is not running, so it may switch the stores back, but
        // the table's verification waits for the failed one.
        parallel(dirB, sortB).run();
        assertThat(metaStatuses("table_meta")).containsExactlyInAnyOrder("restore", "checksum_skipped");
        for (long store : cluster.storeIds()) {
            assertThat(cluster.storeMode(store)).isEqualTo("Normal");
        }

        try (var cp = parallel(dir, sortDir).checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }
        List<String> resumed = java.util.Collections.synchronizedList(new ArrayList<>());
        parallel(dir, sortDir).checkpoint(true).checkpointPath(checkpoint.toString())
                .listener(chunksFinishedInto(resumed)).run();
        // The same task and range: the chunks encoded by the first run are not read again.
        assertThat(resumed).doesNotContainAnyElementsOf(firstRun);
        TableInfo shared = tableInfo(db, "shared");
        List<List<String>> expected = new ArrayList<>(expectedShared("a", 1, 41));
        expected.addAll(expectedShared("b", 100, 131));
        assertThat(storedRows(shared, shared.id())).containsExactlyInAnyOrderElementsOf(expected);
        long base = Long.parseLong(reserved.get(0).get(0));
        long max = Long.parseLong(reserved.get(0).get(1));
        assertThat(handlesByNote(shared).entrySet()).filteredOn(e -> e.getValue().startsWith("a"))
                .allSatisfy(e -> assertThat(e.getKey()).isGreaterThan(base).isLessThanOrEqualTo(max));
        assertChecksumAgrees(StoredPairs.tablePrefix(shared.id()), StoredPairs.tablePrefix(shared.id() + 1), "shared");
        assertThat(metaRows("table_meta")).isZero();
        assertThat(metaRows("task_meta")).isZero();
    }

    /**
     * An AUTO_INCREMENT integer primary key is the row's handle and, left NULL in the source, takes the row ID:
     * the second import's IDs must come from the allocator the first one moved, not from 0 again, or its rows
     * replace the first import's.
     */
    @Test
    void autoIncrementHandlesOfALaterImportComeFromTheAllocatorAndKeepTheEarlierRows() throws Exception {
        String autoPk = "CREATE TABLE `auto_pk` (`id` int NOT NULL AUTO_INCREMENT, `v` varchar(20) COLLATE utf8mb4_bin"
                + " DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";
        DumpFile.schema(dir, db, "auto_pk", autoPk);
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("auto_pk", null, "(NULL,'a1')", "(NULL,'a2')",
                "(NULL,'a3')").writeTo(dir, db + ".auto_pk.000000000.sql");
        DumpFile.schema(dirB, db, "auto_pk", autoPk);
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("auto_pk", null, "(NULL,'b1')", "(NULL,'b2')",
                "(NULL,'b3')").writeTo(dirB, db + ".auto_pk.000000000.sql");
        parallel(dir, sortDir).run();
        TableInfo info = tableInfo(db, "auto_pk");
        assertThat(info.pkIsHandle()).isTrue();
        parallel(dirB, sortB).run();
        List<List<String>> rows = storedRows(info, info.id());
        assertThat(rows).extracting(r -> r.get(1)).containsExactlyInAnyOrder("a1", "a2", "a3", "b1", "b2", "b3");
        assertThat(rows).extracting(r -> r.get(0)).doesNotHaveDuplicates();
        assertChecksumAgrees(StoredPairs.tablePrefix(info.id()), StoredPairs.tablePrefix(info.id() + 1), "auto_pk");
    }

    /**
     * The sort directory is scratch space: a resume with checkpoints on a wiped one still runs the checksum the
     * first run deferred. Under parallel-import that resume must continue the same task, whose row in table_meta
     * holds the table's range and base, or the table is never verified and its rows stay.
     */
    @Test
    void aResumeOnAWipedSortDirContinuesItsTaskAndVerifiesTheTable() throws Exception {
        sharedRows(dir, "a", 1, 31);
        Path checkpoint = sortDir.resolveSibling("cp-parallel-wiped-" + db + ".txt");
        // The base checksum was taken when the first chunk is encoded: the deferred checksum at the end fails.
        ImportListener failChecksum = checksumsFailAfterTheFirstChunk();
        try {
            assertThatThrownBy(() -> parallel(dir, sortDir).checkpoint(true).checkpointPath(checkpoint.toString())
                    .listener(failChecksum).run()).isInstanceOf(ImportException.class).hasMessageContaining("disk");
        } finally {
            cluster.faults().clear();
        }
        String task = Files.readString(sortDir.resolve("parallel-import-task.txt")).trim();
        assertThat(ItDb.rows("SELECT task_id FROM `" + meta + "`.table_meta")).containsExactly(List.of(task));
        try (var files = Files.walk(sortDir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!f.equals(sortDir)) {
                    Files.delete(f);
                }
            }
        }

        parallel(dir, sortDir).checkpoint(true).checkpointPath(checkpoint.toString()).run();
        TableInfo shared = tableInfo(db, "shared");
        assertThat(storedRows(shared, shared.id())).containsExactlyInAnyOrderElementsOf(expectedShared("a", 1, 31));
        // The same task verified the table and ended the import: nothing is left behind.
        assertThat(metaRows("table_meta")).isZero();
        assertThat(metaRows("task_meta")).isZero();
    }

    /**
     * A resumed import whose tables were all ingested by its first run only runs their deferred checksums: it
     * never holds import mode itself. When another import finishes meanwhile, leaving the stores in import mode
     * to it, the resumed one ends last and must still switch them back.
     */
    @Test
    void aResumedImportThatIngestsNothingAndEndsLastSwitchesTheStoresBack() throws Exception {
        resumedImportEndsLast(false);
    }

    /** As above, with the global scheduling pause: the resumed import lifts it with the values from before. */
    @Test
    void aResumedImportThatIngestsNothingAndEndsLastLiftsTheGlobalPause() throws Exception {
        resumedImportEndsLast(true);
    }

    private ImportBuilder parallel(Path source, Path sortDir, boolean global) {
        ImportBuilder b = parallel(source, sortDir);
        return global ? b.option("tikv-importer.pause-pd-scheduler-scope", "global") : b;
    }

    private void resumedImportEndsLast(boolean global) throws Exception {
        Map<String, Object> before = cluster.scheduleConfig();
        sharedRows(dir, "a", 1, 21);
        DumpFile.schema(dirB, db, "only_a", ONLY_A);
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("only_a", null, "(1,10)", "(2,20)")
                .writeTo(dirB, db + ".only_a.000000000.sql");
        Path checkpoint = sortDir.resolveSibling("cp-parallel-last-" + db + ".txt");
        ImportListener failChecksum = checksumsFailAfterTheFirstChunk();
        try {
            assertThatThrownBy(() -> parallel(dir, sortDir, global).checkpoint(true).checkpointPath(checkpoint.toString())
                    .listener(failChecksum).run()).isInstanceOf(ImportException.class).hasMessageContaining("disk");
        } finally {
            cluster.faults().clear();
        }
        String task = Files.readString(sortDir.resolve("parallel-import-task.txt")).trim();
        long sharedId = tableInfo(db, "shared").id();

        // The resumed import is kept inside its deferred checksum (its row of the table is locked) while the
        // other import runs from start to end.
        try (java.sql.Connection lock = ItDb.connect(meta, "")) {
            lock.setAutoCommit(false);
            try (var st = lock.createStatement()) {
                st.executeQuery("SELECT status FROM table_meta WHERE table_id = " + sharedId + " AND task_id = " + task
                        + " FOR UPDATE").close();
            }
            CompletableFuture<Void> resumed = CompletableFuture.runAsync(() -> parallel(dir, sortDir, global).checkpoint(true)
                    .checkpointPath(checkpoint.toString()).run());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!ItDb.rows("SELECT state FROM `" + meta + "`.task_meta WHERE task_id = " + task)
                    .equals(List.of(List.of("0")))) {
                assertThat(resumed.isDone()).as("the resumed import ended before it registered again").isFalse();
                assertThat(System.nanoTime()).as("the resumed import registers in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            parallel(dirB, sortB, global).run();
            assertThat(ItDb.rows("SELECT status FROM `" + meta + "`.task_meta WHERE status = 'skip_switch'"))
                    .hasSize(1);
            for (long store : cluster.storeIds()) {
                assertThat(cluster.storeMode(store)).as("store " + store + " while the resumed import runs")
                        .isEqualTo("Import");
            }
            lock.commit();
            resumed.get(2, TimeUnit.MINUTES);
        }
        for (long store : cluster.storeIds()) {
            assertThat(cluster.storeMode(store)).as("store " + store + " after both ended").isEqualTo("Normal");
        }
        assertThat(cluster.pausedSchedulers()).isEmpty();
        assertThat(cluster.scheduleConfig()).isEqualTo(before);
        assertThat(metaRows("table_meta")).isZero();
        assertThat(metaRows("task_meta")).isZero();
    }

    /** Removing the checkpoints of a task that did not finish says which metadata rows it leaves behind. */
    @Test
    void removingTheCheckpointsOfAnUnfinishedTaskNamesItsMetadataRows() throws Exception {
        sharedRows(dir, "a", 1, 11);
        Path checkpoint = sortDir.resolveSibling("cp-parallel-removed-" + db + ".txt");
        cluster.faults().inject(dev.lightning4j.testing.tikv.Rpc.MULTI_INGEST,
                dev.lightning4j.testing.tikv.FaultKind.DISK_FULL, 1);
        assertThatThrownBy(() -> parallel(dir, sortDir).checkpoint(true).checkpointPath(checkpoint.toString()).run())
                .isInstanceOf(ImportException.class).hasMessageContaining("disk");
        String task = Files.readString(sortDir.resolve("parallel-import-task.txt")).trim();
        try (var cp = parallel(dir, sortDir).checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.remove("all");
            assertThat(cp.pendingWork()).singleElement().asString().contains(db + ".shared")
                    .contains("parallel-import task " + task + " did not end")
                    .contains("DELETE FROM `" + meta + "`.`table_meta` WHERE task_id = " + task
                            + " AND status IN ('initialized', 'allocated', 'restore')")
                    .contains("DELETE FROM `" + meta + "`.`task_meta` WHERE task_id = " + task);
        }
        assertThat(ItDb.rows("SELECT task_id FROM `" + meta + "`.table_meta")).containsExactly(List.of(task));
    }

    @Test
    void addIndexBySqlWithParallelImportIsRefused() {
        sharedRows(dir, "a", 1, 5);
        assertThatThrownBy(() -> parallel(dir, sortDir).option("tikv-importer.add-index-by-sql", "true").run())
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("tikv-importer.add-index-by-sql cannot be used with tikv-importer.parallel-import");
        assertThatThrownBy(() -> physicalImport(dir, db, sortDir).option("tikv-importer.incremental-import", "true")
                .option("tikv-importer.add-index-by-sql", "true").run()).isInstanceOf(ImportException.class)
                .hasMessageContaining("cannot be used with tikv-importer.parallel-import");
    }

    /** A listener that, once a chunk is written, makes every checksum request fail (the stand-in's disk full). */
    private ImportListener checksumsFailAfterTheFirstChunk() {
        return new ImportListener() {
            @Override
            public void chunkFinished(TableName t, String file, long rows, long bytes) {
                cluster.faults().inject(dev.lightning4j.testing.tikv.Rpc.COPROCESSOR,
                        dev.lightning4j.testing.tikv.FaultKind.DISK_FULL, 1000);
            }
        };
    }
}
