package dev.lightning4j.logical;

import static dev.lightning4j.logical.LogicalValuesTest.num;
import static dev.lightning4j.logical.TestTarget.DB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.RowError;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.BackendProvider;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetRow;
import dev.lightning4j.spi.TargetTable;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connecting: clear errors for a wrong address or password, and a caller's DataSource left as it was. */
class LogicalConnectTest {
    private static final String SECRET = "s3cret-Pa55";
    private static String db;

    @BeforeAll
    static void createDatabase() {
        db = DB.createDatabase("logical_connect");
    }

    @Test
    void isFoundByNameAndAlias() {
        BackendProvider found = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("logical")).findFirst().orElseThrow();
        assertThat(found).isInstanceOf(LogicalBackendProvider.class);
        assertThat(found.aliases()).containsExactly("tidb");
    }

    @Test
    void aClosedPortIsUnreachableAndTheMessageSaysWhatToCheck() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "jdbc:mysql://127.0.0.1:" + port + "/?sslMode=DISABLED&password=" + SECRET;
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> new LogicalBackendProvider().create(TestTarget.config(b -> b.target(url, "root", SECRET))))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TARGET_UNREACHABLE);
                    assertThat(e.getMessage()).contains("cannot connect to jdbc:mysql://127.0.0.1:" + port)
                            .contains("check tidb-host/tidb-port").doesNotContain(SECRET);
                });
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void aWrongPasswordIsAccessDenied() {
        assertThatThrownBy(() -> new LogicalBackendProvider().create(
                TestTarget.config(b -> b.target(DB.jdbcUrl(), DB.user(), SECRET))))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TARGET_ACCESS_DENIED);
                    assertThat(e.getMessage()).contains("access denied for user '" + DB.user() + "'")
                            .contains("check tidb-user/tidb-password").doesNotContain(SECRET);
                });
    }

    @Test
    void aSqlModeTheServerRefusesIsAnOptionError() {
        assertThatThrownBy(() -> new LogicalBackendProvider().create(TestTarget.config(b -> b.sqlMode("NO_SUCH_MODE"))))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).contains("sql-mode");
                });
    }

    @Test
    void aCallersPoolGetsTheImportSessionWhileWritingAndItsOwnSessionBack() throws Exception {
        TestTarget.exec(db, "CREATE TABLE parent (id INT PRIMARY KEY)",
                "CREATE TABLE child (id INT PRIMARY KEY, parent INT, n TINYINT, FOREIGN KEY (parent) REFERENCES parent (id))");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(DB.jdbcUrl());
        hc.setUsername(DB.user());
        hc.setPassword(DB.password());
        hc.setMaximumPoolSize(1);
        hc.setConnectionInitSql("SET SESSION sql_mode = ''"); // lenient: would clip 300 to 127
        try (HikariDataSource callers = new HikariDataSource(hc)) {
            TestTarget.Rejects rejects = new TestTarget.Rejects(10);
            TargetTable t = TestTarget.table(db, "child");
            try (Backend backend = new LogicalBackendProvider().create(TestTarget.config(b -> b.target(callers)));
                    TableImporter importer = backend.openTable(t);
                    ChunkWriter w = importer.openChunk(TestTarget.chunk(db, "child"), rejects)) {
                assertThat(backend.dataSource()).isSameAs(callers);
                // parent 7 does not exist: fine with foreign key checks off, as tables load in any order
                w.write(new TargetRow(t.columns(), new Object[] {num("1"), num("7"), num("1")}, 0));
                w.write(new TargetRow(t.columns(), new Object[] {num("2"), num("7"), num("300")}, 10));
                w.flush();
            }
            assertThat(rejects.rejected).extracting(TestTarget.Reject::kind).containsExactly(RowError.Kind.TYPE);
            assertThat(TestTarget.count(db, "child")).isEqualTo(1);
            try (Connection c = callers.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode, @@SESSION.foreign_key_checks")) {
                rs.next();
                assertThat(rs.getString(1)).isEmpty();
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
            assertThat(callers.isClosed()).isFalse();
        }
    }
}
