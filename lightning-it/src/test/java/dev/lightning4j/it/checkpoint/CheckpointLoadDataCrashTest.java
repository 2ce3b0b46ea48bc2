package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportResult;
import dev.lightning4j.it.ItDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        reference = CheckpointData.reference(refDir, "ckl_ref", b -> b.loadData("off"));
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
            // LOAD streams finish the whole import in well under a second on an idle machine: kill early
            // enough that a run is cut midway, late enough that it has recorded progress.
            long delay = 50 + random.nextInt(300);
            long loadsBefore = comLoad();
            boolean killed = CheckpointRuns.runChildAndKill(source, db, driver, store, "on", delay);
            long childLoads = comLoad() - loadsBefore;
            long recorded = CheckpointRuns.recordedRows(driver, db, source, store);

            ImportResult result = CheckpointRuns.builder(source, db, driver, store).loadData("on").run();
            Map<String, List<Long>> got = CheckpointData.fingerprint(db);
            LOG.info("{} run {} (seed {}): killed after {} ms: {}; {} LOAD statements before the kill, {} rows"
                    + " recorded; resumed result {} rows", driver, run, seed, delay, killed, childLoads, recorded,
                    result.rows());
            resumedMidway += killed && recorded > 0 ? 1 : 0;
            String why = driver + " run " + run + ", seed " + seed + ", kill after " + delay + " ms";
            assertThat(childLoads).as("the killed run wrote through LOAD (%s)", why).isPositive();
            CheckpointRuns.assertResumed(driver, db, reference, got, result, why);
        }
        assertThat(resumedMidway).as("at least one run was killed after it recorded progress").isPositive();
    }

    private static long comLoad() {
        return Long.parseLong(ItDb.rows("SHOW GLOBAL STATUS LIKE 'Com_load'").get(0).get(1));
    }
}
