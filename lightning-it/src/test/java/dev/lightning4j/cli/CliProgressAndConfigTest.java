package dev.lightning4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lightning4j.it.DumpFile;
import dev.lightning4j.it.ItDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live bar under a pseudo-terminal, log lines elsewhere, and {@code --config} with flags overriding it. */
class CliProgressAndConfigTest {
    @TempDir
    Path dir;

    /** {@code files} data files of {@code rows} rows each, so that progress advances in visible steps. */
    private static void dump(Path dir, String db, int files, int rows) {
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "events", "CREATE TABLE `events` (`id` int NOT NULL PRIMARY KEY, `payload` "
                + "varchar(200)) ENGINE=InnoDB;");
        String pad = "x".repeat(150);
        for (int f = 0; f < files; f++) {
            String[] tuples = new String[rows];
            for (int r = 0; r < rows; r++) {
                tuples[r] = "(" + (f * rows + r + 1) + ",'" + pad + "')";
            }
            new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("events", null, tuples)
                    .writeTo(dir, db + ".events." + String.format("%09d", f) + ".sql");
        }
    }

    @Test
    void aTerminalGetsALiveBarAndTheSummary() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path launcher = root.resolve("bin/lightning");
        Path jar = root.resolve("lightning-cli/target/lightning-cli-all.jar");
        assumeTrue(Files.isRegularFile(jar), "the shaded CLI jar is not built");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
        String db = ItDb.SERVER.createDatabase("it_cli_bar");
        dump(dir, db, 24, 2000);
        // One worker so that the chunks finish one after another and the bar has steps to show.
        String cmd = String.join(" ", "bash", quote(launcher.toString()), "-d", quote(dir.toString()),
                "--target-url", quote(ItDb.SERVER.jdbcUrl()), "-u", quote(ItDb.SERVER.user()), "-f",
                quote(db + ".*"), "--concurrency", "1", "--batch-rows", "200");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec", cmd, "/dev/null");
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        pb.environment().put("PATH", javaBin + java.io.File.pathSeparator + System.getenv("PATH"));
        pb.environment().put("LIGHTNING_TIDB_PASSWORD", ItDb.SERVER.password());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(screen).isZero();

        // The bar is redrawn in place: carriage returns, a growing percentage, and a final 100%.
        Set<String> percentages = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\r\\[[#-]{24}\\]\\s+(\\d+\\.\\d)%").matcher(screen);
        while (m.find()) {
            percentages.add(m.group(1));
        }
        assertThat(percentages).as(screen).hasSizeGreaterThanOrEqualTo(3).contains("100.0");
        assertThat(screen).contains("ETA ").contains("/s").contains("table " + db + ".events done: 48000 rows");
        assertThat(screen).containsPattern("(?m)^" + Pattern.quote(db) + "\\.events\\s+48000\\s+0\\s+\\d+")
                .contains("import succeeded: 48000 rows");
        assertThat(ItDb.count("`" + db + "`.events")).isEqualTo(48000);
    }

    @Test
    void withoutATerminalProgressIsLogLines() {
        String db = ItDb.SERVER.createDatabase("it_cli_log");
        dump(dir, db, 6, 500);
        CliRun run = CliRun.run("-d", dir.toString(), "--target-url", ItDb.SERVER.jdbcUrl(), "-u", ItDb.SERVER.user(),
                "-f", db + ".*", "--concurrency", "1", "--progress-interval", "0");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("\r").contains("importing 1 tables, 6 chunks")
                .containsPattern("(?m)^progress: +\\d+\\.\\d% .* tables 0/1  chunks \\d/6")
                .contains("table " + db + ".events done: 3000 rows");
        assertThat(run.out()).contains("import succeeded: 3000 rows");
    }

    @Test
    void aConfigFileDrivesTheImportAndFlagsOverrideIt() throws Exception {
        String db = ItDb.SERVER.createDatabase("it_cli_config");
        dump(dir, db, 2, 10);
        // A second copy of file 0 under another sort key: every key of it conflicts.
        Files.copy(dir.resolve(db + ".events.000000000.sql"), dir.resolve(db + ".events.000000009.sql"));
        Path toml = dir.getParent().resolve(db + ".toml");
        Files.writeString(toml, """
                [lightning]
                max-error = 0
                io-concurrency = 5
                [tikv-importer]
                backend = "tidb"
                [conflict]
                strategy = "error"
                [mydumper]
                data-source-dir = "%s"
                filter = ["%s.*"]
                [tidb]
                host = "%s"
                port = %d
                user = "%s"
                """.formatted(dir, db, ItDb.SERVER.host(), ItDb.SERVER.port(), ItDb.SERVER.user()));

        CliRun strict = CliRun.run("--config", toml.toString(), "-q");
        assertThat(strict.exit()).as(strict.err()).isEqualTo(1);
        assertThat(strict.err()).contains("accepted, not yet applied: lightning.io-concurrency");

        CliRun replaced = CliRun.run("--config", toml.toString(), "-q", "--on-duplicate", "replace");
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(replaced.out()).contains("import succeeded: 30 rows");
        assertThat(ItDb.count("`" + db + "`.events")).isEqualTo(20);

        Files.writeString(toml, "[lightning]\nmax-errors = 3\n");
        CliRun typo = CliRun.run("--config", toml.toString());
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown option 'lightning.max-errors'")
                .contains("did you mean 'lightning.max-error'").doesNotContain("\tat ");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

}
