package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportResult;
import dev.lightning4j.examples.ImportDumpExample;
import dev.lightning4j.junit.FixtureTarget;
import dev.lightning4j.junit.LightningFixture;
import dev.lightning4j.junit.ResetStrategy;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The example a new user starts from runs and leaves the bundled export in the server exactly. */
class ImportDumpExampleTest {
    @FixtureTarget
    static DataSource server = ItDb.SERVER.dataSource();

    @Test
    void exampleImportsTheBundledShopExport() throws Exception {
        // The example writes to the fixed database `shop`; start from nothing so counts are exact.
        ItDb.execute(null, "DROP DATABASE IF EXISTS shop");

        ImportDumpExample.run(new String[0]);

        assertThat(ItDb.count("shop.customers")).isEqualTo(8);
        assertThat(ItDb.count("shop.orders")).isEqualTo(5);
        assertThat(ItDb.count("shop.products")).isEqualTo(5);
        assertThat(ItDb.rows("SELECT id, name, note FROM shop.customers WHERE id IN (2, 3, 6, 7, 8, "
                + "18446744073709551615) ORDER BY id")).containsExactly(
                List.of("2", "Zoë Ångström", "Unicode: naïve café, 日本語, emoji 🚀"),
                List.of("3", "O'Brien \"Bob\"", "quotes ' and \" and a backslash \\ and a tab\tend"),
                Arrays.asList("6", "Null Note", null),
                List.of("7", "The Text NULL", "NULL"),
                List.of("8", "Backslash N", "\\N"),
                List.of("18446744073709551615", "Max Unsigned", ""));
        assertThat(ItDb.rows("SELECT HEX(receipt), HEX(flags) FROM shop.orders WHERE id IN (1, 3) ORDER BY id"))
                .containsExactly(List.of("504446001A", "5"), List.of("DEADBEEF00FF", "1"));
        assertThat(ItDb.rows("SELECT title, weight_kg IS NULL FROM shop.products WHERE sku IN ('A-2', 'B-1') "
                + "ORDER BY sku")).containsExactly(List.of("Comma, inside", "1"), List.of("Line\nbreak", "0"));
        assertThat(ItDb.rows("SELECT table_type FROM information_schema.tables WHERE table_schema = 'shop' "
                + "AND table_name = 'order_summary'")).containsExactly(List.of("VIEW"));
        assertThat(ItDb.rows("SELECT orders FROM shop.order_summary WHERE name = 'Zoë Ångström'"))
                .containsExactly(List.of("2"));
    }

    /** The same export as a test fixture: the extension loads it from the examples jar before the test. */
    @Test
    @LightningFixture(value = "sample-dump", reset = ResetStrategy.DROP_AND_CREATE)
    void theBundledExportServesAsATestFixture(ImportResult fixture) {
        assertThat(fixture.rows()).isEqualTo(18);
        assertThat(ItDb.count("shop.customers")).isEqualTo(8);
        assertThat(ItDb.rows("SELECT orders FROM shop.order_summary WHERE name = 'Zoë Ångström'"))
                .containsExactly(List.of("2"));
    }
}
