package dev.lightning4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportResult;
import dev.lightning4j.junit.FixtureTarget;
import dev.lightning4j.junit.LightningFixture;
import dev.lightning4j.testing.TestingMariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * How an application's tests get a known database: {@code @LightningFixture} loads a Dumpling export from the
 * class path into the test's DataSource before each test, dropping the fixture's databases first.
 */
@LightningFixture("sample-dump")
class ShopFixtureExampleTest {
    @FixtureTarget
    static DataSource database = TestingMariaDb.shared().dataSource();

    @Test
    void everyCustomerHasTheirOrders(ImportResult fixture) throws Exception {
        assertThat(fixture.tables()).hasSize(3);
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM shop.orders o "
                        + "LEFT JOIN shop.customers c ON c.id = o.customer_id WHERE c.id IS NULL")) {
            rs.next();
            assertThat(rs.getLong(1)).as("orders without a customer").isZero();
        }
    }
}
