package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportResult;
import dev.lightning4j.physical.codec.RowDecoder;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.testing.TestingMariaDb;
import dev.lightning4j.testing.TestingTidbStatus;
import dev.lightning4j.testing.tikv.Checksum;
import dev.lightning4j.testing.tikv.Rpc;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole import through the default backend provider, so through the real TiKV client, into the PD/TiKV
 * stand-in over gRPC: every row arrives decodable, split over several regions, with import mode and the
 * scheduling pause held during the import and released after.
 */
class TikvIngestEndToEndTest {
    private static final TestingMariaDb DB = TestingMariaDb.shared();
    private static final int ROWS = 4_000;

    @TempDir
    Path source;
    @TempDir
    Path sortDir;
    String db;
    TestingTidbStatus status;
    TestingTikvCluster tikv;

    @BeforeEach
    void setUp() throws Exception {
        db = DB.createDatabase("phys_tikv");
        status = TestingTidbStatus.start(DB.dataSource());
        tikv = TestingTikvCluster.start();
        write(db + "-schema-create.sql", "CREATE DATABASE `" + db + "`;\n");
        write(db + ".items-schema.sql", "CREATE TABLE `items` (`id` int NOT NULL, `name` varchar(40) COLLATE utf8mb4_bin"
                + " NOT NULL, `score` int DEFAULT NULL, PRIMARY KEY (`id`), KEY `k_score` (`score`))"
                + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;\n");
        for (int f = 0; f < 4; f++) {
            StringBuilder sb = new StringBuilder("INSERT INTO `items` VALUES ");
            for (int i = 0; i < ROWS / 4; i++) {
                int id = f * (ROWS / 4) + i + 1;
                sb.append(i == 0 ? "" : ",").append('(').append(id).append(",'name-").append(id)
                        .append("-padding-padding',").append(id % 97).append(')');
            }
            write(db + ".items.00000000" + f + ".sql", sb.append(";\n").toString());
        }
    }

    @AfterEach
    void tearDown() {
        status.close();
        tikv.close();
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(source.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void importLandsEveryRowOnTikvThroughTheDefaultProvider() throws Exception {
        ImportResult r = ImportBuilder.create().source(source).target(DB.jdbcUrl(), DB.user(), DB.password())
                .filter(db + ".*").backend(new PhysicalBackendProvider()).concurrency(2)
                .option("tikv-importer.sorted-kv-dir", sortDir.toString())
                .option("tikv-importer.region-split-size", "32KiB")
                .option("tidb.status-addr", status.address())
                .option("tidb.pd-addr", tikv.pdAddress())
                .option("tidb.pd-http-addr", tikv.pdHttpAddress())
                .run();
        assertThat(r.table(db, "items").rows()).isEqualTo(ROWS);

        long tid = status.tableId(db, "items");
        byte[] prefix = TableCodec.recordPrefix(tid);
        int records = 0;
        for (Map.Entry<byte[], byte[]> e : tikv.stored().entrySet()) {
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
            assertThat(new String(cols.get(2L), StandardCharsets.UTF_8)).isEqualTo("name-" + handle + "-padding-padding");
            assertThat(RowDecoder.signed(cols.get(3L))).isEqualTo(handle % 97);
            records++;
        }
        assertThat(records).isEqualTo(ROWS);
        // Records plus one k_score entry per row, nothing else.
        assertThat(tikv.stored()).hasSize(2 * ROWS);
        Checksum all = tikv.checksum(PhysicalTableImporter.tablePrefix(tid), PhysicalTableImporter.tablePrefix(tid + 1));
        assertThat(all.kvs()).isEqualTo(2L * ROWS);
        assertThat(tikv.regions().size()).as("regions after split").isGreaterThan(5);
        assertThat(tikv.requests(Rpc.COPROCESSOR)).as("remote checksum").isPositive();
        assertThat(tikv.writesInNormalMode()).isZero();
        for (long store : tikv.storeIds()) {
            assertThat(tikv.storeMode(store)).isEqualTo("Normal");
        }
        assertThat(tikv.labelRules()).isEmpty();
    }
}
