package dev.lightning4j.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.core.filter.TableFilter;
import dev.lightning4j.core.routing.FileRouter;
import dev.lightning4j.core.routing.FileType;
import dev.lightning4j.core.routing.RoutedFile;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.StorageFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static ImportPlan plan(List<String> filter, String... paths) {
        List<StorageFile> files = new ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
            files.add(new StorageFile(paths[i], 100 + i));
        }
        return new Planner(new FileRouter(), TableFilter.parse(filter)).plan(files);
    }

    private static ImportPlan plan(String... paths) {
        return plan(ImportConfig.DEFAULT_FILTER, paths);
    }

    private static TablePlan table(ImportPlan plan, String schema, String table) {
        TableName name = new TableName(schema, table);
        return plan.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static DatabasePlan database(ImportPlan plan, String name) {
        return plan.databases().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void dataFilesAreOrderedByNumericKeyNotByText() {
        List<String> paths = new ArrayList<>(List.of("db.t.10.sql", "db.t.2.sql", "db.t.000000001.sql",
                "db.t.100.sql", "db.t.9.sql"));
        Collections.shuffle(paths, new java.util.Random(7));
        TablePlan t = table(plan(paths.toArray(String[]::new)), "db", "t");
        assertThat(t.chunks()).extracting(DataChunk::file)
                .containsExactly("db.t.000000001.sql", "db.t.2.sql", "db.t.9.sql", "db.t.10.sql", "db.t.100.sql");
        assertThat(t.chunks()).extracting(DataChunk::index).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void fileWithoutKeyComesFirstAndEqualKeysGoByPath() {
        TablePlan t = table(plan("b/db.t.1.sql", "db.t.1.csv", "db.t.sql", "a/db.t.1.sql"), "db", "t");
        assertThat(t.chunks()).extracting(DataChunk::file)
                .containsExactly("db.t.sql", "a/db.t.1.sql", "b/db.t.1.sql", "db.t.1.csv");
    }

    @Test
    void keysLongerThanALongStillSort() {
        TablePlan t = table(plan("db.t.99999999999999999999.sql", "db.t.100000000000000000000.sql"), "db", "t");
        assertThat(t.chunks()).extracting(DataChunk::file)
                .containsExactly("db.t.99999999999999999999.sql", "db.t.100000000000000000000.sql");
    }

    @Test
    void chunksCarryFormatCompressionSizeAndWholeFileRange() {
        ImportPlan p = plan(List.of("*.*"), "db.t-schema.sql", "db.t.000000001.csv.gz", "db.t.000000002.sql");
        TablePlan t = table(p, "db", "t");
        assertThat(t.chunks()).containsExactly(
                new DataChunk(new TableName("db", "t"), "db.t.000000001.csv.gz", "csv", "gz", 101, 0, -1, 0),
                new DataChunk(new TableName("db", "t"), "db.t.000000002.sql", "sql", null, 102, 0, -1, 1));
        assertThat(t.chunks().get(0).atFileStart()).isTrue();
        assertThat(t.bytes()).isEqualTo(203);
        assertThat(p.chunkCount()).isEqualTo(2);
        assertThat(p.bytes()).isEqualTo(203);
    }

    @Test
    void schemaFilesAreAttached() {
        ImportPlan p = plan("db-schema-create.sql", "db.t-schema.sql", "db.t.sql");
        DatabasePlan db = database(p, "db");
        assertThat(db.schemaFile()).isNotNull();
        assertThat(db.schemaFile().path()).isEqualTo("db-schema-create.sql");
        assertThat(db.schemaFile().type()).isEqualTo(FileType.SCHEMA_SCHEMA);
        TablePlan t = table(p, "db", "t");
        assertThat(t.schemaFile()).isNotNull();
        assertThat(t.schemaFile().path()).isEqualTo("db.t-schema.sql");
    }

    @Test
    void dataWithoutSchemaFileIsStillPlanned() {
        ImportPlan p = plan("db.t.000000001.sql");
        TablePlan t = table(p, "db", "t");
        assertThat(t.schemaFile()).isNull();
        assertThat(t.chunks()).hasSize(1);
        assertThat(database(p, "db").schemaFile()).isNull();
    }

    @Test
    void schemaFileWithoutDataIsAnEmptyTable() {
        TablePlan t = table(plan("db.empty-schema.sql"), "db", "empty");
        assertThat(t.schemaFile()).isNotNull();
        assertThat(t.chunks()).isEmpty();
        assertThat(t.bytes()).isZero();
    }

    @Test
    void databaseWithOnlyASchemaCreateFileIsPlanned() {
        DatabasePlan db = database(plan("lonely-schema-create.sql"), "lonely");
        assertThat(db.tables()).isEmpty();
        assertThat(db.views()).isEmpty();
    }

    @Test
    void filteredTablesAndTheirFilesAreDropped() {
        ImportPlan p = plan(List.of("*.*", "!db.secret", "!gone.*"), "db-schema-create.sql", "db.t-schema.sql",
                "db.t.sql", "db.secret-schema.sql", "db.secret.000000001.sql", "gone-schema-create.sql",
                "gone.x-schema.sql", "gone.x.sql");
        assertThat(p.databases()).extracting(DatabasePlan::name).containsExactly("db");
        assertThat(p.tables()).extracting(TablePlan::name).containsExactly(new TableName("db", "t"));
    }

    @Test
    void databaseOfAPartlySelectedSchemaKeepsItsSchemaFile() {
        ImportPlan p = plan(List.of("db.t"), "db-schema-create.sql", "db.t.sql", "db.u.sql",
                "other-schema-create.sql", "other.t.sql");
        assertThat(p.databases()).extracting(DatabasePlan::name).containsExactly("db");
        assertThat(database(p, "db").schemaFile()).isNotNull();
        assertThat(p.tables()).extracting(TablePlan::name).containsExactly(new TableName("db", "t"));
    }

    @Test
    void defaultFilterDropsSystemSchemas() {
        ImportPlan p = plan("mysql-schema-create.sql", "mysql.user-schema.sql", "mysql.user.sql",
                "INFORMATION_SCHEMA.TABLES.sql", "Sys.x.sql", "app.t.sql");
        assertThat(p.databases()).extracting(DatabasePlan::name).containsExactly("app");
    }

    @Test
    void viewsAreCollectedPerDatabaseAndFiltered() {
        ImportPlan p = plan(List.of("*.*", "!db.hidden_v"), "db-schema-create.sql", "db.t-schema.sql",
                "db.v1-schema-view.sql", "db.v2-schema-view.sql", "db.hidden_v-schema-view.sql",
                "db2.v-schema-view.sql");
        DatabasePlan db = database(p, "db");
        assertThat(db.views()).extracting(RoutedFile::table).containsExactlyInAnyOrder("v1", "v2");
        assertThat(db.tables()).extracting(t -> t.name().table()).containsExactly("t");
        // views are not tables
        DatabasePlan db2 = database(p, "db2");
        assertThat(db2.views()).extracting(RoutedFile::path).containsExactly("db2.v-schema-view.sql");
        assertThat(db2.tables()).isEmpty();
        assertThat(p.tables()).hasSize(1);
    }

    @Test
    void ignoredFilesLeaveNoTrace() {
        ImportPlan p = plan("metadata", "db.t-schema-trigger.sql", "db.t-schema-post.sql", "notes.txt");
        assertThat(p.databases()).isEmpty();
        assertThat(p.chunkCount()).isZero();
    }

    @Test
    void databasesAndTablesComeInNameOrder() {
        ImportPlan p = plan("b.z.sql", "a.y.sql", "b.a.sql", "a-schema-create.sql");
        assertThat(p.databases()).extracting(DatabasePlan::name).containsExactly("a", "b");
        assertThat(p.tables()).extracting(t -> t.name().toString()).containsExactly("a.y", "b.a", "b.z");
    }

    @Test
    void escapedNamesMakeOneTableFromSchemaAndData() {
        ImportPlan p = plan("my%2Edb.t%2Ex-schema.sql", "my%2Edb.t%2Ex.000000001.sql");
        TablePlan t = table(p, "my.db", "t.x");
        assertThat(t.schemaFile()).isNotNull();
        assertThat(t.chunks()).hasSize(1);
    }

    @Test
    void twoSchemaFilesForOneTableIsAnError() {
        assertThatThrownBy(() -> plan("a/db.t-schema.sql", "b/db.t-schema.sql"))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ);
                    assertThat(e.table()).isEqualTo("db.t");
                    assertThat(e.getMessage()).contains("a/db.t-schema.sql").contains("b/db.t-schema.sql");
                });
    }

    @Test
    void duplicateSchemaFileOfAFilteredTableIsNoError() {
        ImportPlan p = plan(List.of("*.*", "!db.t"), "a/db.t-schema.sql", "b/db.t-schema.sql", "db.u.sql");
        assertThat(p.tables()).extracting(t -> t.name().table()).containsExactly("u");
    }

    @Test
    void typeOfReportsTheRoute() {
        Planner planner = new Planner(new FileRouter(), TableFilter.parse(List.of("*.*")));
        assertThat(planner.typeOf(new StorageFile("db.t.sql", 1))).isEqualTo(FileType.DATA);
        assertThat(planner.typeOf(new StorageFile("metadata", 1))).isEqualTo(FileType.IGNORE);
    }

    @Test
    void planIsImmutable() {
        ImportPlan p = plan("db.t.sql");
        assertThat(p.databases()).isUnmodifiable();
        assertThat(p.databases().get(0).tables()).isUnmodifiable();
        assertThat(p.tables().get(0).chunks()).isUnmodifiable();
    }
}
