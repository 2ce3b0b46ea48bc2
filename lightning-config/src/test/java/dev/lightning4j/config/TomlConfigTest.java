package dev.lightning4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.CsvOptions;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.FileRule;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.TableRoute;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.SchemaMode;
import dev.lightning4j.TableResult;
import dev.lightning4j.testing.TestingMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TomlConfigTest {
    private static final TestingMariaDb SERVER = TestingMariaDb.shared();

    @TempDir
    Path tmp;

    /** A CSV export in an unusual dialect, with one duplicate key and one bad row, and a table to filter out. */
    private static Path export(Path dir, String db) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(db + "-schema-create.sql"), "CREATE DATABASE `" + db + "`;\n");
        Files.writeString(dir.resolve(db + ".items-schema.sql"),
                "CREATE TABLE `items` (`id` int NOT NULL PRIMARY KEY, `name` varchar(20), `qty` int);\n");
        Files.writeString(dir.resolve(db + ".skipped-schema.sql"), "CREATE TABLE `skipped` (`id` int);\n");
        Files.writeString(dir.resolve(db + ".items.000000001.csv"),
                "1|'a|b'|3\n2|NULL|4\n1|'again'|5\n3|'bad'|notanumber\n");
        Files.writeString(dir.resolve(db + ".skipped.000000001.csv"), "1\n");
        return dir;
    }

    private static List<String> rows(String db, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = SERVER.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM `" + db + "`.`" + table + "` ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "," + rs.getString(2) + "," + rs.getString(3));
            }
        }
        return out;
    }

    private static String tables(String db) throws SQLException {
        try (Connection c = SERVER.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT GROUP_CONCAT(table_name ORDER BY table_name) FROM "
                        + "information_schema.tables WHERE table_schema = '" + db + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aTomlFileImportsExactlyAsTheSameBuilderCalls() throws Exception {
        String tomlDb = SERVER.createDatabase("toml_file");
        String builderDb = SERVER.createDatabase("toml_builder");
        Path tomlDir = export(tmp.resolve("a"), tomlDb);
        Path builderDir = export(tmp.resolve("b"), builderDb);
        String toml = """
                [lightning]
                region-concurrency = 3
                table-concurrency = 2
                max-error = 1
                check-requirements = false

                [tikv-importer]
                backend = "tidb"
                logical-import-batch-size = "4KiB"
                logical-import-batch-rows = 2

                [conflict]
                strategy = "replace"

                [mydumper]
                data-source-dir = "%s"
                filter = ["%s.*", "!%s.skipped"]
                no-schema = false

                [mydumper.csv]
                separator = "|"
                delimiter = "'"
                terminator = "\\n"
                header = false
                header-schema-match = false
                null = ["NULL"]
                backslash-escape = false
                not-null = false

                [tidb]
                host = "%s"
                port = %d
                user = "%s"
                password = "%s"
                sql-mode = "STRICT_TRANS_TABLES"
                time-zone = "+01:00"
                """.formatted(tomlDir.toString().replace("\\", "\\\\"), tomlDb, tomlDb, SERVER.host(),
                SERVER.port(), SERVER.user(), SERVER.password());
        Path file = tmp.resolve("tidb-lightning.toml");
        Files.writeString(file, toml);

        TomlConfig config = TomlConfig.load(file);
        assertThat(config.warnings()).isEmpty();
        ImportBuilder fromToml = config.applyTo(ImportBuilder.create());
        ImportBuilder byHand = ImportBuilder.create().source(builderDir)
                .target(SERVER.host(), SERVER.port(), SERVER.user(), SERVER.password())
                .backend("tidb").concurrency(3).tableConcurrency(2).maxErrors(1)
                .batchBytes(4096).batchRows(2).onDuplicate(ConflictStrategy.REPLACE)
                .filter(builderDb + ".*", "!" + builderDb + ".skipped").schemaMode(SchemaMode.CREATE)
                .csv(CsvOptions.builder().separator("|").delimiter("'").terminator("\n").header(false)
                        .headerSchemaMatch(false).nullValues("NULL").backslashEscape(false).notNull(false).build())
                .sqlMode("STRICT_TRANS_TABLES").timeZone("+01:00").checkRequirements(false);

        ImportConfig a = fromToml.build();
        ImportConfig b = byHand.build();
        assertThat(a.csv()).isEqualTo(b.csv());
        assertThat(a.target().jdbcUrl()).isEqualTo(b.target().jdbcUrl());
        assertThat(List.of(a.backend().name(), a.conflictStrategy(), a.maxErrors(), a.concurrency(),
                a.tableConcurrency(), a.batchBytes(), a.batchRows(), a.sqlMode(), a.timeZone(), a.schemaMode(),
                a.checkRequirements()))
                .isEqualTo(List.of(b.backend().name(), b.conflictStrategy(), b.maxErrors(), b.concurrency(),
                        b.tableConcurrency(), b.batchBytes(), b.batchRows(), b.sqlMode(), b.timeZone(),
                        b.schemaMode(), false));

        ImportResult viaToml = fromToml.run();
        ImportResult viaBuilder = byHand.run();
        assertThat(summary(viaToml)).isEqualTo(summary(viaBuilder)).containsExactly("items:3 rows, 1 rejected");
        assertThat(rows(tomlDb, "items")).isEqualTo(rows(builderDb, "items"))
                .containsExactly("1,again,5", "2,null,4");
        assertThat(tables(tomlDb)).isEqualTo(tables(builderDb)).isEqualTo("items");
    }

    private static List<String> summary(ImportResult r) {
        return r.tables().stream().map((TableResult t) -> t.table().table() + ":" + t.rows() + " rows, "
                + t.skippedRows() + " rejected").toList();
    }

    @Test
    void anUnknownKeyFailsNamingItAndTheClosestKey() {
        assertThatThrownBy(() -> TomlConfig.parse("[mydumper.csv]\nseperator = \"|\"\n", "my.toml"))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).contains("mydumper.csv.seperator", "did you mean 'mydumper.csv.separator'",
                            "my.toml");
                });
        assertThatThrownBy(() -> TomlConfig.parse("[lightning]\nregion-concurency = 4\n", "x.toml"))
                .hasMessageContaining("'lightning.region-concurency'");
    }

    @Test
    void aBadValueFailsNamingTheKey() {
        TomlConfig c = TomlConfig.parse("[lightning]\ntable-concurrency = \"many\"\n", "x.toml");
        assertThatThrownBy(() -> c.applyTo(ImportBuilder.create()))
                .hasMessageContaining("lightning.table-concurrency must be a whole number, not 'many'");
        assertThatThrownBy(() -> TomlConfig.parse("[tikv-importer]\nbackend = [\"tidb\"]\n", "x.toml"))
                .hasMessageContaining("tikv-importer.backend must be one value");
        assertThatThrownBy(() -> TomlConfig.parse("[lightning\n", "broken.toml"))
                .hasMessageContaining("malformed TOML").hasMessageContaining("broken.toml");
    }

    @Test
    void keysOfLaterFeaturesAreKeptAndReportedAndArraysOfTablesBecomeRules() {
        TomlConfig c = TomlConfig.parse("""
                [lightning]
                max-error = { type = 7 }
                [tikv-importer]
                sorted-kv-dir = "/tmp/sorted"
                [checkpoint]
                enable = true
                driver = "file"
                [post-restore]
                checksum = "off"
                post-process-at-last = false
                [cron]
                log-progress = "1m"
                [[routes]]
                schema-pattern = "shard_*"
                target-schema = "all"
                [[mydumper.files]]
                pattern = '(?i)^(?:[^/]*/)*([a-z0-9_]+)\\.([a-z0-9_]+)\\.csv$'
                schema = '$1'
                table = '$2'
                type = 'csv'
                """, "later.toml");
        // Keys a backend applies (physical: sorted-kv-dir, checksum, post-process-at-last) are kept without a warning.
        assertThat(c.warnings()).containsExactly("accepted, not yet applied: cron.log-progress");
        ImportConfig config = c.applyTo(ImportBuilder.create()).source("/x").target("jdbc:mysql://h:1/", "u", "")
                .build();
        assertThat(config.maxErrors()).isEqualTo(7);
        assertThat(config.checkpoint()).isTrue();
        assertThat(config.checkpointDriver()).isEqualTo("file");
        assertThat(config.options()).containsEntry("tikv-importer.sorted-kv-dir", "/tmp/sorted")
                .containsEntry("post-restore.checksum", "off").containsEntry("cron.log-progress", "1m")
                .containsEntry("post-restore.post-process-at-last", "false");
        assertThat(config.routes()).containsExactly(new TableRoute("shard_*", null, "all", null));
        assertThat(config.fileRules()).containsExactly(new FileRule("(?i)^(?:[^/]*/)*([a-z0-9_]+)\\.([a-z0-9_]+)\\.csv$",
                null, "$1", "$2", "csv", null, null));
    }

    @Test
    void anUnknownKeyInsideAnArrayOfTablesIsNamed() {
        TomlConfig c = TomlConfig.parse("""
                [[routes]]
                schema-pattern = "shard_*"
                target-scheme = "all"
                """, "typo.toml");
        assertThatThrownBy(() -> c.applyTo(ImportBuilder.create())).isInstanceOf(ImportException.class)
                .hasMessageContaining("target-scheme").hasMessageContaining("typo.toml");
    }
}
