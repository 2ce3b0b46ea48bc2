package dev.lightning4j.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportResult;
import dev.lightning4j.testing.TestingMariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@LightningFixture("fixtures/shop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LightningFixtureTest {
    @FixtureTarget
    static DataSource db = TestingMariaDb.shared().dataSource();

    static long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    @Order(1)
    void loadsTheFixtureAndHandsOverTheResult(ImportResult fixture) throws SQLException {
        assertThat(fixture.tables()).extracting(t -> t.table().table())
                .containsExactlyInAnyOrder("customers", "orders", "products");
        assertThat(count("SELECT COUNT(*) FROM shop.orders")).isEqualTo(fixture.tables().stream()
                .filter(t -> t.table().table().equals("orders")).findFirst().orElseThrow().rows()).isPositive();
        // a test may change the data: the next test starts from the fixture again
        execute("DELETE FROM shop.orders");
        execute("CREATE TABLE shop.scratch (id int)");
    }

    @Test
    @Order(2)
    void dropAndCreateStartsFromTheFixtureAgain() throws SQLException {
        assertThat(count("SELECT COUNT(*) FROM shop.orders")).isPositive();
        assertThat(count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'shop'"
                + " AND table_name = 'scratch'")).isZero();
        execute("CREATE TABLE shop.scratch (id int)");
        execute("INSERT INTO shop.customers (id, name, created_at) VALUES (9999, 'extra', NOW())");
    }

    @Test
    @Order(3)
    @LightningFixture(value = "fixtures/shop", reset = ResetStrategy.TRUNCATE, filter = "shop.customers")
    void truncateEmptiesTheFixtureTablesButKeepsOthers(ImportResult fixture) throws SQLException {
        assertThat(fixture.tables()).extracting(t -> t.table().table()).containsExactly("customers");
        assertThat(count("SELECT COUNT(*) FROM shop.customers")).isEqualTo(fixture.rows());
        assertThat(count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'shop'"
                + " AND table_name = 'scratch'")).isOne();
    }
}
