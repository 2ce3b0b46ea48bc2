package dev.lightning4j.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.TableRoute;
import dev.lightning4j.core.filter.TableFilter;
import dev.lightning4j.core.routing.FileRouter;
import dev.lightning4j.core.routing.TableRouter;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.StorageFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shards merged by routes become one table, with one schema and all shards' data. */
class RoutedPlanTest {
    private static ImportPlan plan(List<String> filter, List<TableRoute> routes, String... paths) {
        List<StorageFile> files = java.util.Arrays.stream(paths).map(p -> new StorageFile(p, 50)).toList();
        return new Planner(new FileRouter(), TableFilter.parse(filter), new TableRouter(routes)).plan(files);
    }

    @Test
    void shardsMergeIntoOneTargetTableWithTheFirstSchema() {
        ImportPlan p = plan(ImportConfig.DEFAULT_FILTER, List.of(new TableRoute("s?", "t_*", "all", "t")),
                "s1-schema-create.sql", "s2-schema-create.sql", "s1.t_1-schema.sql", "s1.t_1.000000001.sql",
                "s2.t_2-schema.sql", "s2.t_2.000000001.sql", "s2.t_2.000000002.sql", "s1.other-schema.sql");
        assertThat(p.databases()).extracting(DatabasePlan::name).containsExactly("all", "s1");
        DatabasePlan all = p.databases().get(0);
        assertThat(all.schemaFile().path()).isEqualTo("s1-schema-create.sql");
        assertThat(all.tables()).hasSize(1);
        TablePlan t = all.tables().get(0);
        assertThat(t.name()).isEqualTo(new TableName("all", "t"));
        assertThat(t.schemaFile().path()).isEqualTo("s1.t_1-schema.sql");
        assertThat(t.chunks()).extracting(DataChunk::file)
                .containsExactly("s1.t_1.000000001.sql", "s2.t_2.000000001.sql", "s2.t_2.000000002.sql");
        assertThat(t.chunks()).extracting(DataChunk::index).containsExactly(0, 1, 2);
        assertThat(t.chunks()).allSatisfy(c -> assertThat(c.table()).isEqualTo(new TableName("all", "t")));
        // unrouted tables stay where they were
        assertThat(p.databases().get(1).tables()).extracting(TablePlan::name)
                .containsExactly(new TableName("s1", "other"));
    }

    @Test
    void theFilterSeesSourceNames() {
        ImportPlan p = plan(List.of("s1.*"), List.of(new TableRoute("s?", "t_*", "all", "t")),
                "s1.t_1.000000001.sql", "s2.t_2.000000001.sql");
        assertThat(p.tables()).hasSize(1);
        assertThat(p.tables().get(0).chunks()).extracting(DataChunk::file).containsExactly("s1.t_1.000000001.sql");
    }

    @Test
    void twoSchemaFilesOfOneSourceTableAreStillAnError() {
        assertThatThrownBy(() -> plan(ImportConfig.DEFAULT_FILTER, List.of(), "db.t-schema.sql", "x/db.t-schema.sql"))
                .isInstanceOf(ImportException.class).hasMessageContaining("two schema files");
    }
}
