package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.Checkpoints;
import dev.lightning4j.ImportResult;
import dev.lightning4j.it.ItDb;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
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
 * With checkpoints and LOAD DATA on: imports killed with SIGKILL at random points in a child JVM resume to
 * exactly a clean import (count and CHECKSUM TABLE), and the rows really went through LOAD statements (the
 * server's {@code Com_load} counter; the test server is private to this JVM and its children).
 */
class CheckpointLoadDataCrashTest {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointLoadDataCrashTest.class);
    private static final int RUNS_PER_DRIVER = 3;
    private static Map<String, List<Long>> reference;

    @TempDir
    static Path refDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void referenceLoad() {
        String db = ItDb.SERVER.createDatabase("ckl_ref");
        CheckpointData.write(refDir, db);
        ItDb.importer(refDir, db).loadData("off").run();
        reference = CheckpointData.fingerprint(db);
        for (String t : CheckpointData.TABLES) {
            assertThat(reference.get(t).get(0)).as(t).isEqualTo(CheckpointData.expectedRows(t));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "file"})
    void aWholeCheckpointedImportWritesThroughLoadData(String driver) throws Exception {
        String db = ItDb.SERVER.createDatabase("ckl_whole_" + driver);
        Path source = Files.createDirectories(dir.resolve(db));
        CheckpointData.write(source, db);
        String store = driver.equals("mysql") ? "ckp_" + db : dir.resolve(db + ".ckpt").toString();
        long loadsBefore = comLoad();
        ImportResult result = CheckpointRuns.builder(source, db, driver, store).loadData("on").run();
        long loads = comLoad() - loadsBefore;
        // every table's rows are plain values LOAD stores as they are: each 25-row stream is one LOAD
        long streams = reference.values().stream().mapToLong(l -> l.get(0)).sum() / 25;
        assertThat(loads).as("LOAD statements with %s checkpoints", driver).isGreaterThanOrEqualTo(streams);
        assertThat(CheckpointData.fingerprint(db)).isEqualTo(reference);
        assertThat(result.skippedRows()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "file"})
    void killedLoadDataImportsResumeToExactlyTheReference(String driver) throws Exception {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        int resumedMidway = 0;
        for (int run = 0; run < RUNS_PER_DRIVER; run++) {
            String db = ItDb.SERVER.createDatabase("ckl_crash_" + driver);
            Path source = Files.createDirectories(dir.resolve(db));
            CheckpointData.write(source, db);
            String store = driver.equals("mysql") ? "ckp_" + db : dir.resolve(db + ".ckpt").toString();
            long delay = random.nextInt(driver.equals("mysql") ? 500 : 900);
            long loadsBefore = comLoad();
            boolean killed = runChildAndKill(source, db, driver, store, delay);
            long childLoads = comLoad() - loadsBefore;
            long recorded = recordedRows(driver, db, source, store);

            ImportResult result = CheckpointRuns.builder(source, db, driver, store).loadData("on").run();
            Map<String, List<Long>> got = CheckpointData.fingerprint(db);
            LOG.info("{} run {} (seed {}): killed after {} ms: {}; {} LOAD statements before the kill, {} rows"
                    + " recorded; resumed result {} rows", driver, run, seed, delay, killed, childLoads, recorded,
                    result.rows());
            resumedMidway += killed && recorded > 0 ? 1 : 0;
            String why = driver + " run " + run + ", seed " + seed + ", kill after " + delay + " ms";
            assertThat(childLoads).as("the killed run wrote through LOAD (%s)", why).isPositive();
            if (driver.equals("mysql")) {
                // Positions commit with their LOAD streams: exact for every table.
                assertThat(got).as(why).isEqualTo(reference);
                assertThat(result.rows()).isEqualTo(reference.values().stream().mapToLong(l -> l.get(0)).sum());
            } else {
                // Saved after commit: a stream committed just before the kill is written again. Keyed tables
                // absorb it; a keyless table may hold that one stream twice per chunk being written, and
                // never loses a row.
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

    private static long comLoad() {
        return Long.parseLong(ItDb.rows("SHOW GLOBAL STATUS LIKE 'Com_load'").get(0).get(1));
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

    /** Starts the child with LOAD on, kills it {@code delayMillis} after its first chunk; false if it finished first. */
    private static boolean runChildAndKill(Path source, String db, String driver, String store, long delayMillis)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CheckpointChild.class.getName(), ItDb.SERVER.jdbcUrl(),
                ItDb.SERVER.user(), ItDb.SERVER.password(), source.toString(), db, driver, store, "on"));
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
