package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.Checkpoints;
import dev.lightning4j.ImportResult;
import dev.lightning4j.it.ItDb;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line stopped by a signal (SIGTERM, handled like Ctrl-C) commits its last batches and their
 * positions before it exits, so the resume is exact even for a table without a key under the file driver.
 */
class CheckpointCliSignalTest {
    @TempDir
    Path dir;

    @Test
    void aSignalledCommandLineLeavesAnExactResumePoint() throws Exception {
        String ref = ItDb.SERVER.createDatabase("cks_ref");
        Path refSource = Files.createDirectories(dir.resolve(ref));
        CheckpointData.write(refSource, ref);
        ItDb.importer(refSource, ref).run();
        Map<String, List<Long>> reference = CheckpointData.fingerprint(ref);

        String db = ItDb.SERVER.createDatabase("cks_sig");
        Path source = Files.createDirectories(dir.resolve(db));
        CheckpointData.write(source, db);
        String store = dir.resolve("ckpt.txt").toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.lightning4j.cli.LightningCli", "-d", source.toString(), "--target-url", ItDb.SERVER.jdbcUrl(),
                "-u", ItDb.SERVER.user(), "-f", db + ".*", "-q", "--checkpoint=true", "--checkpoint-path=" + store,
                "--batch-rows=25", "--concurrency=2", "--checkpoint-keep-after-success=origin");
        pb.environment().put("LIGHTNING_TIDB_PASSWORD", ItDb.SERVER.password());
        File log = dir.resolve("cli.log").toFile();
        Process p = pb.redirectErrorStream(true).redirectOutput(log).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (onTarget(db) < 1500 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(p.isAlive()).as("still importing; log: %s", Files.readString(log.toPath())).isTrue();
            p.destroy(); // SIGTERM: the shutdown hook cancels and waits for the last commits
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }

        long recorded = 0;
        try (Checkpoints cp = CheckpointRuns.builder(source, db, "file", store).checkpoints()) {
            for (TableCheckpoint t : cp.tables()) {
                for (ChunkCheckpoint c : cp.chunks(t.table())) {
                    recorded += c.rows();
                }
            }
        }
        long total = reference.values().stream().mapToLong(l -> l.get(0)).sum();
        assertThat(recorded).as("stopped midway; log: %s", Files.readString(log.toPath())).isLessThan(total)
                .isEqualTo(onTarget(db));

        ImportResult resumed = CheckpointRuns.builder(source, db, "file", store).run();
        assertThat(CheckpointData.fingerprint(db)).isEqualTo(reference);
        assertThat(resumed.rows()).isEqualTo(total);
    }

    /** Rows in the tables created so far. */
    private static long onTarget(String db) {
        return ItDb.tables(db).stream().filter(CheckpointData.TABLES::contains)
                .mapToLong(t -> ItDb.count("`" + db + "`.`" + t + "`")).sum();
    }
}
