package dev.lightning4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.it.DumpFile;
import dev.lightning4j.it.ItDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's dry run, its report of recorded rejects, and that no password ever shows. */
class SafetyCliTest {
    private static final String SECRET = "Very-S3cret-Pw";

    @TempDir
    Path dir;

    private String dump(String db, String... tuples) {
        DumpFile.schema(dir, db, "t", "CREATE TABLE `t` (`id` int PRIMARY KEY, `ti` tinyint);");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, tuples).writeTo(dir, db + ".t.0.sql");
        return db;
    }

    @Test
    void checkOnlyReportsAndChangesNothing() {
        String db = dump(ItDb.SERVER.createDatabase("it_cli_check"), "(1,1)");
        DumpFile.write(dir, "stray.bin", "?");
        CliRun run = CliRun.run(CliRun.toTestServer(dir.toString(), db, "--check-only"));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("WARNING [source-files]").contains("stray.bin")
                .contains("pre-checks passed: 0 error(s), 1 warning(s); nothing was changed");
        assertThat(ItDb.tables(db)).isEmpty();

        String user = "lj_cli_" + db.substring(db.length() - 6);
        ItDb.execute(null, "CREATE USER '" + user + "'@'%' IDENTIFIED BY ''",
                "GRANT SELECT, INSERT, CREATE ON `" + db + "`.* TO '" + user + "'@'%'");
        CliRun failing = CliRun.run("-d", dir.toString(), "--target-url", ItDb.SERVER.jdbcUrl(), "-u", user, "-f", db + ".*",
                "--on-duplicate", "replace", "--dry-run");
        assertThat(failing.exit()).as(failing.out() + failing.err()).isEqualTo(1);
        assertThat(failing.out()).contains("ERROR [target-privileges]").contains("DELETE ON `" + db + "`.*")
                .contains("pre-checks failed");
    }

    @Test
    void rejectedRowsAreSummarisedWithWhereTheyWereRecorded() {
        String db = dump(ItDb.SERVER.createDatabase("it_cli_rec"), "(1,1)", "(2,999)", "(3,1)");
        String info = db + "_info";
        CliRun run = CliRun.run(CliRun.toTestServer(dir.toString(), db, "--max-error", "5",
                "--task-info-schema-name", info));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("1 row rejected, see " + info + ".type_error_v1 (1) where task_id = ");

        CliRun over = CliRun.run(CliRun.toTestServer(dir.toString(), db, "--max-error", "0"));
        assertThat(over.exit()).isEqualTo(1);
        assertThat(over.err()).contains("LJ-ROW-001").doesNotContain("rows rejected, see");

        String db2 = ItDb.SERVER.createDatabase("it_cli_rec2");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, "(1,999)", "(2,999)", "(3,999)")
                .writeTo(dir, db2 + ".t.0.sql");
        DumpFile.schema(dir, db2, "t", "CREATE TABLE `t` (`id` int PRIMARY KEY, `ti` tinyint);");
        CliRun stopped = CliRun.run(CliRun.toTestServer(dir.toString(), db2, "--max-error", "1",
                "--task-info-schema-name", info, "--concurrency", "1"));
        assertThat(stopped.exit()).isEqualTo(1);
        assertThat(stopped.err()).contains("LJ-ROW-001").contains("2 rows rejected, see " + info + ".type_error_v1 (2)");
    }

    @Test
    void thePasswordNeverAppearsInOutputLogsOrErrors() {
        String db = dump(ItDb.SERVER.createDatabase("it_cli_pw"), "(1,1)");
        // A wrong password, given as a flag and inside a URL, with --debug stack traces and the log captured.
        String captured = captureStderr(() -> {
            CliRun flag = CliRun.run("-d", dir.toString(), "--target-url", ItDb.SERVER.jdbcUrl(), "-u", "root",
                    "-p", SECRET, "-f", db + ".*", "--debug");
            String url = ItDb.SERVER.jdbcUrl() + (ItDb.SERVER.jdbcUrl().contains("?") ? "&" : "?") + "password="
                    + SECRET;
            CliRun inUrl = CliRun.run("-d", dir.toString(), "--target-url", url, "-u", "root", "-f", db + ".*",
                    "--debug", "--check-only");
            CliRun withUserInfo = CliRun.run("-d", dir.toString(), "--target-url",
                    ItDb.SERVER.jdbcUrl().replace("//", "//root:" + SECRET + "@"), "-f", db + ".*", "--debug");
            assertThat(flag.exit()).isEqualTo(1);
            assertThat(flag.err()).contains("LJ-TGT-002");
            return flag.out() + flag.err() + inUrl.out() + inUrl.err() + withUserInfo.out() + withUserInfo.err();
        });
        assertThat(captured).isNotEmpty().doesNotContain(SECRET);

        String config = ImportBuilder.create().source("s3://bucket/dump?secret-access-key=" + SECRET)
                .target(ItDb.SERVER.jdbcUrl(), "root", SECRET).option("s3.secret-access-key", SECRET)
                .option("gcs.credentials-file-token", SECRET).build().toString();
        assertThat(config).doesNotContain(SECRET).contains("***");
    }

    /** Runs {@code body} with System.err (where the log goes) captured; returns the body's text and the log. */
    private static String captureStderr(Supplier<String> body) {
        PrintStream saved = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String text;
        try (PrintStream p = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            System.setErr(p);
            text = body.get();
        } finally {
            System.setErr(saved);
        }
        return text + log.toString(StandardCharsets.UTF_8);
    }
}
