package dev.lightning4j.it.checkpoint;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.it.ItDb;
import dev.lightning4j.testing.TestingRestartableMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fault tests that need a server of their own share: the private server, the reference fingerprint
 * of a clean load of {@link CheckpointData}'s export (made on the shared server), and an export per test.
 */
abstract class PrivateServerFaultTest {
    static TestingRestartableMariaDb server;
    static Map<String, List<Long>> reference;

    @TempDir
    static Path refDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServerAndLoadReference() {
        server = TestingRestartableMariaDb.start();
        String db = ItDb.SERVER.createDatabase("fault_ref");
        CheckpointData.write(refDir, db);
        ItDb.importer(refDir, db).run();
        reference = CheckpointData.fingerprint(db);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    ImportBuilder builder(Path source, String db, String driver) {
        String store = driver.equals("mysql") ? "ckp_" + db : dir.resolve(db + ".ckpt").toString();
        return CheckpointRuns.builder(server.jdbcUrl(), server.user(), server.password(), source, db, driver, store);
    }

    /** Creates database {@code db} on the private server and writes the export for it; returns {@code db}. */
    String prepare(String db) throws Exception {
        execute("CREATE DATABASE `" + db + "`");
        CheckpointData.write(Files.createDirectories(dir.resolve(db)), db);
        return db;
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Count and CHECKSUM TABLE of each table on the private server. */
    static Map<String, List<Long>> fingerprint(String db) throws SQLException {
        try (Connection c = server.connect()) {
            return CheckpointData.fingerprint(c, db);
        }
    }
}
