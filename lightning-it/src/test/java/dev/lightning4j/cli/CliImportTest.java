package dev.lightning4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lightning4j.it.DumpFile;
import dev.lightning4j.it.ItDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line imports an export, re-runs idempotently with replace, and the launcher script works. */
class CliImportTest {
    @TempDir
    Path dir;

    private static void dump(Path dir, String db) {
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "items", "CREATE TABLE `items` (`id` bigint unsigned NOT NULL, `name` varchar(30), "
                + "`price` decimal(10,2), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;");
        new DumpFile().text(DumpFile.DUMPLING_HEADER)
                .insert("items", null, "(1,'tea',2.50)", "(2,'café ☕',3.10)", "(18446744073709551615,NULL,-0.01)")
                .writeTo(dir, db + ".items.000000000.sql");
        new DumpFile().text(DumpFile.DUMPLING_HEADER)
                .insert("items", "`name`,`id`", "('it''s',3)", "('a\\\\b',4)")
                .writeTo(dir, db + ".items.000000001.sql");
    }

    @Test
    void importsAndReRunsIdempotentlyWithReplace() {
        String db = ItDb.SERVER.createDatabase("it_cli_import");
        dump(dir, db);
        String table = "`" + db + "`.items";

        CliRun first = CliRun.run(CliRun.toTestServer(dir.toString(), db, "--on-duplicate", "replace"));
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("import succeeded: 5 rows").contains(db + ".items");
        long checksum = ItDb.checksum(table);
        assertThat(ItDb.count(table)).isEqualTo(5);

        CliRun again = CliRun.run(CliRun.toTestServer(dir.toString(), db, "--on-duplicate", "replace"));
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(ItDb.count(table)).isEqualTo(5);
        assertThat(ItDb.checksum(table)).isEqualTo(checksum);
        assertThat(ItDb.rows("SELECT name FROM " + table + " WHERE id IN (2, 3, 4) ORDER BY id"))
                .containsExactly(List.of("café ☕"), List.of("it's"), List.of("a\\b"));
    }

    @Test
    void reRunWithoutReplaceRejectsEveryRowAsAConflict() {
        String db = ItDb.SERVER.createDatabase("it_cli_rerun_error");
        dump(dir, db);
        assertThat(CliRun.run(CliRun.toTestServer(dir.toString(), db)).exit()).isZero();
        CliRun again = CliRun.run(CliRun.toTestServer(dir.toString(), db));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("LJ-ROW-001");
        assertThat(ItDb.count("`" + db + "`.items")).isEqualTo(5);
    }

    /** The shaded jar exists when the cli module was packaged first, as under {@code mvn verify}. */
    @Test
    void launcherScriptRunsTheShadedJar() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path launcher = root.resolve("bin/lightning");
        Path jar = root.resolve("lightning-cli/target/lightning-cli-all.jar");
        assumeTrue(Files.isRegularFile(jar) && Files.isRegularFile(launcher), "the shaded CLI jar is not built");
        String db = ItDb.SERVER.createDatabase("it_cli_launcher");
        dump(dir, db);

        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(CliRun.toTestServer(dir.toString(), db)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        pb.environment().put("PATH", javaBin + java.io.File.pathSeparator + System.getenv("PATH"));
        pb.environment().put("LIGHTNING_TIDB_PASSWORD", ItDb.SERVER.password());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out + err).isZero();
        assertThat(out).contains("import succeeded: 5 rows");
        assertThat(ItDb.count("`" + db + "`.items")).isEqualTo(5);

        ProcessBuilder badPb = new ProcessBuilder("bash", launcher.toString(), "--no-such-flag");
        badPb.environment().put("PATH", javaBin + java.io.File.pathSeparator + System.getenv("PATH"));
        Process bad = badPb.start();
        bad.getOutputStream().close();
        String badErr = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(badErr).contains("--no-such-flag").doesNotContain("\tat ");
    }
}
