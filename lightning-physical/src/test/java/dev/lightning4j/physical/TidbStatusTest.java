package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.testing.TestingMariaDb;
import dev.lightning4j.testing.TestingTidbStatus;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The status API reads against the TiDB status stand-in over HTTP. */
class TidbStatusTest {
    private static final TestingMariaDb DB = TestingMariaDb.shared();

    @Test
    void theDatabaseIdOfATableComesFromDbTableAndMustNameItsDatabase() throws Exception {
        String db = DB.createDatabase("phys_status");
        String other = DB.createDatabase("phys_status_other");
        try (Connection c = DB.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE `" + db + "`.`t` (`id` int)");
            s.execute("CREATE TABLE `" + other + "`.`u` (`id` int)");
        }
        try (TestingTidbStatus stand = TestingTidbStatus.start(DB.dataSource())) {
            TidbStatus status = new TidbStatus(stand.address());
            TableName t = new TableName(db, "t");
            long tableId = stand.tableId(db, "t");
            long otherId = stand.tableId(other, "u");
            assertThat(status.databaseId(t, tableId)).isEqualTo(stand.databaseId(db)).isNotEqualTo(stand.databaseId(other));
            // A table ID of another database: the table was replaced under the import.
            assertThatThrownBy(() -> status.databaseId(t, otherId)).isInstanceOf(ImportException.class)
                    .hasMessageContaining("table ID " + otherId).hasMessageContaining(other.toLowerCase());
            assertThatThrownBy(() -> status.databaseId(t, 987_654)).isInstanceOf(ImportException.class)
                    .hasMessageContaining("/db-table/987654").hasMessageContaining("404");
        }
    }
}
