package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.RowError;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.testing.tikv.FaultKind;
import dev.lightning4j.testing.tikv.Rpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code tikv-importer.disk-quota} smaller than the tables' sorted pairs: the largest tables are imported early,
 * several times, and the import still ends with exactly the rows a logical import of the same export writes,
 * under each conflict strategy and across a failure and resume.
 */
class PhysicalDiskQuotaTest extends PhysicalImportFixture {
    private static final String BIG = "CREATE TABLE `big` (`id` bigint NOT NULL, `u` varchar(40) COLLATE utf8mb4_bin"
            + " NOT NULL, `k` int DEFAULT NULL, `pad` varchar(4000) COLLATE utf8mb4_bin DEFAULT NULL,"
            + " PRIMARY KEY (`id`), UNIQUE KEY `uk_u` (`u`), KEY `k_k` (`k`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
            + " COLLATE=utf8mb4_bin COMMENT='NONCLUSTERED';";
    private static final String WIDE = "CREATE TABLE `wide` (`id` int NOT NULL, `code` varchar(30) COLLATE"
            + " utf8mb4_general_ci NOT NULL, `note` varchar(4000) COLLATE utf8mb4_bin DEFAULT NULL, PRIMARY KEY (`id`),"
            + " UNIQUE KEY `uk_code` (`code`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";
    private static final List<String> TABLES = List.of("big", "wide");
    private static final int FILES = 8;
    private static final int ROWS = 1500;
    /** Well below one file's sorted pairs (about 400 KiB), above the engines' own files once emptied. */
    private static final String QUOTA = "1MiB";

    /** Rows appended to the last file of {@code wide} by {@link #export}. */
    List<String> wideExtra = List.of();
    /** Random bytes in each row's padding (hex, twice as many characters). */
    int padBytes = 75;

    PhysicalDiskQuotaTest() {
        super("it_quota");
    }

    /**
     * {@value #FILES} files per table of {@value #ROWS} rows; {@code lastFileRows} are appended to the last file
     * of {@code big} (duplicates of rows of its first file).
     */
    private void export(String... lastFileRows) {
        DumpFile.schema(dir, db, "big", BIG);
        DumpFile.schema(dir, db, "wide", WIDE);
        java.util.Random random = new java.util.Random(7);
        for (int f = 0; f < FILES; f++) {
            List<String> big = new ArrayList<>();
            List<String> wide = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                int id = f * ROWS + i;
                // Hex digits: LZ4 in the engines barely shrinks them, so the engines' size follows the rows.
                String pad = java.util.HexFormat.of().formatHex(random.ints(padBytes, 0, 256)
                        .collect(java.io.ByteArrayOutputStream::new, (o, v) -> o.write(v), (a, c) -> { })
                        .toByteArray());
                big.add("(" + id + ",'u-" + id + "'," + (id % 97) + ",'" + pad + id + "')");
                wide.add("(" + id + ",'C-" + id + "','" + pad.substring(0, pad.length() * 2 / 3) + "')");
            }
            if (f == FILES - 1) {
                big.addAll(List.of(lastFileRows));
                wide.addAll(wideExtra);
            }
            new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("big", null, big.toArray(new String[0]))
                    .writeTo(dir, db + ".big." + String.format("%09d", f) + ".sql");
            new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("wide", null, wide.toArray(new String[0]))
                    .writeTo(dir, db + ".wide." + String.format("%09d", f) + ".sql");
        }
    }

    private ImportBuilder physical() {
        return physicalImport(dir, db, sortDir).concurrency(2)
                .option("tikv-importer.region-split-size", "64KiB")
                .option("tikv-importer.region-split-keys", "2000")
                .option("tikv-importer.disk-quota", QUOTA)
                .option("cron.check-disk-quota", "0ms");
    }

    private String reference(ConflictStrategy strategy) {
        return logicalReference("it_quota_ref", strategy);
    }

    @Test
    void importsEarlySeveralTimesAndEndsWithExactlyTheRowsOfTheLogicalImport() throws Exception {
        // Rows of about 1 KiB: each table's sorted pairs take several times the quota.
        padBytes = 400;
        export();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        physical().option("tikv-importer.disk-quota", "2MiB").tableConcurrency(2)
                .listener(new dev.lightning4j.ImportListener() {
                    @Override
                    public void engineImportedEarly(dev.lightning4j.TableName table, int batch, long pairs,
                            long bytes) {
                        assertThat(pairs).isPositive();
                        assertThat(bytes).isGreaterThan(pairs);
                        events.add(table.table() + "#" + batch);
                    }
                }).run();
        System.out.println("MULTI_INGEST calls: " + cluster.requests(Rpc.MULTI_INGEST) + ", early imports: " + events);
        String ref = reference(ConflictStrategy.ERROR);
        assertExact(ref);
        // The early imports and each table's last batch ingested with their own commit timestamps.
        int batches = 0;
        for (String table : TABLES) {
            batches += commitTimestamps(info(table)).size();
        }
        assertThat(batches - TABLES.size()).as("early imports").isGreaterThanOrEqualTo(3);
        // One event per early import, numbered 1, 2, ... per table: each commit timestamp but the table's last
        // batch (which the end of the table ingests, when anything was left for it) had its event.
        assertThat(events).hasSizeGreaterThanOrEqualTo(3);
        for (String table : TABLES) {
            List<String> mine = events.stream().filter(e -> e.startsWith(table + "#")).toList();
            for (int i = 0; i < mine.size(); i++) {
                assertThat(mine.get(i)).isEqualTo(table + "#" + (i + 1));
            }
            assertThat(commitTimestamps(info(table)).size() - mine.size()).as(table).isBetween(0, 1);
        }
        // The engines are gone after success; the backend's checksum (required) agreed with the stand-in's.
        assertThat(cluster.requests(Rpc.COPROCESSOR)).isGreaterThanOrEqualTo(TABLES.size());
    }

    @Test
    void aDuplicateOfARowImportedEarlyFailsUnderErrorNamingBothRows() {
        export("(1000000,'u-5',1,'dup')");
        assertThatThrownBy(() -> physical().concurrency(1).tableConcurrency(1).onDuplicate(ConflictStrategy.ERROR)
                .run())
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.ROW_REJECTED))
                .hasMessageContaining("index uk_u")
                .hasMessageContaining(db + ".big.000000000.sql at offset")
                .hasMessageContaining(db + ".big.000000007.sql at offset")
                .hasMessageContaining("imported early");
    }

    @Test
    void underIgnoreTheRowImportedEarlyIsKeptAndTheLaterOneReported() throws Exception {
        export("(1000000,'u-5',1,'dup')", "(6,'other',2,'dup id')");
        List<RowError> dropped = Collections.synchronizedList(new ArrayList<>());
        physical().concurrency(1).tableConcurrency(1).onDuplicate(ConflictStrategy.IGNORE)
                .listener(rowsSkippedInto(dropped)).run();
        assertExact(reference(ConflictStrategy.IGNORE));
        assertThat(dropped).extracting(RowError::file).containsOnly(db + ".big.000000007.sql");
        assertThat(dropped).hasSize(2).extracting(RowError::reason).allMatch(m -> m.contains("imported early"));
        assertThat(commitTimestamps(info("big"))).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void underReplaceARowImportedEarlyIsReplacedWithoutStalePairs() throws Exception {
        // A later row takes the unique key of a row imported early (big) and the clustered primary key of
        // another (wide): the earlier rows' record and index pairs must leave TiKV.
        wideExtra = List.of("(5,'X-5','replaces')");
        // Wide rows: replace records every key of the rows imported early, which must stay under the quota.
        padBytes = 1000;
        export("(1000000,'u-5',1,'dup')");
        List<RowError> dropped = Collections.synchronizedList(new ArrayList<>());
        physical().option("tikv-importer.disk-quota", "4MiB").concurrency(1).tableConcurrency(1).onDuplicate(ConflictStrategy.REPLACE)
                .listener(rowsSkippedInto(dropped)).run();
        // Exact rows, one index entry per row (no stale pair of a replaced row), checksums agree.
        assertExact(reference(ConflictStrategy.REPLACE));
        assertThat(dropped).extracting(RowError::file).containsExactlyInAnyOrder(db + ".big.000000000.sql",
                db + ".wide.000000000.sql");
        assertThat(dropped).extracting(RowError::reason).allMatch(m -> m.contains("imported early"));
        for (String table : TABLES) {
            assertThat(commitTimestamps(info(table))).as(table).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aResumeAfterAFailureFollowingEarlyImportsIsExact() throws Exception {
        export();
        Path checkpoint = sortDir.resolveSibling("cp-" + db + ".txt");
        List<String> firstRun = Collections.synchronizedList(new ArrayList<>());
        // Ingests succeed for a while (early imports), then one fails for good.
        cluster.faults().injectAfter(Rpc.MULTI_INGEST, 40, FaultKind.DISK_FULL, 1);
        assertThatThrownBy(() -> physical().checkpoint(true).checkpointPath(checkpoint.toString()).tableConcurrency(1)
                .listener(chunksFinishedInto(firstRun)).run()).isInstanceOf(ImportException.class)
                .hasMessageContaining("disk");
        assertThat(earlyBatchesNoted()).isGreaterThan(0);
        try (var cp = physical().checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }
        physical().checkpoint(true).checkpointPath(checkpoint.toString()).run();
        assertExact(reference(ConflictStrategy.ERROR));
    }

    @Test
    void aResumeEncodingAgainAChunkPartlyImportedEarlyImportsItsRowsOnce() throws Exception {
        // One long chunk, more pairs than an engine writer buffers, so they reach the disk while it is written:
        // an early import takes its rows so far, and its last row (a bad value) fails the import before it
        // ends, so the resume encodes it again from its start. Short chunks fill the quota meanwhile too.
        DumpFile.schema(dir, db, "big", BIG);
        java.util.Random random = new java.util.Random(11);
        int id = 0;
        for (int f = 0; f < 9; f++) {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < (f == 0 ? 120_000 : 1500); i++, id++) {
                rows.add("(" + id + ",'u-" + id + "'," + (id % 97) + ",'" + Long.toHexString(random.nextLong())
                        + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) + "')");
            }
            if (f == 0) {
                rows.add("(" + id++ + ",'bad',' not a number',NULL)");
            }
            new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("big", null, rows.toArray(new String[0]))
                    .writeTo(dir, db + ".big." + String.format("%09d", f) + ".sql");
        }
        Path checkpoint = sortDir.resolveSibling("cp-" + db + ".txt");
        List<String> firstRun = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> physical().option("tikv-importer.disk-quota", "6MiB").checkpoint(true)
                .checkpointPath(checkpoint.toString()).listener(chunksFinishedInto(firstRun)).run()).isInstanceOf(ImportException.class);
        assertThat(earlyBatchesNoted()).as("batches imported early before the failure").isGreaterThan(0);
        assertThat(firstRun).doesNotContain(db + ".big.000000000.sql");
        try (var cp = physical().checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }
        physical().option("tikv-importer.disk-quota", "6MiB").checkpoint(true).maxErrors(1)
                .checkpointPath(checkpoint.toString()).run();
        // The checksum (required) agreed: rows imported early and encoded again were not counted twice.
        String ref = ItDb.SERVER.createDatabase("it_quota_ref");
        ItDb.importer(dir, db).route(db, null, ref, null).maxErrors(1).concurrency(1).run();
        assertExact(ref, List.of("big"));
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private TableInfo info(String table) throws Exception {
        return tableInfo(db, table);
    }

    private void assertExact(String ref) throws Exception {
        assertExact(ref, TABLES);
    }

    /** The stored rows are the reference rows, every index holds one entry per row, checksums agree. */
    private void assertExact(String ref, List<String> tables) throws Exception {
        for (String table : tables) {
            TableInfo info = info(table);
            List<List<String>> expected = StoredPairs.sqlRows(ref, table, info);
            assertThat(storedRows(info, info.id())).as(table).containsExactlyInAnyOrderElementsOf(expected);
            StoredPairs.assertOneEntryPerRowInEveryIndex(cluster.stored(), info, info.id(), expected.size(), table);
            assertChecksumAgrees(StoredPairs.tablePrefix(info.id()), StoredPairs.tablePrefix(info.id() + 1), table);
        }
    }

    private Set<Long> commitTimestamps(TableInfo info) {
        byte[] lo = StoredPairs.tablePrefix(info.id());
        byte[] hi = StoredPairs.tablePrefix(info.id() + 1);
        Set<Long> ts = new TreeSet<>();
        for (byte[] k : cluster.stored().subMap(lo, true, hi, false).keySet()) {
            ts.add(cluster.storedCommitTs(k));
        }
        return ts;
    }

    /** Early batches noted in the tables' directories. */
    private long earlyBatchesNoted() throws IOException {
        long n = 0;
        try (Stream<Path> s = Files.walk(sortDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("early-imports.txt")).toList()) {
                n += Long.parseLong(Files.readString(p).trim().split("\\s+")[1]);
            }
        }
        return n;
    }
}
