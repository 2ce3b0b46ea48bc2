package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The physical import of {@link PhysicalImportTest}'s export against a real TiDB cluster, compared with the
 * logical import of the same export on the same TiDB. Runs only when the environment names the cluster:
 *
 * <ul>
 *   <li>{@code LIGHTNING_TEST_TIDB_URL}: TiDB's SQL endpoint, {@code jdbc:mysql://host:4000/}</li>
 *   <li>{@code LIGHTNING_TEST_PD_ADDR}: PD's client address, {@code host:2379}</li>
 *   <li>{@code LIGHTNING_TEST_TIDB_USER} / {@code LIGHTNING_TEST_TIDB_PASSWORD}: default {@code root} and empty</li>
 *   <li>{@code LIGHTNING_TEST_TIDB_STATUS}: TiDB's status address, {@code host:10080}; default the URL's host, port 10080</li>
 *   <li>{@code LIGHTNING_TEST_PD_HTTP_ADDR}: PD's HTTP address when it is not the client address</li>
 * </ul>
 *
 * <p>Every run creates its own two databases ({@code lj_physical_*}, {@code lj_logical_*}) and drops them after.
 */
@EnabledIfEnvironmentVariable(named = "LIGHTNING_TEST_TIDB_URL", matches = ".+")
@EnabledIfEnvironmentVariable(named = "LIGHTNING_TEST_PD_ADDR", matches = ".+")
class RealClusterPhysicalImportTest {
    private static final String URL = System.getenv("LIGHTNING_TEST_TIDB_URL");
    private static final String USER = envOr("LIGHTNING_TEST_TIDB_USER", "root");
    private static final String PASSWORD = envOr("LIGHTNING_TEST_TIDB_PASSWORD", "");
    private static final String PD = System.getenv("LIGHTNING_TEST_PD_ADDR");
    private static final String STATUS = System.getenv("LIGHTNING_TEST_TIDB_STATUS");
    private static final String PD_HTTP = System.getenv("LIGHTNING_TEST_PD_HTTP_ADDR");

    @TempDir
    Path work;
    final List<String> created = new ArrayList<>();

    @AfterEach
    void dropDatabases() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String db : created) {
                st.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }

    private String newDatabase(String prefix) {
        String db = prefix + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        created.add(db);
        return db;
    }

    private static ImportBuilder importer(Path source, String db) {
        return ImportBuilder.create().source(source).target(URL, USER, PASSWORD).filter(db + ".*");
    }

    @ParameterizedTest(name = "checksum-via-sql = {0}")
    @ValueSource(booleans = {false, true})
    void physicalImportEqualsTheLogicalImportRowByRowAndByChecksum(boolean checksumViaSql) throws Exception {
        String physical = newDatabase("lj_physical_");
        String logical = newDatabase("lj_logical_");
        Path physicalDump = Files.createDirectory(work.resolve("physical"));
        Path logicalDump = Files.createDirectory(work.resolve("logical"));
        // The same export under each database's name.
        PhysicalImportTest.export(physicalDump, physical, false);
        PhysicalImportTest.export(logicalDump, logical, false);

        ImportBuilder b = importer(physicalDump, physical).backend("physical").concurrency(4)
                .option("tidb.pd-addr", PD)
                .option("tikv-importer.sorted-kv-dir", Files.createDirectory(work.resolve("sorted-kv")).toString())
                .option("post-restore.checksum", "required")
                .option("post-restore.checksum-via-sql", Boolean.toString(checksumViaSql));
        if (STATUS != null && !STATUS.isBlank()) {
            b.option("tidb.status-addr", STATUS);
        }
        if (PD_HTTP != null && !PD_HTTP.isBlank()) {
            b.option("tidb.pd-http-addr", PD_HTTP);
        }
        ImportResult r = b.run();
        importer(logicalDump, logical).onDuplicate(ConflictStrategy.ERROR).concurrency(2).run();

        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            for (String table : PhysicalImportTest.TABLES) {
                String p = "`" + physical + "`.`" + table + "`";
                String l = "`" + logical + "`.`" + table + "`";
                List<List<String>> expected = rows(st, l);
                assertThat(expected).as(table).isNotEmpty();
                assertThat(rows(st, p)).as(table).containsExactlyElementsOf(expected);
                assertThat(r.table(physical, table).rows()).as(table).isEqualTo(expected.size());
                // TiDB's own consistency check of every index against the records.
                st.execute("ADMIN CHECK TABLE " + p);
                // The same rows, encoded by TiDB itself, take the same pairs and bytes.
                long[] phys = adminChecksum(st, p);
                long[] ref = adminChecksum(st, l);
                assertThat(new long[] {phys[1], phys[2]}).as(table + " kvs and bytes")
                        .containsExactly(ref[1], ref[2]);
            }

            // Rows inserted over SQL after the import get fresh IDs and meet the imported index entries.
            String autoinc = "`" + physical + "`.`autoinc`";
            st.execute("INSERT INTO " + autoinc + " (note) VALUES ('after import')");
            long id = single(st, "SELECT id FROM " + autoinc + " WHERE note = 'after import'");
            assertThat(id).isGreaterThan(40);
            assertThat(single(st, "SELECT COUNT(*) FROM " + autoinc)).isEqualTo(5);
            String nonclustered = "`" + physical + "`.`nonclustered`";
            assertThatThrownBy(() -> st.execute("INSERT INTO " + nonclustered + " VALUES (200,'a@x.org',1)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("Duplicate entry");
            assertThatThrownBy(() -> st.execute("INSERT INTO " + nonclustered + " VALUES (100,'new@x.org',1)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("Duplicate entry");
            st.execute("DELETE FROM " + autoinc + " WHERE id = " + id);

            // The checksum covers raw keys, which carry the table ID: compare the imported pairs with TiDB's own
            // encoding of the logical import's rows written into the same table.
            for (String table : PhysicalImportTest.TABLES) {
                String p = "`" + physical + "`.`" + table + "`";
                String l = "`" + logical + "`.`" + table + "`";
                long[] imported = adminChecksum(st, p);
                st.execute("DELETE FROM " + p);
                st.execute("INSERT INTO " + p + " SELECT * FROM " + l);
                long[] reencoded = adminChecksum(st, p);
                if (rowIdHandle(st, physical, table)) {
                    // Rows keyed by _tidb_rowid take fresh row IDs when inserted again: only sizes compare.
                    assertThat(new long[] {reencoded[1], reencoded[2]}).as(table + " kvs and bytes")
                            .containsExactly(imported[1], imported[2]);
                } else {
                    assertThat(reencoded).as(table + " crc64, kvs and bytes").containsExactly(imported);
                }
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    /** ADMIN CHECKSUM TABLE: crc64 xor (as unsigned bits), total kvs, total bytes. */
    private static long[] adminChecksum(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("ADMIN CHECKSUM TABLE " + table)) {
            assertThat(rs.next()).as("ADMIN CHECKSUM TABLE " + table).isTrue();
            return new long[] {Long.parseUnsignedLong(rs.getString("Checksum_crc64_xor")), rs.getLong("Total_kvs"),
                    rs.getLong("Total_bytes")};
        }
    }

    /** Whether TiDB keys the table's records by {@code _tidb_rowid} (no clustered primary key). */
    private static boolean rowIdHandle(Statement st, String db, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT TIDB_PK_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + db + "' AND TABLE_NAME = '" + table + "'")) {
            assertThat(rs.next()).as(db + "." + table + " in information_schema.TABLES").isTrue();
            return !"CLUSTERED".equalsIgnoreCase(rs.getString(1));
        }
    }

    private static long single(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            assertThat(rs.next()).as(query).isTrue();
            return rs.getLong(1);
        }
    }

    /** Every row in a fixed order, each value as text (binary values in hex). */
    private static List<List<String>> rows(Statement st, String table) throws SQLException {
        int n;
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
            n = rs.getMetaData().getColumnCount();
        }
        StringBuilder order = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            order.append(i == 1 ? "" : ", ").append(i);
        }
        List<List<String>> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + order)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v == null ? "NULL" : v instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes)
                            : md.getColumnTypeName(i).toUpperCase(Locale.ROOT).contains("BIT")
                                    ? Long.toString(rs.getLong(i)) : rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
