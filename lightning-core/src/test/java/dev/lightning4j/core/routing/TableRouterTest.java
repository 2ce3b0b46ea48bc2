package dev.lightning4j.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.TableName;
import dev.lightning4j.TableRoute;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRouterTest {
    private final TableRouter router = new TableRouter(List.of(
            new TableRoute("shard_??", "orders_*", "merged", "orders"),
            new TableRoute("shard_*", "", "merged", ""),
            new TableRoute("old", "t", "new", null)));

    @Test
    void tableRoutesWinOverSchemaRoutesAndWildcardsIgnoreCase() {
        assertThat(router.route(new TableName("shard_01", "orders_1"))).isEqualTo(new TableName("merged", "orders"));
        assertThat(router.route(new TableName("SHARD_02", "ORDERS_2"))).isEqualTo(new TableName("merged", "orders"));
        // '??' is two characters exactly: shard_123 falls to the schema route, which keeps the table name
        assertThat(router.route(new TableName("shard_123", "orders_1"))).isEqualTo(new TableName("merged", "orders_1"));
        assertThat(router.route(new TableName("shard_01", "users"))).isEqualTo(new TableName("merged", "users"));
        assertThat(router.route(new TableName("old", "t"))).isEqualTo(new TableName("new", "t"));
        assertThat(router.route(new TableName("other", "t"))).isEqualTo(new TableName("other", "t"));
    }

    @Test
    void databaseSchemaFilesFollowTheirRoutes() {
        assertThat(router.routeSchema("shard_01")).isEqualTo("merged");
        assertThat(router.routeSchema("old")).isEqualTo("new");
        assertThat(router.routeSchema("other")).isEqualTo("other");
        assertThat(TableRouter.none().route(new TableName("a", "b"))).isEqualTo(new TableName("a", "b"));
    }
}
