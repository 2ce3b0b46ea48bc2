package dev.lightning4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestingMariaDbTest {

    @Test
    void sharedServerIsOneInstanceAndAcceptsConnections() throws Exception {
        TestingMariaDb db = TestingMariaDb.shared();
        assertThat(TestingMariaDb.shared()).isSameAs(db);
        assertThat(db.jdbcUrl()).startsWith("jdbc:mysql://");
        assertThat(db.port()).isPositive();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isNotBlank();
        }
        System.out.println("server " + db + " started in " + db.startMillis() + " ms");
    }

    @Test
    void createDatabaseGivesFreshUniqueDatabases() throws Exception {
        TestingMariaDb db = TestingMariaDb.shared();
        String a = db.createDatabase("Some-Test");
        String b = db.createDatabase("Some-Test");
        assertThat(a).startsWith("some_test_").isNotEqualTo(b);
        try (Connection c = db.dataSource(a).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1)");
            try (ResultSet rs = s.executeQuery("SELECT DATABASE(), COUNT(*) FROM t")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(a);
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + b + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void serverChecksPasswords() {
        TestingMariaDb db = TestingMariaDb.shared();
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password() + "wrong"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }

    @Test
    void parsesAndRewritesJdbcUrls() {
        JdbcUrl u = JdbcUrl.parse("jdbc:mysql://tidb.example:4000/old?sslMode=DISABLED");
        assertThat(u.host()).isEqualTo("tidb.example");
        assertThat(u.port()).isEqualTo(4000);
        assertThat(u.withDatabase("new")).isEqualTo("jdbc:mysql://tidb.example:4000/new?sslMode=DISABLED");
        assertThat(JdbcUrl.parse("jdbc:mysql://[::1]/").port()).isEqualTo(3306);
        assertThat(JdbcUrl.parse("jdbc:mysql://[::1]/").withDatabase("d")).isEqualTo("jdbc:mysql://[::1]:3306/d");
    }
}
