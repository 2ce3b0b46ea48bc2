package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.PrecheckFinding;
import dev.lightning4j.PrecheckReport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pre-checks as a dry run change nothing and report what an import would hit; an import stops on their errors. */
class PrecheckTest {
    @TempDir
    Path dir;

    private static long schemaExists(String db) {
        return ItDb.longValue("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db + "'");
    }

    @Test
    void aDryRunOfAGoodDumpPassesWarnsAboutStrayFilesAndCreatesNothing() {
        String db = ItDb.unusedDatabaseName("it_pre_good");
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "t", "CREATE TABLE `t` (`id` int PRIMARY KEY);");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, "(1)").writeTo(dir, db + ".t.000000000.sql");
        DumpFile.write(dir, "notes.txt", "not data");
        DumpFile.write(dir, "metadata", "Started dump at: 2026-01-01");

        PrecheckReport report = ItDb.importer(dir, db).maxErrors(5).precheck();

        assertThat(report.passed()).as(report.render()).isTrue();
        assertThat(report.warnings()).singleElement().satisfies(w -> {
            assertThat(w.check()).isEqualTo("source-files");
            assertThat(w.message()).contains("notes.txt").doesNotContain("metadata");
            assertThat(w.whatToDo()).isNotBlank();
        });
        assertThat(report.findings()).extracting(PrecheckFinding::check)
                .contains("source-files", "schema-files", "target-version", "target-privileges", "target-tables");
        assertThat(schemaExists(db)).isZero();
        assertThat(schemaExists("lightning_task_info_never")).isZero();
    }

    @Test
    void aBrokenSchemaFileStopsTheImportBeforeAnythingIsCreated() {
        String db = ItDb.unusedDatabaseName("it_pre_schema");
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "good", "CREATE TABLE `good` (`id` int PRIMARY KEY);");
        DumpFile.schema(dir, db, "bad", "CREATE TABLE `bad` (`id` int, `s` varchar(3) DEFAULT 'x);");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("good", null, "(1)").writeTo(dir, db + ".good.0.sql");

        PrecheckReport report = ItDb.importer(dir, db).precheck();
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.check()).isEqualTo("schema-files");
            assertThat(e.file()).isEqualTo(db + ".bad-schema.sql");
            assertThat(e.message()).contains("unterminated");
        });
        assertThatThrownBy(() -> ItDb.importer(dir, db).run()).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_FAILED);
            assertThat(e.getMessage()).contains("pre-checks failed, nothing was written").contains(db + ".bad-schema.sql");
        });
        assertThat(schemaExists(db)).isZero();
    }

    @Test
    void aCsvHeaderNamingAnUnknownColumnIsFoundForAnExistingTable() {
        String db = ItDb.SERVER.createDatabase("it_pre_csv");
        ItDb.execute(db, "CREATE TABLE t (id int PRIMARY KEY, name varchar(10))");
        DumpFile.write(dir, db + ".t.0.csv", "id,nmae\n1,a\n");
        PrecheckReport report = ItDb.importer(dir, db).precheck();
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.check()).isEqualTo("csv-header");
            assertThat(e.message()).contains("[nmae]");
            assertThat(e.file()).isEqualTo(db + ".t.0.csv");
        });
        assertThat(ItDb.count("`" + db + "`.t")).isZero();
    }

    @Test
    void missingPrivilegesAreNamedWithTheGrantToRun() {
        String db = ItDb.SERVER.createDatabase("it_pre_priv");
        ItDb.execute(db, "CREATE TABLE t (id int PRIMARY KEY)");
        String user = "lj_ro_" + db.substring(db.length() - 6);
        ItDb.execute(null, "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'",
                "GRANT SELECT ON `" + db + "`.* TO '" + user + "'@'%'");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, "(1)").writeTo(dir, db + ".t.0.sql");

        ImportBuilder b = ImportBuilder.create().source(dir).target(ItDb.SERVER.jdbcUrl(), user, "pw")
                .filter(db + ".*");
        PrecheckReport report = b.precheck();
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.check()).isEqualTo("target-privileges");
            assertThat(e.code()).isEqualTo(ErrorCode.TARGET_ACCESS_DENIED);
            assertThat(e.message()).contains("INSERT, CREATE ON `" + db + "`.*");
            assertThat(e.whatToDo()).contains("GRANT INSERT, CREATE ON `" + db + "`.*");
        });
        assertThatThrownBy(b::run).isInstanceOfSatisfying(ImportException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TARGET_ACCESS_DENIED));
        // Without the pre-checks the import runs into the same wall, later.
        assertThatThrownBy(() -> b.checkRequirements(false).run()).isInstanceOf(ImportException.class);
        assertThat(ItDb.count("`" + db + "`.t")).isZero();
    }

    @Test
    void aSortDirectoryThatCannotBeWrittenIsAnError() {
        String db = ItDb.SERVER.createDatabase("it_pre_sort");
        DumpFile.schema(dir, db, "t", "CREATE TABLE `t` (`id` int PRIMARY KEY);");
        Path notADir = DumpFile.write(dir, "plain-file", "x");
        PrecheckReport report = ItDb.importer(dir, db).option("sorted-kv-dir", notADir.resolve("sort").toString())
                .precheck();
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.check()).isEqualTo("sort-dir-space");
            assertThat(e.message()).contains("plain-file/sort").contains("not a writable directory");
        });
        PrecheckReport ok = ItDb.importer(dir, db).option("sorted-kv-dir", dir.resolve("sort").toString()).precheck();
        assertThat(ok.findings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo("sort-dir-space");
            assertThat(f.severity()).isEqualTo(PrecheckFinding.Severity.OK);
        });
    }

    @Test
    void anUnreachableTargetIsAFindingNotACrash() {
        String db = "it_pre_nowhere";
        DumpFile.schema(dir, db, "t", "CREATE TABLE `t` (`id` int PRIMARY KEY);");
        PrecheckReport report = ImportBuilder.create().source(dir).target("127.0.0.1", 1, "root", "")
                .filter(db + ".*").precheck();
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.check()).isEqualTo("target-reachable");
            assertThat(e.code()).isEqualTo(ErrorCode.TARGET_UNREACHABLE);
        });
    }
}
