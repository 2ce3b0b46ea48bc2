package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.Checkpoints;
import dev.lightning4j.ImportResult;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
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
            long delay = random.nextInt(driver.equals("mysql") ? 500 : 900);
            boolean killed = runChildAndKill(source, db, driver, store, delay);
            long recorded = recordedRows(driver, db, source, store);

            ImportResult result = CheckpointRuns.builder(source, db, driver, store).run();
            Map<String, List<Long>> got = CheckpointData.fingerprint(db);
            LOG.info("{} run {} (seed {}): killed after {} ms: {}; {} rows recorded before the resume; resumed"
                    + " result {} rows", driver, run, seed, delay, killed, recorded, result.rows());
            resumedMidway += killed && recorded > 0 ? 1 : 0;
            String why = driver + " run " + run + ", seed " + seed + ", kill after " + delay + " ms";
            if (driver.equals("mysql")) {
                // Positions commit with their batches: exact for every table.
                assertThat(got).as(why).isEqualTo(reference);
                assertThat(result.rows()).isEqualTo(reference.values().stream().mapToLong(l -> l.get(0)).sum());
            } else {
                // Saved after commit: a batch committed just before the kill is written again. Keyed tables
                // absorb it (the replayed rows meet themselves); a keyless table may hold that one batch
                // twice, at most one batch per chunk being written, and never loses a row.
                assertThat(got.get("keyed")).as(why).isEqualTo(reference.get("keyed"));
                assertThat(got.get("csvt")).as(why).isEqualTo(reference.get("csvt"));
                String nokey = "`" + db + "`.`nokey`";
                assertThat(ItDb.longValue("SELECT COUNT(DISTINCT id) FROM " + nokey)).as(why)
                        .isEqualTo(CheckpointData.expectedRows("nokey"));
                assertThat(got.get("nokey").get(0) - CheckpointData.expectedRows("nokey")).as(why)
                        .isBetween(0L, 2L * 25);
            }
            assertThat(result.skippedRows()).isZero();
        }
        assertThat(resumedMidway).as("at least one run was killed after it recorded progress").isPositive();
    }

    /** Source rows the killed run's checkpoints say were handled. */
    private static long recordedRows(String driver, String db, Path source, String store) throws Exception {
        try (Checkpoints cp = CheckpointRuns.builder(source, db, driver, store).checkpoints()) {
            long rows = 0;
            for (TableCheckpoint t : cp.tables()) {
                for (ChunkCheckpoint c : cp.chunks(t.table())) {
                    rows += c.rows();
                }
            }
            return rows;
        }
    }

    /** Starts the child, kills it {@code delayMillis} after its first chunk is written; false if it finished first. */
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
