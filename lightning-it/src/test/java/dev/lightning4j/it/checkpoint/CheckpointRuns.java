package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.Checkpoints;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportResult;
import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.it.ItDb;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The one configuration every run of a checkpoint test uses, in this JVM or a child. */
final class CheckpointRuns {
    private CheckpointRuns() {
    }

    static ImportBuilder builder(String url, String user, String password, Path source, String db, String driver,
            String pathOrSchema) {
        ImportBuilder b = ImportBuilder.create().source(source).target(url, user, password).filter(db + ".*")
                .concurrency(2).batchRows(25).checkpoint(true).checkpointDriver(driver)
                // A kill can land after the import succeeded: with "remove" the checkpoints would be gone and
                // a rerun would import everything again; "origin" keeps them, so the rerun finds all finished.
                .keepAfterSuccess(KeepAfterSuccess.ORIGIN);
        return driver.equals("mysql") ? b.checkpointSchema(pathOrSchema) : b.checkpointPath(pathOrSchema);
    }

    static ImportBuilder builder(Path source, String db, String driver, String pathOrSchema) {
        return builder(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password(), source, db, driver,
                pathOrSchema);
    }

    /** Source rows the killed run's checkpoints say were handled. */
    static long recordedRows(String driver, String db, Path source, String store) throws Exception {
        try (Checkpoints cp = builder(source, db, driver, store).checkpoints()) {
            long rows = 0;
            for (TableCheckpoint t : cp.tables()) {
                for (ChunkCheckpoint c : cp.chunks(t.table())) {
                    rows += c.rows();
                }
            }
            return rows;
        }
    }

    /**
     * Starts {@link CheckpointChild} and kills it {@code delayMillis} after its first chunk; false if it finished
     * first. {@code loadData} (auto, on, off) or null for the default.
     */
    static boolean runChildAndKill(Path source, String db, String driver, String store, String loadData,
            long delayMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CheckpointChild.class.getName(), ItDb.SERVER.jdbcUrl(),
                ItDb.SERVER.user(), ItDb.SERVER.password(), source.toString(), db, driver, store));
        if (loadData != null) {
            cmd.add(loadData);
        }
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

    /**
     * What a resumed run must hold. mysql: positions commit with their rows, so every table is exact. file:
     * positions are saved after commit, so what committed just before the kill is written again; keyed tables
     * absorb it, a keyless one may hold it twice (at most one batch or stream of 25 rows per chunk being
     * written) and never loses a row.
     */
    static void assertResumed(String driver, String db, Map<String, List<Long>> reference,
            Map<String, List<Long>> got, ImportResult result, String why) {
        if (driver.equals("mysql")) {
            assertThat(got).as(why).isEqualTo(reference);
            assertThat(result.rows()).isEqualTo(reference.values().stream().mapToLong(l -> l.get(0)).sum());
        } else {
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
}
