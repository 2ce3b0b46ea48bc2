package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.Checkpoints;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TableName;
import dev.lightning4j.it.DumpFile;
import dev.lightning4j.it.ItDb;
import dev.lightning4j.spi.TableCheckpoint;
import dev.lightning4j.spi.TableCheckpoint.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What tidb-lightning-ctl does, through the API: a failed table blocks a resume until it is cleared. */
class CheckpointCtlTest {
    @TempDir
    Path dir;

    private static ImportBuilder builder(Path source, String db) {
        return ItDb.importer(source, db).concurrency(1).tableConcurrency(1).batchRows(25).checkpoint(true)
                .checkpointDriver("mysql").checkpointSchema("ckp_" + db);
    }

    private static String failFirstRun(Path source, String db) {
        assertThatThrownBy(() -> builder(source, db).run()).isInstanceOfSatisfying(ImportException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ERRORS));
        return db;
    }

    @Test
    void aFailedTableBlocksTheResumeUntilItsErrorIsIgnored() {
        String db = ItDb.SERVER.createDatabase("ckc_ignore");
        CheckpointCtlSource.write(dir, db);
        failFirstRun(dir, db);
        TableName bad = new TableName(db, "bad");
        try (Checkpoints cp = builder(dir, db).checkpoints()) {
            TableCheckpoint t = cp.tables().stream().filter(x -> x.table().equals(bad)).findFirst().orElseThrow();
            assertThat(t.status()).isEqualTo(Status.FAILED);
            assertThat(t.error()).contains("LJ-ROW-001");
            assertThat(cp.dump()).contains("table " + bad + " failed error: LJ-ROW-001");
        }
        assertThatThrownBy(() -> builder(dir, db).maxErrors(1).run()).isInstanceOfSatisfying(ImportException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CHECKPOINT);
                    assertThat(e.getMessage()).contains(bad.toString()).contains("--checkpoint-error-ignore")
                            .contains("--checkpoint-error-destroy");
                });
        try (Checkpoints cp = builder(dir, db).checkpoints()) {
            assertThatThrownBy(() -> cp.ignoreErrors(db + ".nosuch")).isInstanceOfSatisfying(ImportException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION));
            assertThat(cp.ignoreErrors("`" + db + "`.`bad`")).containsExactly(bad);
        }
        // Retried from its checkpoint: rows before the bad one are not written again (the key would refuse them).
        ImportResult r = builder(dir, db).maxErrors(1).run();
        assertThat(ItDb.count("`" + db + "`.bad")).isEqualTo(CheckpointCtlSource.ROWS - 1);
        assertThat(ItDb.count("`" + db + "`.good")).isEqualTo(CheckpointCtlSource.ROWS);
        assertThat(r.skippedRows()).isEqualTo(1);
    }

    @Test
    void destroyDropsTheFailedTableAndRemoveClearsEverything() {
        String db = ItDb.SERVER.createDatabase("ckc_destroy");
        CheckpointCtlSource.write(dir, db);
        failFirstRun(dir, db);
        try (Checkpoints cp = builder(dir, db).checkpoints()) {
            assertThat(cp.destroyErrors("all")).containsExactly(new TableName(db, "bad"));
            assertThat(cp.tables()).extracting(t -> t.table().table()).doesNotContain("bad");
        }
        assertThat(ItDb.tables(db)).doesNotContain("bad");
        builder(dir, db).maxErrors(1).keepAfterSuccess(dev.lightning4j.KeepAfterSuccess.ORIGIN).run();
        assertThat(ItDb.count("`" + db + "`.bad")).isEqualTo(CheckpointCtlSource.ROWS - 1);
        try (Checkpoints cp = builder(dir, db).checkpoints()) {
            assertThat(cp.tables()).extracting(TableCheckpoint::status).containsOnly(Status.FINISHED);
            assertThat(cp.remove("all")).hasSize(2);
            assertThat(cp.task()).isNull();
        }
        assertThat(ItDb.longValue("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'ckp_" + db
                + "'")).as("remove all drops the checkpoint schema").isZero();
    }
}
