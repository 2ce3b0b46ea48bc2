package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.RowError;
import dev.lightning4j.TableName;
import dev.lightning4j.TableResult;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.ingest.MetaKeys;
import dev.lightning4j.physical.kv.TableKvEncoder;
import dev.lightning4j.physical.model.ShardIdFormat;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.testing.TestingTidbStatus;
import dev.lightning4j.testing.tikv.FaultKind;
import dev.lightning4j.testing.tikv.Rpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * AUTO_RANDOM, AUTO_ID_CACHE=1 and post-process-at-last through whole physical imports. MariaDB holds the schema;
 * {@link TestingTidbStatus#overlay} adds what it cannot express (auto_random_bits on a BIGINT primary key,
 * auto_id_cache), and the pairs stored in the TiKV stand-in are decoded here.
 */
class PhysicalAutoIdTest extends PhysicalImportFixture {
    private static final String AR = "CREATE TABLE `ar` (`id` bigint NOT NULL, `v` varchar(40) COLLATE utf8mb4_bin"
            + " NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";
    /** The shard of a given value: 17 in the five bits below the sign bit. */
    private static final long GIVEN_SHARDED = (17L << 58) | 5_000;

    PhysicalAutoIdTest() {
        super("it_autoid");
    }

    private ImportBuilder physical(String target) {
        return physicalImport(dir, db, sortDir.resolve(target)).route(db, null, target, null).concurrency(2)
                .option("tikv-importer.region-split-size", "2KiB")
                .option("tikv-importer.region-split-keys", "40");
    }

    /** Table ar: one file without the id column, one with NULL ids and two given values. */
    private void exportAutoRandom() {
        DumpFile.schema(dir, db, "ar", AR);
        List<String> absent = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            absent.add("('a" + i + "')");
        }
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("ar", "`v`", absent.toArray(new String[0]))
                .writeTo(dir, db + ".ar.000000000.sql");
        List<String> nulls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            nulls.add("(NULL,'n" + i + "')");
        }
        nulls.add("(12345,'given')");
        nulls.add("(" + GIVEN_SHARDED + ",'given-sharded')");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("ar", null, nulls.toArray(new String[0]))
                .writeTo(dir, db + ".ar.000000001.sql");
    }

    /** The table's stored rows as v -> id. */
    private Map<String, Long> idsByValue(String database, String table) throws Exception {
        TableInfo info = tableInfo(database, table);
        Map<String, Long> out = new HashMap<>();
        for (List<String> row : storedRows(info, info.id())) {
            assertThat(out.put(row.get(1), Long.parseLong(row.get(0)))).as("one row per value").isNull();
        }
        return out;
    }

    @Test
    void absentAndNullAutoRandomValuesAreComposedGivenOnesKeptAndTheSameOnEveryRun() throws Exception {
        exportAutoRandom();
        status.overlay(db, "ar", Map.of("auto_random_bits", 5L));
        String log = capturingStderr(() -> physical(db).run());

        Map<String, Long> ids = idsByValue(db, "ar");
        assertThat(ids).hasSize(102).containsEntry("given", 12345L).containsEntry("given-sharded", GIVEN_SHARDED);
        ShardIdFormat format = ShardIdFormat.of(5, 0, false);
        long maxIncremental = 0;
        for (Map.Entry<String, Long> e : ids.entrySet()) {
            long id = e.getValue();
            long incremental = id & format.incrementalMask();
            maxIncremental = Math.max(maxIncremental, incremental);
            if (e.getKey().startsWith("given")) {
                continue;
            }
            // | sign 0 | shard (5 bits) = hash of the row ID | row ID (58 bits) |
            assertThat(id).as(e.getKey()).isPositive();
            assertThat(id >>> 58).as(e.getKey()).isEqualTo(TableKvEncoder.autoRandomShard(incremental) & 31);
            assertThat(incremental).as(e.getKey()).isPositive();
        }
        assertThat(ids.values()).doesNotHaveDuplicates();
        assertThat(ids.values().stream().filter(id -> !List.of(12345L, GIVEN_SHARDED).contains(id))
                .map(id -> id >>> 58).distinct().count()).as("shards used").isGreaterThan(10);
        // MariaDB is not TiDB: the AUTO_RANDOM allocator is not rebased there, and the backend names what TiDB
        // would be sent: the largest incremental part (given values included) plus one.
        assertThat(log).contains("ALTER TABLE `" + db + "`.`ar` AUTO_RANDOM_BASE = " + (maxIncremental + 1));

        // Another import of the same source (encoded again from scratch), first failing at ingest and then
        // resumed from its checkpoints, stores exactly the same ids.
        String again = ItDb.SERVER.createDatabase("it_autoid_again");
        status.overlay(again, "ar", Map.of("auto_random_bits", 5L));
        Path checkpoint = sortDir.resolve("cp-again.txt");
        cluster.faults().inject(Rpc.MULTI_INGEST, FaultKind.DISK_FULL, 1);
        assertThatThrownBy(() -> physical(again).checkpoint(true).checkpointPath(checkpoint.toString()).run())
                .isInstanceOf(ImportException.class).hasMessageContaining("disk");
        try (var cp = physical(again).checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }
        physical(again).checkpoint(true).checkpointPath(checkpoint.toString()).run();
        assertThat(idsByValue(again, "ar")).isEqualTo(ids);
    }

    @Test
    void aRowIdPastTheIncrementalBitsIsARowErrorNamingItsFileAndOffset() throws Exception {
        // AUTO_RANDOM(5, 32) leaves 26 incremental bits. Row IDs are numbered per file in plan order; a compressed
        // file reserves 2048 IDs per stored byte, so the file after a .gz one of more than 32 KiB starts past 2^26.
        DumpFile.schema(dir, db, "ar", AR);
        Random random = new Random(7);
        List<String> given = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            given.add("(" + (i + 1) + ",'" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())
                    + "')");
        }
        byte[] plain = new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("ar", null, given.toArray(new String[0]))
                .bytes();
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(db + ".ar.000000000.sql.gz")))) {
            out.write(plain);
        }
        assertThat(Files.size(dir.resolve(db + ".ar.000000000.sql.gz"))).isGreaterThan(1L << 15);
        DumpFile late = new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("ar", null, "(NULL,'late-0')",
                "(5000,'late-given')", "(NULL,'late-2')");
        late.writeTo(dir, db + ".ar.000000001.sql");
        status.overlay(db, "ar", Map.of("auto_random_bits", 5L, "auto_random_range_bits", 32L));
        List<RowError> errors = Collections.synchronizedList(new ArrayList<>());
        physical(db).maxErrors(10).listener(rowsSkippedInto(errors)).run();
        assertThat(errors).hasSize(2).allSatisfy(e -> {
            assertThat(e.file()).endsWith(db + ".ar.000000001.sql");
            assertThat(e.kind()).isEqualTo(RowError.Kind.TYPE);
            assertThat(e.reason()).contains("AUTO_RANDOM").contains("26 incremental bits");
        });
        assertThat(errors).extracting(RowError::offset).containsExactlyInAnyOrder(late.rowOffset(0), late.rowOffset(2));
        Map<String, Long> ids = idsByValue(db, "ar");
        assertThat(ids).hasSize(2001).containsEntry("late-given", 5000L).doesNotContainKeys("late-0", "late-2");
    }

    @Test
    void autoIdCacheOneRebasesItsAutoIncrementAllocatorOverSqlAndItsRowIdAllocatorThroughTheMetaKey()
            throws Exception {
        DumpFile.schema(dir, db, "clustered", "CREATE TABLE `clustered` (`id` bigint NOT NULL AUTO_INCREMENT,"
                + " `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("clustered", null, "(3,1)", "(NULL,2)", "(70,3)")
                .writeTo(dir, db + ".clustered.000000000.sql");
        status.overlay(db, "clustered", Map.of("auto_id_cache", 1L, "version", 5L));
        physical(db).run();
        // MariaDB runs the AUTO_INCREMENT statement (TiDB sends it to the column's own allocator here).
        assertThat(ItDb.longValue("SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db
                + "' AND TABLE_NAME = 'clustered'")).isGreaterThan(70);
        // Rows keyed by the primary key: no _tidb_rowid allocator to move.
        assertThat(cluster.committedKeys()).isEmpty();

        // Keyed by _tidb_rowid: imported, then the row-ID allocator's meta key holds the largest row ID.
        String keyed = ItDb.SERVER.createDatabase("it_autoid_rowid");
        long maxRowId = importRowIdKeyed(keyed);
        byte[] key = MetaKeys.rowIdAllocator(status.databaseId(keyed), status.tableId(keyed, "keyed"));
        assertThat(maxRowId).isGreaterThanOrEqualTo(5);
        assertThat(committed(key)).isEqualTo(Long.toString(maxRowId));
        // Only the hash field is written, as TiDB does since 5.1 (no hash meta key with a field count).
        assertThat(cluster.committedKeys()).containsExactly(key);
        assertThat(cluster.committedValue(MetaKeys.hashMeta(MetaKeys.database(status.databaseId(keyed))))).isNull();
        assertThat(cluster.lockedKeys()).isEmpty();
        assertThat(ItDb.longValue("SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + keyed + "' AND TABLE_NAME = 'keyed'")).as("AUTO_INCREMENT moved over SQL too").isGreaterThan(40);
    }

    @Test
    void withShardRowIdBitsTheAllocatorTakesTheRowIdBelowTheShardBits() throws Exception {
        String sharded = ItDb.SERVER.createDatabase("it_autoid_shard");
        status.overlay(sharded, "keyed", Map.of("ShardRowIDBits", 4L));
        long maxHandle = importRowIdKeyed(sharded);
        TableInfo info = tableInfo(sharded, "keyed");
        assertThat(info.shardRowIdBits()).isEqualTo(4);
        long incrementalMask = (1L << 59) - 1;
        long maxIncremental = 0;
        boolean sharded0 = true;
        byte[] prefix = TableCodec.recordPrefix(info.id());
        for (byte[] k : cluster.stored().keySet()) {
            if (k.length == prefix.length + 8 && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                long handle = java.nio.ByteBuffer.wrap(k, prefix.length, 8).getLong() ^ Long.MIN_VALUE;
                maxIncremental = Math.max(maxIncremental, handle & incrementalMask);
                sharded0 &= (handle >>> 59) == 0;
            }
        }
        assertThat(sharded0).as("some handle carries shard bits").isFalse();
        assertThat(maxHandle).isGreaterThan(maxIncremental);
        byte[] key = MetaKeys.rowIdAllocator(status.databaseId(sharded), status.tableId(sharded, "keyed"));
        assertThat(committed(key)).isEqualTo(Long.toString(maxIncremental));
    }

    @Test
    void aPartitionedTableRebasesTheAllocatorOfItsLogicalIdAboveTheRowIdsOfEveryPartition() throws Exception {
        // No primary key, no AUTO_INCREMENT column: rows keyed by _tidb_rowid under the partitions' IDs, one
        // allocator for the table; no SQL statement at all.
        DumpFile.schema(dir, db, "parted", "CREATE TABLE `parted` (`id` int DEFAULT NULL, `v` int DEFAULT NULL)"
                + " ENGINE=InnoDB PARTITION BY HASH (`id`) PARTITIONS 3;");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("parted", null, "(1,1)", "(2,2)", "(3,3)", "(4,4)")
                .writeTo(dir, db + ".parted.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("parted", null, "(5,5)", "(6,6)")
                .writeTo(dir, db + ".parted.000000001.sql");
        status.overlay(db, "parted", Map.of("auto_id_cache", 1L, "version", 5L));
        physical(db).run();
        TableInfo info = tableInfo(db, "parted");
        assertThat(info.partition()).isNotNull();
        long max = 0;
        int rows = 0;
        for (long partition : info.physicalIds()) {
            rows += storedRows(info, partition).size();
            max = Math.max(max, maxHandle(partition));
        }
        assertThat(rows).isEqualTo(6);
        byte[] key = MetaKeys.rowIdAllocator(status.databaseId(db), status.tableId(db, "parted"));
        assertThat(committed(key)).isEqualTo(Long.toString(max));
        assertThat(cluster.committedKeys()).containsExactly(key);
    }

    @Test
    void aLargerRowIdAllocatorIsKeptAndOtherWritersOfItAreWaitedOutOrRestartedOn() throws Exception {
        // TiDB already handed out row IDs past the imported ones: the value is not lowered.
        String seeded = ItDb.SERVER.createDatabase("it_autoid_seeded");
        byte[] seededKey = MetaKeys.rowIdAllocator(status.databaseId(seeded), status.tableId(seeded, "keyed"));
        cluster.putCommitted(seededKey, "1000000".getBytes(StandardCharsets.US_ASCII));
        importRowIdKeyed(seeded);
        assertThat(committed(seededKey)).isEqualTo("1000000");
        assertThat(cluster.committedVersions(seededKey)).as("nothing written").isEqualTo(1);

        // A TiDB allocating IDs holds the key when the import gets there, then commits a small value: the import
        // waits for the lock, meets the newer commit, starts again and writes its own value.
        String locked = ItDb.SERVER.createDatabase("it_autoid_locked");
        byte[] lockedKey = MetaKeys.rowIdAllocator(status.databaseId(locked), status.tableId(locked, "keyed"));
        cluster.putCommitted(lockedKey, "2".getBytes(StandardCharsets.US_ASCII));
        cluster.lockByOtherTransaction(lockedKey, Duration.ofMillis(500), "3".getBytes(StandardCharsets.US_ASCII));
        long getsBefore = cluster.requests(Rpc.KV_GET);
        long prewritesBefore = cluster.requests(Rpc.KV_PREWRITE);
        long lockedMax = importRowIdKeyed(locked);
        assertThat(committed(lockedKey)).isEqualTo(Long.toString(lockedMax));
        assertThat(cluster.committedVersions(lockedKey)).as("seed, the other writer, the import").isEqualTo(3);
        assertThat(cluster.lockedKeys()).isEmpty();
        assertThat(cluster.requests(Rpc.KV_GET) - getsBefore).as("reads: locked, again, after the restart")
                .isGreaterThanOrEqualTo(3);
        assertThat(cluster.requests(Rpc.KV_PREWRITE) - prewritesBefore).as("a conflict, then the write").isEqualTo(2);

        // Another writer commits between the read and the prewrite, twice: the transaction starts again each time.
        String conflicted = ItDb.SERVER.createDatabase("it_autoid_conflict");
        byte[] conflictKey = MetaKeys.rowIdAllocator(status.databaseId(conflicted),
                status.tableId(conflicted, "keyed"));
        cluster.faults().inject(Rpc.KV_PREWRITE, FaultKind.WRITE_CONFLICT, 2);
        long conflictMax = importRowIdKeyed(conflicted);
        assertThat(cluster.faults().fired(Rpc.KV_PREWRITE, FaultKind.WRITE_CONFLICT)).isEqualTo(2);
        assertThat(committed(conflictKey)).isEqualTo(Long.toString(conflictMax));
        assertThat(cluster.lockedKeys()).isEmpty();
    }

    @Test
    void postProcessAtLastChecksumsEveryTableAfterTheLastOneFinishesAndFalseAsEachFinishes() throws Exception {
        PhysicalImportTest.export(dir, db, false);
        List<String> atLast = checksumOrder(db, "true");
        String other = ItDb.SERVER.createDatabase("it_autoid_pp");
        List<String> perTable = checksumOrder(other, "false");
        int tables = PhysicalImportTest.TABLES.size();
        // true: no checksum while tables finish; all of them after the last one.
        assertThat(atLast).hasSize(tables + 1);
        assertThat(atLast.get(tables)).startsWith("end");
        assertThat(Long.parseLong(atLast.get(tables).split(" ")[1])).isGreaterThanOrEqualTo(tables);
        // false: every table's checksum ran before it was reported finished, nothing after the last one.
        assertThat(perTable.get(tables)).isEqualTo("end 0");
        for (int i = 0; i < tables; i++) {
            long during = Long.parseLong(perTable.get(i).split(" ")[1]);
            long deferred = Long.parseLong(atLast.get(i).split(" ")[1]);
            assertThat(during).as(perTable.get(i)).isGreaterThan(deferred);
        }
    }

    @Test
    void aResumedImportRunsTheChecksumsAnEarlierRunDeferredAndDidNotFinish() throws Exception {
        PhysicalImportTest.export(dir, db, false);
        Path checkpoint = sortDir.resolve("cp-post.txt");
        // ADMIN CHECKSUM TABLE does not exist on MariaDB: every table is imported and recorded as finished, then
        // the deferred checksums fail.
        assertThatThrownBy(() -> physical(db).checkpoint(true).checkpointPath(checkpoint.toString())
                .option("post-restore.checksum-via-sql", "true").run()).isInstanceOf(ImportException.class)
                .hasMessageContaining("ADMIN CHECKSUM TABLE");
        Path pending = sortDir.resolve(db).resolve("post-process");
        try (var files = Files.list(pending)) {
            assertThat(files.count()).isEqualTo(PhysicalImportTest.TABLES.size());
        }
        try (var cp = physical(db).checkpoint(true).checkpointPath(checkpoint.toString()).checkpoints()) {
            cp.ignoreErrors("all");
        }
        // The resume imports nothing again, yet checksums every table through TiKV, and clears what was pending.
        List<String> chunks = Collections.synchronizedList(new ArrayList<>());
        long before = cluster.requests(Rpc.COPROCESSOR);
        physical(db).checkpoint(true).checkpointPath(checkpoint.toString()).listener(chunksFinishedInto(chunks)).run();
        assertThat(chunks).isEmpty();
        assertThat(cluster.requests(Rpc.COPROCESSOR) - before).isGreaterThanOrEqualTo(PhysicalImportTest.TABLES.size());
        try (var files = Files.list(pending)) {
            assertThat(files.count()).isZero();
        }
    }

    /**
     * Imports a table keyed by {@code _tidb_rowid} (NONCLUSTERED AUTO_INCREMENT primary key, AUTO_ID_CACHE=1, table
     * info version 5) from two files into {@code database}; returns the largest row ID stored.
     */
    private long importRowIdKeyed(String database) throws Exception {
        Path source = dir.resolveSibling(dir.getFileName() + "-" + database);
        Files.createDirectories(source);
        DumpFile.schema(source, database, "keyed", "CREATE TABLE `keyed` (`id` bigint NOT NULL AUTO_INCREMENT,"
                + " `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB COMMENT='NONCLUSTERED';");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("keyed", null, "(1,1)", "(2,2)", "(40,3)")
                .writeTo(source, database + ".keyed.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("keyed", null, "(5,4)", "(6,5)")
                .writeTo(source, database + ".keyed.000000001.sql");
        status.overlay(database, "keyed", Map.of("auto_id_cache", 1L, "version", 5L));
        physicalImport(source, database, sortDir.resolve(database)).run();
        TableInfo info = tableInfo(database, "keyed");
        assertThat(info.rowIdHandle()).isTrue();
        assertThat(info.autoIds().sepAutoInc()).isTrue();
        assertThat(storedRows(info, info.id())).hasSize(5);
        return maxHandle(info.id());
    }

    /** The largest _tidb_rowid stored under physical table {@code physicalId}. */
    private long maxHandle(long physicalId) {
        byte[] prefix = TableCodec.recordPrefix(physicalId);
        long max = 0;
        for (byte[] k : cluster.stored().keySet()) {
            if (k.length == prefix.length + 8 && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                long handle = 0;
                for (int i = prefix.length; i < k.length; i++) {
                    handle = (handle << 8) | (k[i] & 0xFF);
                }
                max = Math.max(max, handle ^ Long.MIN_VALUE);
            }
        }
        return max;
    }

    /** The decimal text committed at a meta key, or null. */
    private String committed(byte[] key) {
        byte[] v = cluster.committedValue(key);
        return v == null ? null : new String(v, StandardCharsets.US_ASCII);
    }

    /**
     * Imports the standard export into {@code target} one table at a time and returns, per table in the order they
     * finished, the checksum coprocessor requests sent while it was imported ("name n"), then those sent after the
     * last table finished ("end n").
     */
    private List<String> checksumOrder(String target, String atLast) {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        long[] mark = new long[1];
        physical(target).tableConcurrency(1).option("post-restore.post-process-at-last", atLast)
                .listener(new ImportListener() {
                    @Override
                    public void tableStarted(TableName table, int chunks, long bytes) {
                        mark[0] = cluster.requests(Rpc.COPROCESSOR);
                    }

                    @Override
                    public void tableFinished(TableResult result) {
                        long now = cluster.requests(Rpc.COPROCESSOR);
                        out.add(result.table() + " " + (now - mark[0]));
                        mark[0] = now;
                    }
                }).run();
        out.add("end " + (cluster.requests(Rpc.COPROCESSOR) - mark[0]));
        return out;
    }

    /** Runs {@code action} while a copy of everything written to stderr (slf4j-simple's log) is kept; returns it. */
    private static String capturingStderr(Runnable action) throws IOException {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            action.run();
        } finally {
            System.setErr(original);
            tee.flush();
        }
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }
}
