package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.Checkpoints;
import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportJob;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.TableName;
import dev.lightning4j.core.checkpoint.FileCheckpointStoreProvider;
import dev.lightning4j.it.DumpFile;
import dev.lightning4j.it.ItDb;
import dev.lightning4j.spi.CheckpointContext;
import dev.lightning4j.spi.CheckpointStore;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cancel and resume, changed settings, finished tables, and resuming inside statements, in this JVM. */
class CheckpointResumeTest {
    private static Map<String, List<Long>> reference;

    @TempDir
    static Path refDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void referenceLoad() {
        reference = CheckpointData.reference(refDir, "ckr_ref", b -> b);
    }

    private String store(String driver, String db) {
        return driver.equals("mysql") ? "ckp_" + db : dir.resolve(db + ".ckpt").toString();
    }

    /** Starts an import and cancels it once its first chunk is written; returns after it stopped. */
    private static void cancelAfterFirstChunk(dev.lightning4j.ImportBuilder b) throws InterruptedException {
        CountDownLatch firstChunk = new CountDownLatch(1);
        ImportJob job = b.listener(new ImportListener() {
            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                firstChunk.countDown();
            }
        }).start();
        try (job) {
            assertThat(firstChunk.await(60, TimeUnit.SECONDS)).isTrue();
            job.cancel();
            assertThatThrownBy(job::await).isInstanceOfSatisfying(ImportException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "file"})
    void cancelledImportResumesExactly(String driver) throws Exception {
        String db = ItDb.SERVER.createDatabase("ckr_cancel_" + driver);
        Path source = Files.createDirectories(dir.resolve(db));
        CheckpointData.write(source, db);
        String store = store(driver, db);
        cancelAfterFirstChunk(CheckpointRuns.builder(source, db, driver, store));

        long total = reference.values().stream().mapToLong(l -> l.get(0)).sum();
        long recorded = 0;
        try (Checkpoints cp = CheckpointRuns.builder(source, db, driver, store).checkpoints()) {
            for (TableCheckpoint t : cp.tables()) {
                assertThat(t.status()).isNotEqualTo(TableCheckpoint.Status.FAILED);
                for (ChunkCheckpoint c : cp.chunks(t.table())) {
                    recorded += c.rows();
                }
            }
            assertThat(cp.dump()).contains("table " + db + ".keyed");
        }
        // A cancel commits the batch in hand with its position: the target holds exactly the recorded rows.
        long onTarget = CheckpointData.TABLES.stream().mapToLong(t -> ItDb.count("`" + db + "`.`" + t + "`")).sum();
        assertThat(recorded).isPositive().isLessThan(total).isEqualTo(onTarget);

        ImportResult resumed = CheckpointRuns.builder(source, db, driver, store)
                .keepAfterSuccess(KeepAfterSuccess.REMOVE).run();
        assertThat(CheckpointData.fingerprint(db)).isEqualTo(reference);
        assertThat(resumed.rows()).isEqualTo(total);
        // keep-after-success=remove: a later import starts afresh
        try (Checkpoints cp = CheckpointRuns.builder(source, db, driver, store).checkpoints()) {
            assertThat(cp.task()).isNull();
            assertThat(cp.tables()).isEmpty();
        }
    }

    @Test
    void aResumeWithOtherSettingsIsRefusedNamingThem() throws Exception {
        String db = ItDb.SERVER.createDatabase("ckr_changed");
        Path source = Files.createDirectories(dir.resolve(db));
        CheckpointData.write(source, db);
        String store = store("file", db);
        cancelAfterFirstChunk(CheckpointRuns.builder(source, db, "file", store));
        long before = ItDb.count("`" + db + "`.`keyed`");

        assertThatThrownBy(() -> CheckpointRuns.builder(source, db, "file", store)
                .onDuplicate(ConflictStrategy.REPLACE).batchRows(30).run())
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CHECKPOINT);
                    assertThat(e.getMessage()).contains("on-duplicate (was 'error', now 'replace')")
                            .contains("batch-rows (was '25', now '30')").contains("--checkpoint-remove")
                            .doesNotContain("data-source-dir");
                });
        assertThat(ItDb.count("`" + db + "`.`keyed`")).as("nothing written").isEqualTo(before);
        // The same settings still resume.
        CheckpointRuns.builder(source, db, "file", store).run();
        assertThat(CheckpointData.fingerprint(db)).isEqualTo(reference);
    }

    @Test
    void finishedTablesAreSkippedAndRenameKeepsTheFile() {
        String db = ItDb.SERVER.createDatabase("ckr_finished");
        Path source = dir.resolve(db);
        CheckpointData.write(createDirs(source), db);
        String store = store("file", db);
        ImportResult first = CheckpointRuns.builder(source, db, "file", store).run();
        ImportResult second = CheckpointRuns.builder(source, db, "file", store)
                .keepAfterSuccess(KeepAfterSuccess.RENAME).run();
        // The keyless table would double if anything ran again.
        assertThat(CheckpointData.fingerprint(db)).isEqualTo(reference);
        assertThat(second.rows()).isEqualTo(first.rows());
        assertThat(Path.of(store)).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith(db + ".ckpt.") && n.endsWith(".bak"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A chunk saved inside a statement with a column list, inside a CSV file with a header, and inside a gzip
     * file: each resumes with exactly the rows after the saved position, in the right columns.
     */
    @Test
    void resumesInsideAStatementACsvFileAndACompressedFile() {
        String db = ItDb.SERVER.createDatabase("ckr_inside");
        Path source = dir.resolve(db);
        CheckpointData.write(createDirs(source), db);
        String store = store("file", db);
        CheckpointRuns.builder(source, db, "file", store).run();

        // Rewind three chunks to a point inside them, and delete the rows after that point on the target, as
        // if the import had stopped there.
        int k = CheckpointData.ROWS_PER_STATEMENT + 7; // the 8th row of the second statement
        DumpFile sql = CheckpointData.sqlFile(db, "keyed", 3, 30_000);
        long sqlOffset = sql.rowOffset(k + 1) - 2; // just after the k-th row's ')': before ",\n"
        String gzFile = db + ".nokey." + String.format("%09d", CheckpointData.NOKEY_FILES - 1) + ".sql.gz";
        DumpFile gz = CheckpointData.sqlFile(db, "nokey", CheckpointData.NOKEY_FILES - 1,
                (CheckpointData.NOKEY_FILES - 1) * 10_000);
        long csvOffset = ("b,a,id\n").length();
        int csvRows = 100;
        for (int r = 0; r < csvRows; r++) {
            int id = 20_000 + r;
            csvOffset += (id % 31 + ",\"csv " + id + ", quoted\"," + id + "\n").length();
        }
        try (CheckpointStore s = new FileCheckpointStoreProvider().open(new CheckpointContext(store, null, null))) {
            rewind(s, new TableName(db, "keyed"), db + ".keyed.000000003.sql", sqlOffset, k + 1,
                    List.of("b", "id", "a"));
            rewind(s, new TableName(db, "nokey"), gzFile, gz.rowOffset(k + 1) - 2, k + 1, List.of("b", "id", "a"));
            rewind(s, new TableName(db, "csvt"), db + ".csvt.000000002.csv", csvOffset, csvRows,
                    List.of("b", "a", "id"));
        }
        ItDb.execute(db, "DELETE FROM keyed WHERE id > " + (30_000 + k),  "DELETE FROM keyed WHERE id >= 40000",
                "DELETE FROM nokey WHERE id > " + (40_000 + k), "DELETE FROM csvt WHERE id >= " + (20_000 + csvRows)
                + " AND id < 30000");
        // keyed files 4.. and their checkpoints are untouched: they stay finished and must not be re-read
        ItDb.execute(db, "DELETE FROM keyed WHERE id >= 40000");
        assertThat(ItDb.count("`" + db + "`.`keyed`")).isLessThan(CheckpointData.expectedRows("keyed"));

        ImportResult r = CheckpointRuns.builder(source, db, "file", store).run();
        Map<String, List<Long>> got = CheckpointData.fingerprint(db);
        assertThat(got.get("nokey")).isEqualTo(reference.get("nokey"));
        assertThat(got.get("csvt")).isEqualTo(reference.get("csvt"));
        // files 4.. of keyed were finished and skipped: their rows stay deleted, proving they were not re-read
        assertThat(got.get("keyed").get(0)).isEqualTo(4L * CheckpointData.STATEMENTS_PER_FILE
                * CheckpointData.ROWS_PER_STATEMENT);
        assertThat(ItDb.longValue("SELECT COUNT(*) FROM `" + db + "`.keyed WHERE a <> CONCAT('keyed row ', id)"
                + " OR b <> id % 97")).isZero();
        assertThat(r.skippedRows()).isZero();
    }

    /**
     * The file driver saves after commit: a batch committed just before a crash is written again on resume.
     * On a keyed table its rows meet themselves and count as written, not as conflicts.
     */
    @Test
    void aReplayedBatchOnAKeyedTableIsNotAnError() {
        String db = ItDb.SERVER.createDatabase("ckr_replay");
        Path source = dir.resolve(db);
        CheckpointData.write(createDirs(source), db);
        String store = store("file", db);
        CheckpointRuns.builder(source, db, "file", store).run();
        DumpFile sql = CheckpointData.sqlFile(db, "keyed", 1, 10_000);
        int k = 50; // a batch boundary: batches hold 25 rows
        try (CheckpointStore s = new FileCheckpointStoreProvider().open(new CheckpointContext(store, null, null))) {
            rewind(s, new TableName(db, "keyed"), db + ".keyed.000000001.sql", sql.rowOffset(k) - 2, k,
                    List.of("b", "id", "a"));
        }
        // Rows k.. of the file stay on the target except the batch after the next: that one was never written.
        ItDb.execute(db, "DELETE FROM keyed WHERE id >= " + (10_000 + k + 25) + " AND id < 20000");
        ImportResult r = CheckpointRuns.builder(source, db, "file", store).run();
        assertThat(CheckpointData.fingerprint(db)).isEqualTo(reference);
        assertThat(r.skippedRows()).isZero();
        assertThat(r.rowErrors()).isEmpty();
    }

    private static void rewind(CheckpointStore s, TableName table, String file, long offset, long rows,
            List<String> columns) {
        ChunkCheckpoint saved = s.chunks(table).stream().filter(c -> c.file().equals(file)).findFirst().orElseThrow();
        assertThat(saved.finished()).isTrue();
        s.saveChunk(new ChunkCheckpoint(table, file, saved.start(), saved.end(), saved.fileSize(), offset, rows, 0,
                columns, false));
        s.saveTable(new TableCheckpoint(table, TableCheckpoint.Status.WRITING, null));
    }

    private static Path createDirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
