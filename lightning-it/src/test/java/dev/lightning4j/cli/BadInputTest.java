package dev.lightning4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.it.DumpFile;
import dev.lightning4j.it.ItDb;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gives an {@link ImportException} with the right code and a message naming the culprit through
 * the API, and through the command line a non-zero exit with that message on stderr and no stack trace.
 */
class BadInputTest {
    @TempDir
    Path dir;

    /** Runs the same import through the API and the CLI and checks both report {@code code} and {@code names}. */
    private ImportException assertBothFail(ImportBuilder api, String[] cli, ErrorCode code, String... names) {
        ImportException[] caught = new ImportException[1];
        assertThatThrownBy(api::run).isInstanceOfSatisfying(ImportException.class, e -> {
            caught[0] = e;
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).contains(code.code()).contains(names);
        });
        CliRun run = CliRun.run(cli);
        assertThat(run.exit()).as(run.err()).isNotZero();
        assertThat(run.err()).contains(code.code()).contains(names);
        assertThat(run.hasStackTrace()).as(run.err()).isFalse();
        return caught[0];
    }

    private Path validDump(String db) {
        DumpFile.schema(dir, db, "t", "CREATE TABLE `t` (`id` int PRIMARY KEY);");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, "(1)", "(2)")
                .writeTo(dir, db + ".t.000000000.sql");
        return dir;
    }

    @Test
    void missingSourceDirectory() {
        String db = ItDb.SERVER.createDatabase("it_bad_source");
        Path missing = dir.resolve("no-such-export");
        assertBothFail(ItDb.importer(missing, db), CliRun.toTestServer(missing.toString(), db),
                ErrorCode.SOURCE_NOT_FOUND, "no-such-export");
    }

    @Test
    void dataFileWithoutSchemaFileOrTable() {
        String db = ItDb.SERVER.createDatabase("it_bad_missing_schema");
        String file = db + ".lonely.000000000.sql";
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("lonely", null, "(1)").writeTo(dir, file);
        ImportException e = assertBothFail(ItDb.importer(dir, db), CliRun.toTestServer(dir.toString(), db),
                ErrorCode.MISSING_SCHEMA, file, "lonely");
        assertThat(e.file()).isEqualTo(file);
    }

    @Test
    void syntaxErrorInADataFile() {
        String db = ItDb.SERVER.createDatabase("it_bad_syntax");
        DumpFile.schema(dir, db, "t", "CREATE TABLE `t` (`id` int PRIMARY KEY, `v` varchar(10));");
        String file = db + ".t.000000000.sql";
        DumpFile f = new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, "(1,'a')", "(2 'b')", "(3,'c')");
        f.writeTo(dir, file);
        ImportException e = assertBothFail(ItDb.importer(dir, db), CliRun.toTestServer(dir.toString(), db),
                ErrorCode.SOURCE_SYNTAX, file, "at byte ");
        assertThat(e.file()).isEqualTo(file);
        // The error points into the bad tuple: from its '(' to its ')'.
        assertThat(e.offset()).isBetween(f.rowOffset(1), f.rowOffset(1) + "(2 'b')".length());
    }

    @Test
    void unreachableServer() throws IOException {
        String db = ItDb.SERVER.createDatabase("it_bad_unreachable");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path source = validDump(db);
        assertBothFail(ImportBuilder.create().source(source).target("127.0.0.1", closedPort, "root", "")
                        .filter(db + ".*"),
                new String[] {"-d", source.toString(), "--tidb-host", "127.0.0.1", "--tidb-port",
                        String.valueOf(closedPort), "-f", db + ".*", "-q"},
                ErrorCode.TARGET_UNREACHABLE, String.valueOf(closedPort));
    }

    @Test
    void wrongPassword() {
        String db = ItDb.SERVER.createDatabase("it_bad_password");
        Path source = validDump(db);
        assertBothFail(ImportBuilder.create().source(source)
                        .target(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), "certainly-wrong").filter(db + ".*"),
                new String[] {"-d", source.toString(), "--target-url", ItDb.SERVER.jdbcUrl(), "-u",
                        ItDb.SERVER.user(), "-p", "certainly-wrong", "-f", db + ".*", "-q"},
                ErrorCode.TARGET_ACCESS_DENIED, ItDb.SERVER.user());
        assertThat(ItDb.tables(db)).isEmpty();
    }

    @Test
    void badFilterRule() {
        String db = ItDb.SERVER.createDatabase("it_bad_filter");
        Path source = validDump(db);
        assertBothFail(ImportBuilder.create().source(source)
                        .target(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password())
                        .filter("no_dot_in_this_rule"),
                new String[] {"-d", source.toString(), "--target-url", ItDb.SERVER.jdbcUrl(), "-f",
                        "no_dot_in_this_rule", "-q"},
                ErrorCode.INVALID_OPTION, "no_dot_in_this_rule");
        CliRun run = CliRun.run("-d", source.toString(), "--target-url", ItDb.SERVER.jdbcUrl(), "-f",
                "no_dot_in_this_rule");
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(ItDb.tables(db)).isEmpty();
    }

    @Test
    void unknownFlagExitsWithTwo() {
        CliRun run = CliRun.run("-d", dir.toString(), "--no-such-flag", "1");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--no-such-flag");
        assertThat(run.hasStackTrace()).isFalse();
    }
}
