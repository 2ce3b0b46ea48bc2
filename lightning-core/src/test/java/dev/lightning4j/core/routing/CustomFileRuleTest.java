package dev.lightning4j.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.FileRule;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.StorageFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code [[mydumper.files]]}: custom rules with templates, before (or instead of) the default rules. */
class CustomFileRuleTest {
    private static RoutedFile route(FileRouter router, String path) {
        return router.route(new StorageFile(path, 10));
    }

    @Test
    void patternWithGroupsRoutesAFlatExportLayout() {
        FileRouter router = new FileRouter(List.of(
                new FileRule("^exports/([a-z]+)/([a-z_]+)_part(\\d+)\\.txt(?:\\.(gz))?$", null, "$1", "${2}", "csv",
                        "$3", "$4")), true, false);
        RoutedFile r = route(router, "exports/shop/order_items_part0007.txt.gz");
        assertThat(r.type()).isEqualTo(FileType.DATA);
        assertThat(r.schema()).isEqualTo("shop");
        assertThat(r.table()).isEqualTo("order_items");
        assertThat(r.format()).isEqualTo("csv");
        assertThat(r.sortKey()).isEqualTo("0007");
        assertThat(r.compression()).isEqualTo("gz");
        // no compression group matched: the template expands to nothing, so uncompressed
        assertThat(route(router, "exports/shop/orders_part1.txt").compression()).isNull();
    }

    @Test
    void patternsAreCaseInsensitiveByDefaultAndNamedGroupsExpand() {
        FileRule rule = new FileRule("(?<db>\\w+)~(?<tbl>\\w+)\\.dat$", null, "${db}", "t_${tbl}", "sql", null, null);
        assertThat(route(new FileRouter(List.of(rule), true, false), "A~B.DAT").table()).isEqualTo("t_B");
        assertThat(route(new FileRouter(List.of(rule), true, true), "A~B.DAT").type()).isEqualTo(FileType.IGNORE);
        assertThat(route(new FileRouter(List.of(rule), true, true), "A~B.dat").schema()).isEqualTo("A");
    }

    @Test
    void customRulesComeFirstAndCanIgnoreOrRetypeDumplingNames() {
        FileRouter router = new FileRouter(List.of(
                FileRule.path("shop.audit.000000001.sql", null, null, "ignore"),
                FileRule.pattern("^shop\\.legacy\\.(\\d+)\\.sql$", "archive", "legacy_$1", "sql"),
                FileRule.path("schemas/shop.sql", "shop", null, "schema-schema"),
                FileRule.path("schemas/orders.sql", "shop", "orders", "table-schema")), true, false);
        assertThat(route(router, "shop.audit.000000001.sql").type()).isEqualTo(FileType.IGNORE);
        assertThat(route(router, "shop.audit.000000002.sql").type()).isEqualTo(FileType.DATA);
        RoutedFile legacy = route(router, "shop.legacy.2.sql");
        assertThat(legacy.schema()).isEqualTo("archive");
        assertThat(legacy.table()).isEqualTo("legacy_2");
        assertThat(route(router, "schemas/shop.sql").type()).isEqualTo(FileType.SCHEMA_SCHEMA);
        RoutedFile orders = route(router, "schemas/orders.sql");
        assertThat(orders.type()).isEqualTo(FileType.TABLE_SCHEMA);
        assertThat(orders.table()).isEqualTo("orders");
        // a path rule is exact: the '.' is no wildcard
        assertThat(route(router, "schemasXshop.sql").type()).isEqualTo(FileType.IGNORE);
    }

    @Test
    void defaultRulesCanBeSwitchedOff() {
        FileRouter only = new FileRouter(List.of(FileRule.pattern("^data/(\\w+)\\.csv$", "db", "$1", "csv")), false,
                false);
        assertThat(route(only, "data/t.csv").table()).isEqualTo("t");
        assertThat(route(only, "db.t.000000001.sql").type()).isEqualTo(FileType.IGNORE);
        assertThat(route(only, "db-schema-create.sql").type()).isEqualTo(FileType.IGNORE);
    }

    @Test
    void badTemplatesAndPathsAreErrorsNamingTheRule() {
        FileRouter router = new FileRouter(List.of(FileRule.pattern("^(x*)(\\w+)\\.csv$", "$1", "$2", "csv")), true,
                false);
        assertThatThrownBy(() -> route(router, "t.csv")).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
            assertThat(e.getMessage()).contains("empty schema", "^(x*)");
            assertThat(e.file()).isEqualTo("t.csv");
        });
        FileRouter badKey = new FileRouter(List.of(FileRule.pattern("(\\w+)\\.csv$", "db", "t", "csv")
                .withKey("$1")), true, false);
        assertThatThrownBy(() -> route(badKey, "abc.csv")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> FileRule.path("../outside.csv", "db", "t", "csv"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relative");
        assertThatThrownBy(() -> FileRule.path("/etc/passwd", "db", "t", "csv"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileRule.pattern("x", "db", "t", "json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown type");
    }

    @Test
    void expandFollowsGoTemplateRules() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(a)(b)").matcher("ab");
        assertThat(m.find()).isTrue();
        assertThat(CustomFileRule.expand("$1-${2}-$$-$3-$1x-${1}x-$", m)).isEqualTo("a-b-$---ax-$");
    }
}
