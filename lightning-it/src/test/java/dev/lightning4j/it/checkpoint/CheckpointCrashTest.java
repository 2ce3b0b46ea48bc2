package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportResult;
import dev.lightning4j.it.ItDb;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills an import with SIGKILL at random points in a child JVM, then resumes it here: the tables must
 * equal a reference import exactly (count and CHECKSUM TABLE), with no row lost or written twice.
 */
class CheckpointCrashTest {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCrashTest.class);
    private static final int RUNS_PER_DRIVER = 3;
    private static Map<String, List<Long>> reference;

    @TempDir
    static Path refDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void referenceLoad() {
        String db = ItDb.SERVER.createDatabase("ck_ref");
        CheckpointData.write(refDir, db);
        ItDb.importer(refDir, db).run();
        reference = CheckpointData.fingerprint(db);
        for (String t : CheckpointData.TABLES) {
            assertThat(reference.get(t).get(0)).as(t).isEqualTo(CheckpointData.expectedRows(t));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "file"})
    void killedImportsResumeToExactlyTheReference(String driver) throws Exception {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        int resumedMidway = 0;
        for (int run = 0; run < RUNS_PER_DRIVER; run++) {
            String db = ItDb.SERVER.createDatabase("ck_crash_" + driver);
            Path source = Files.createDirectories(dir.resolve(db));
            CheckpointData.write(source, db);
            String store = driver.equals("mysql") ? "ckp_" + db : dir.resolve(db + ".ckpt").toString();
            long delay = 100 + random.nextInt(1500);
            boolean killed = runChildAndKill(source, db, driver, store, delay);

            ImportResult result = CheckpointRuns.builder(source, db, driver, store).run();
            Map<String, List<Long>> got = CheckpointData.fingerprint(db);
            LOG.info("{} run {} (seed {}): killed after {} ms: {}; resumed result {} rows", driver, run, seed, delay,
                    killed, result.rows());
            resumedMidway += killed ? 1 : 0;
            assertThat(got).as("%s run %d, seed %d, kill after %d ms", driver, run, seed, delay)
                    .isEqualTo(reference);
            assertThat(result.rows()).isEqualTo(reference.values().stream().mapToLong(l -> l.get(0)).sum());
            assertThat(result.skippedRows()).isZero();
        }
        assertThat(resumedMidway).as("at least one run was killed before it finished").isPositive();
    }

    /** Starts the child, kills it {@code delayMillis} after its rows start to flow; false if it finished first. */
    private static boolean runChildAndKill(Path source, String db, String driver, String store, long delayMillis)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CheckpointChild.class.getName(), ItDb.SERVER.jdbcUrl(),
                ItDb.SERVER.user(), ItDb.SERVER.password(), source.toString(), db, driver, store));
        File log = source.resolveSibling(db + ".child.log").toFile();
        Process p = new ProcessBuilder(cmd).redirectError(log).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("STARTED")) {
                // wait for the import to begin
            }
            assertThat(line).as("child started; its log: %s", log).isEqualTo("STARTED");
            if (p.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
                return false;
            }
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return true;
        } finally {
            p.destroyForcibly();
        }
    }
}
