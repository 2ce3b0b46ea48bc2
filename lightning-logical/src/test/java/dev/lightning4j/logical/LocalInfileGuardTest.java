package dev.lightning4j.logical;

import static dev.lightning4j.logical.TestTarget.DB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ImportConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A compromised server (a proxy in front of the real one) answers a query with a LOCAL INFILE request for
 * a file the client never offered. Connector/J alone sends it; with the guard the backend installs, no
 * connection sends anything but the rows a LOAD statement offered from memory.
 */
class LocalInfileGuardTest {
    private static final String GUARDED = "allowLoadLocalInfile=true&queryInterceptors="
            + LocalInfileGuard.class.getName();

    private static String db;
    private static HijackingProxy proxy;

    @TempDir
    static Path dir;

    private static Path secret;
    private static String secretText;

    @BeforeAll
    static void start() throws Exception {
        db = DB.createDatabase("infile_guard");
        TestTarget.exec(db, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
        proxy = new HijackingProxy(DB.host(), DB.port());
        secretText = "secret-" + UUID.randomUUID();
        secret = Files.writeString(dir.resolve("secret.txt"), secretText);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
    }

    private static Connection open(String params) throws SQLException {
        return DriverManager.getConnection(proxy.jdbcUrl(db, params), DB.user(), DB.password());
    }

    @Test
    void withoutTheGuardTheDriverSendsTheFileTheServerNames() throws Exception {
        // what the guard is for: the request is real and the driver alone answers it from disk
        try (Connection c = open("allowLoadLocalInfile=true"); Statement s = c.createStatement()) {
            proxy.hijackNext(q -> q.contains("hijack-me"), secret.toString());
            s.execute("SELECT 'hijack-me'");
            HijackingProxy.Answer a = proxy.answer();
            assertThat(new String(a.bytes(), StandardCharsets.UTF_8)).isEqualTo(secretText);
        }
    }

    @Test
    void theGuardRefusesAFileRequestedForAnOrdinaryQuery() throws Exception {
        for (String file : new String[] {secret.toString(), "/etc/hostname"}) {
            try (Connection c = open(GUARDED); Statement s = c.createStatement()) {
                proxy.hijackNext(q -> q.contains("hijack-me"), file);
                assertThatThrownBy(() -> s.execute("SELECT 'hijack-me'")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("did not offer");
            }
            HijackingProxy.Answer a = proxy.answer();
            assertThat(a.bytes()).as("bytes sent for %s", file).isEmpty();
            assertThat(a.completed()).isFalse();
        }
    }

    @Test
    void theGuardRefusesDuringTheDriversOwnSetUpQueries() throws Exception {
        // the first query on a connection is the driver's own, before any statement of the caller
        proxy.hijackNext(q -> true, secret.toString());
        assertThatThrownBy(() -> open(GUARDED).close()).isInstanceOf(SQLException.class);
        HijackingProxy.Answer a = proxy.answer();
        assertThat(a.bytes()).isEmpty();
    }

    @Test
    void aLoadSendsOnlyTheRowsItOfferedWhateverFileTheServerNames() throws Exception {
        byte[] rows = "7\tseven\n".getBytes(StandardCharsets.UTF_8);
        try (Connection c = open(GUARDED); Statement s = c.createStatement()) {
            proxy.hijackNext(q -> q.startsWith("LOAD DATA"), secret.toString());
            try (LocalInfileGuard.Offer offer = LocalInfileGuard.offer(c, rows, 0, rows.length)) {
                s.executeUpdate("LOAD DATA LOCAL INFILE 'rows' INTO TABLE t");
            }
            HijackingProxy.Answer a = proxy.answer();
            assertThat(a.bytes()).isEqualTo(rows);
            assertThat(a.completed()).isTrue();

            // the offer served its statement only: a later request on the same connection is refused
            proxy.hijackNext(q -> q.contains("hijack-me"), secret.toString());
            assertThatThrownBy(() -> s.execute("SELECT 'hijack-me'")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("did not offer");
            assertThat(proxy.answer().bytes()).isEmpty();
        }
    }

    /** Also when the URL allows local files itself, or names interceptors of its own (kept after the guard). */
    @ParameterizedTest
    @ValueSource(strings = {"allowLoadLocalInfile=true",
        "allowLoadLocalInfile=true&queryInterceptors=com.mysql.cj.jdbc.interceptors.SessionAssociationInterceptor"})
    void theBackendsOwnPoolIsGuarded(String urlParams) throws Exception {
        ImportConfig config = TestTarget.config(b -> b.loadData("on").target(
                proxy.jdbcUrl(db, urlParams), DB.user(), DB.password()));
        assertThat(TargetConnector.queryInterceptors(proxy.jdbcUrl(db, urlParams))).isEqualTo(
                LocalInfileGuard.class.getName() + (urlParams.contains("queryInterceptors")
                        ? ",com.mysql.cj.jdbc.interceptors.SessionAssociationInterceptor" : ""));
        try (Connections connections = TargetConnector.connect(config, new SessionSettings(config.sqlMode(), config.timeZone()))) {
            Connections.Lease lease = connections.borrow();
            try (Statement s = lease.connection().createStatement()) {
                proxy.hijackNext(q -> q.contains("hijack-me"), secret.toString());
                assertThatThrownBy(() -> s.execute("SELECT 'hijack-me'")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("did not offer");
            } finally {
                connections.release(lease, true);
            }
            assertThat(proxy.answer().bytes()).isEmpty();
        }
    }

    @Test
    void loadIsNotUsedOnACallersConnectionWithoutTheGuard() throws Exception {
        try (Connection c = DriverManager.getConnection(DB.jdbcUrl(db) + (DB.jdbcUrl(db).contains("?") ? "&" : "?")
                + "allowLoadLocalInfile=true", DB.user(), DB.password())) {
            assertThat(LoadDataSupport.refusal(c)).contains("queryInterceptors=" + LocalInfileGuard.class.getName());
        }
        try (Connection c = DriverManager.getConnection(DB.jdbcUrl(db) + (DB.jdbcUrl(db).contains("?") ? "&" : "?")
                + GUARDED, DB.user(), DB.password()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@GLOBAL.local_infile")) {
            rs.next();
            if (rs.getBoolean(1)) {
                assertThat(LoadDataSupport.refusal(c)).isNull();
            }
        }
    }
}
