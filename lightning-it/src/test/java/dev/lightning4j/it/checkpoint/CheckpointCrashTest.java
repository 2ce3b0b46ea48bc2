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
        reference = CheckpointData.reference(refDir, "ck_ref", b -> b);
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
            boolean killed = CheckpointRuns.runChildAndKill(source, db, driver, store, null, delay);
            long recorded = CheckpointRuns.recordedRows(driver, db, source, store);

            ImportResult result = CheckpointRuns.builder(source, db, driver, store).run();
            Map<String, List<Long>> got = CheckpointData.fingerprint(db);
            LOG.info("{} run {} (seed {}): killed after {} ms: {}; {} rows recorded before the resume; resumed"
                    + " result {} rows", driver, run, seed, delay, killed, recorded, result.rows());
            resumedMidway += killed && recorded > 0 ? 1 : 0;
            String why = driver + " run " + run + ", seed " + seed + ", kill after " + delay + " ms";
            CheckpointRuns.assertResumed(driver, db, reference, got, result, why);
        }
        assertThat(resumedMidway).as("at least one run was killed after it recorded progress").isPositive();
    }
}
