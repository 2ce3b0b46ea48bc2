package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.physical.ingest.MetaKeys;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.testing.tikv.Rpc;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The physical import of {@link PhysicalImportTest}'s export into a keyspace of a stand-in running TiKV API V2
 * ({@code tikv-importer.keyspace-name}): every key the cluster holds carries the keyspace's prefix, the rows decode
 * exactly after the prefix is stripped, and TiKV's checksum over the prefixed ranges agrees with the backend's.
 */
class PhysicalKeyspaceImportTest extends PhysicalImportFixture {
    private static final String KEYSPACE = "tenant_a";
    /** Not a small ID, so that all three ID bytes of the prefix matter. */
    private static final int KEYSPACE_ID = 0x01_02_A7;
    private static final byte[] PREFIX = {'x', 0x01, 0x02, (byte) 0xA7};

    PhysicalKeyspaceImportTest() {
        super("it_keyspace");
    }

    @BeforeEach
    void keyspaceCluster() {
        cluster.close();
        cluster = TestingTikvCluster.builder().keyspace(KEYSPACE, KEYSPACE_ID).start();
    }

    private static byte[] prefixed(byte[] key) {
        byte[] out = Arrays.copyOf(PREFIX, PREFIX.length + key.length);
        System.arraycopy(key, 0, out, PREFIX.length, key.length);
        return out;
    }

    /** The stored pairs under TiDB's keys; fails on any key outside the keyspace. */
    private NavigableMap<byte[], byte[]> strippedStore() {
        NavigableMap<byte[], byte[]> out = new TreeMap<>(Arrays::compareUnsigned);
        for (Map.Entry<byte[], byte[]> e : cluster.stored().entrySet()) {
            byte[] k = e.getKey();
            assertThat(Arrays.copyOf(k, PREFIX.length)).as("prefix of a stored key").isEqualTo(PREFIX);
            out.put(Arrays.copyOfRange(k, PREFIX.length, k.length), e.getValue());
        }
        return out;
    }

    @Test
    void everyKeyCarriesTheKeyspacePrefixAndTheRowsDecodeExactlyWithoutIt() throws Exception {
        assertThat(cluster.keyspacePrefix()).isEqualTo(PREFIX);
        PhysicalImportTest.export(dir, db, false);
        // Keyed by _tidb_rowid with AUTO_ID_CACHE=1: its row-ID allocator is moved through TiDB's meta key on TiKV.
        DumpFile.schema(dir, db, "keyed", "CREATE TABLE `keyed` (`id` bigint NOT NULL AUTO_INCREMENT,"
                + " `v` int DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB COMMENT='NONCLUSTERED';");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("keyed", null, "(1,1)", "(2,2)", "(40,3)")
                .writeTo(dir, db + ".keyed.000000000.sql");
        status.overlay(db, "keyed", Map.of("auto_id_cache", 1L, "version", 5L));
        ImportResult r = physicalImport(dir, db, sortDir).concurrency(2)
                .option("tikv-importer.keyspace-name", KEYSPACE)
                .option("tikv-importer.region-split-size", "2KiB")
                .option("tikv-importer.region-split-keys", "40")
                .run();
        String ref = logicalReference("it_keyspace_ref", ConflictStrategy.ERROR);

        assertThat(cluster.stored()).isNotEmpty();
        NavigableMap<byte[], byte[]> stripped = strippedStore();
        for (String table : PhysicalImportTest.TABLES) {
            TableInfo info = tableInfo(db, table);
            List<List<String>> expected = StoredPairs.sqlRows(ref, table, info);
            assertThat(StoredPairs.decodedRows(stripped, info, info.id())).as(table)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(r.table(db, table).rows()).isEqualTo(expected.size());
            StoredPairs.assertOneEntryPerRowInEveryIndex(stripped, info, info.id(), expected.size(), table);
            // TiKV's checksum covers the prefixed keys: over the table's prefixed range it equals one computed here.
            byte[] lo = prefixed(StoredPairs.tablePrefix(info.id()));
            byte[] hi = prefixed(StoredPairs.tablePrefix(info.id() + 1));
            assertChecksumAgrees(lo, hi, table);
            assertThat(cluster.checksum(lo, hi).kvs()).as(table).isGreaterThan(0);
        }
        // The backend's own checksum (required) went to the coprocessor, which refuses ranges outside the keyspace.
        assertThat(cluster.requests(Rpc.COPROCESSOR)).isGreaterThanOrEqualTo(PhysicalImportTest.TABLES.size());
        // The _tidb_rowid allocator of the table keyed by row ID was moved under the keyspace's meta key, to the
        // largest row ID stored (the stand-in refuses transactions on keys outside the keyspace).
        TableInfo keyed = tableInfo(db, "keyed");
        assertThat(StoredPairs.decodedRows(stripped, keyed, keyed.id())).hasSize(3);
        byte[] meta = prefixed(MetaKeys.rowIdAllocator(status.databaseId(db), keyed.id()));
        assertThat(cluster.committedKeys()).hasSize(1).allSatisfy(k -> assertThat(k).isEqualTo(meta));
        assertThat(new String(cluster.committedValue(meta), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(Long.toString(maxRowId(stripped, keyed.id())));
    }

    /** The largest _tidb_rowid among the records of {@code tableId}. */
    private static long maxRowId(NavigableMap<byte[], byte[]> stripped, long tableId) {
        byte[] lo = StoredPairs.recordPrefix(tableId);
        long max = 0;
        for (byte[] k : stripped.subMap(lo, true, StoredPairs.next(lo), false).keySet()) {
            long handle = 0;
            for (int i = lo.length; i < lo.length + 8; i++) {
                handle = handle << 8 | (k[i] & 0xFF);
            }
            max = Math.max(max, handle ^ Long.MIN_VALUE);
        }
        return max;
    }

    @Test
    void anUnknownKeyspaceFailsNamingItBeforeAnyWrite() {
        PhysicalImportTest.export(dir, db, false);
        assertThatThrownBy(() -> physicalImport(dir, db, sortDir)
                .option("tikv-importer.keyspace-name", "no_such_tenant").run())
                .isInstanceOf(ImportException.class)
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_OPTION))
                .hasMessageContaining("keyspace 'no_such_tenant' does not exist")
                .hasMessageContaining("tikv-importer.keyspace-name");
        assertThat(cluster.stored()).isEmpty();
        assertThat(cluster.requests(Rpc.WRITE)).isZero();
        assertThat(cluster.requests(Rpc.SPLIT_REGION)).isZero();
        assertThat(cluster.committedKeys()).isEmpty();
    }

    @Test
    void aDisabledKeyspaceFailsNamingItsStateBeforeAnyWrite() {
        cluster.close();
        cluster = TestingTikvCluster.builder().keyspace(KEYSPACE, KEYSPACE_ID).keyspaceState("DISABLED").start();
        PhysicalImportTest.export(dir, db, false);
        assertThatThrownBy(() -> physicalImport(dir, db, sortDir)
                .option("tikv-importer.keyspace-name", KEYSPACE).run())
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("keyspace '" + KEYSPACE + "'")
                .hasMessageContaining("DISABLED, not ENABLED");
        assertThat(cluster.stored()).isEmpty();
        assertThat(cluster.requests(Rpc.WRITE)).isZero();
    }

    /**
     * parallel-import into a keyspace: the row-ID reservations, the base checksum of a table that already holds
     * rows and the last import's verification all work under the keyspace's prefix.
     */
    @Test
    void parallelImportsIntoAKeyspaceReserveRowIdsAndVerifyUnderItsPrefix(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dirB, @org.junit.jupiter.api.io.TempDir java.nio.file.Path sortB) throws Exception {
        String meta = ItDb.SERVER.createDatabase("it_keyspace_meta");
        String ddl = "CREATE TABLE `shared` (`id` int NOT NULL, `note` varchar(20) COLLATE utf8mb4_bin DEFAULT NULL,"
                + " KEY `k_note` (`note`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";
        List<List<String>> expected = new java.util.ArrayList<>();
        for (java.nio.file.Path d : List.of(dir, dirB)) {
            String p = d == dir ? "a" : "b";
            DumpFile.schema(d, db, "shared", ddl);
            List<String> tuples = new java.util.ArrayList<>();
            for (int i = 1; i <= 25; i++) {
                tuples.add("(" + i + ",'" + p + i + "')");
                expected.add(List.of(String.valueOf(i), p + i));
            }
            new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("shared", null, tuples.toArray(new String[0]))
                    .writeTo(d, db + ".shared.000000000.sql");
        }
        for (java.nio.file.Path[] run : List.of(new java.nio.file.Path[] {dir, sortDir},
                new java.nio.file.Path[] {dirB, sortB})) {
            // The second import finds the first one's rows: its base checksum reads them under the prefix.
            physicalImport(run[0], db, run[1]).option("tikv-importer.keyspace-name", KEYSPACE)
                    .option("tikv-importer.parallel-import", "true").option("lightning.meta-schema-name", meta)
                    .run();
        }
        NavigableMap<byte[], byte[]> stripped = strippedStore();
        TableInfo shared = tableInfo(db, "shared");
        assertThat(StoredPairs.decodedRows(stripped, shared, shared.id())).containsExactlyInAnyOrderElementsOf(expected);
        StoredPairs.assertOneEntryPerRowInEveryIndex(stripped, shared, shared.id(), expected.size(), "shared");
        assertChecksumAgrees(prefixed(StoredPairs.tablePrefix(shared.id())),
                prefixed(StoredPairs.tablePrefix(shared.id() + 1)), "shared");
        byte[] allocator = prefixed(MetaKeys.rowIdAllocator(status.databaseId(db), shared.id()));
        assertThat(Long.parseLong(new String(cluster.committedValue(allocator),
                java.nio.charset.StandardCharsets.US_ASCII))).isGreaterThanOrEqualTo(maxRowId(stripped, shared.id()));
        assertThat(ItDb.count("`" + meta + "`.table_meta")).isZero();
        assertThat(ItDb.count("`" + meta + "`.task_meta")).isZero();
    }
}
