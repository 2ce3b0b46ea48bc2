package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportJob;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TableName;
import dev.lightning4j.TableResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filters, parallel chunks, listener callbacks, cancellation and views on a real server. */
class ImportBehaviourTest {
    @TempDir
    Path dir;

    /** Writes {@code files} data files of {@code rowsPerFile} rows each; ids are unique across files. */
    private static void writeTable(Path dir, String db, String table, int files, int rowsPerFile) {
        for (int f = 0; f < files; f++) {
            DumpFile file = new DumpFile().text(DumpFile.DUMPLING_HEADER);
            String[] tuples = new String[rowsPerFile];
            for (int r = 0; r < rowsPerFile; r++) {
                int id = f * rowsPerFile + r + 1;
                tuples[r] = "(" + id + ",'row " + id + " of file " + f + "'," + (id % 97) + ")";
            }
            file.insert(table, null, tuples);
            file.writeTo(dir, db + "." + table + "." + String.format("%09d", f) + ".sql");
        }
    }

    private static void schema(Path dir, String db, String table, boolean primaryKey) {
        DumpFile.schema(dir, db, table, "CREATE TABLE `" + table + "` (`id` int NOT NULL, `v` varchar(40), "
                + "`n` int" + (primaryKey ? ", PRIMARY KEY (`id`)" : "") + ") ENGINE=InnoDB;");
    }

    @Test
    void filtersSelectTheMatchingTables() {
        String db = ItDb.SERVER.createDatabase("it_filters");
        for (String t : List.of("t1", "t2", "t3", "other")) {
            schema(dir, db, t, true);
            writeTable(dir, db, t, 1, 3);
        }
        ImportResult r = dev.lightning4j.ImportBuilder.create().source(dir)
                .target(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password())
                .filter(db + ".t*", "!" + db + ".t2").run();
        assertThat(r.tables()).extracting(t -> t.table().table()).containsExactlyInAnyOrder("t1", "t3");
        assertThat(ItDb.tables(db)).containsExactly("t1", "t3");
        assertThat(ItDb.count("`" + db + "`.t1")).isEqualTo(3);
    }

    @Test
    void manyFilesOfOneTableInParallelGiveExactCountsAndConsistentCallbacks() {
        String db = ItDb.SERVER.createDatabase("it_parallel");
        schema(dir, db, "big", true);
        writeTable(dir, db, "big", 20, 500);
        Recorder rec = new Recorder();

        ImportResult r = ItDb.importer(dir, db).concurrency(4).batchRows(100).listener(rec).run();

        String t = "`" + db + "`.big";
        assertThat(ItDb.count(t)).isEqualTo(10_000);
        assertThat(ItDb.longValue("SELECT SUM(id) FROM " + t)).isEqualTo(10_000L * 10_001 / 2);
        assertThat(ItDb.longValue("SELECT SUM(n) FROM " + t))
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 10_000).map(i -> i % 97).sum());
        assertThat(r.table(db, "big").rows()).isEqualTo(10_000);
        assertThat(rec.chunkThreads).as("threads that wrote chunks").hasSizeBetween(2, 4);

        TableName big = new TableName(db, "big");
        assertThat(rec.importStartedChunks.get()).isEqualTo(r.table(db, "big").chunks());
        assertThat(rec.tableStartedChunks).containsExactly(Map.entry(big, r.table(db, "big").chunks()));
        assertThat(rec.chunkFiles).hasSize(r.table(db, "big").chunks());
        assertThat(rec.chunkFiles).doesNotHaveDuplicates();
        assertThat(rec.chunkRows.get()).isEqualTo(10_000);
        assertThat(rec.tableFinished).extracting(TableResult::rows).containsExactly(10_000L);
        assertThat(rec.finishedResult.get().rows()).isEqualTo(10_000);
        assertThat(rec.finishedFailure.get()).isNull();
        assertThat(rec.finishedCalls.get()).isEqualTo(1);
    }

    @Test
    void cancelStopsTheImportWithoutWritingAnyRowTwice() throws Exception {
        String db = ItDb.SERVER.createDatabase("it_cancel");
        schema(dir, db, "nokey", false); // without a key a row written twice would show as a duplicate
        int files = 60;
        int rowsPerFile = 2000;
        writeTable(dir, db, "nokey", files, rowsPerFile);
        CountDownLatch firstChunk = new CountDownLatch(1);
        AtomicReference<ImportException> finishedWith = new AtomicReference<>();

        ImportJob job = ItDb.importer(dir, db).concurrency(2).batchRows(200).listener(new ImportListener() {
            @Override
            public void chunkFinished(TableName table, String file, long rows, long bytes) {
                firstChunk.countDown();
            }

            @Override
            public void importFinished(ImportResult result, ImportException failure) {
                finishedWith.set(failure);
            }
        }).start();
        try (job) {
            assertThat(firstChunk.await(60, TimeUnit.SECONDS)).isTrue();
            job.cancel();
            assertThatThrownBy(job::await).isInstanceOfSatisfying(ImportException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        }
        String t = "`" + db + "`.nokey";
        long written = ItDb.count(t);
        assertThat(written).isPositive().isLessThan((long) files * rowsPerFile);
        assertThat(ItDb.longValue("SELECT COUNT(DISTINCT id) FROM " + t)).isEqualTo(written);
        assertThat(job.result().rows()).isLessThanOrEqualTo(written);
        assertThat(finishedWith.get()).isNotNull();
        assertThat(finishedWith.get().code()).isEqualTo(ErrorCode.CANCELLED);
    }

    @Test
    void viewsFromViewSchemaFilesAreCreated() {
        String db = ItDb.SERVER.createDatabase("it_views");
        DumpFile.schemaCreate(dir, db);
        schema(dir, db, "base", true);
        writeTable(dir, db, "base", 1, 10);
        // Dumpling writes a placeholder table for the view, then the view file replaces it.
        DumpFile.schema(dir, db, "big_ids", "CREATE TABLE `big_ids`(\n`id` int\n)ENGINE=MyISAM;");
        DumpFile.write(dir, db + ".big_ids-schema-view.sql", "/*!40101 SET NAMES binary*/;\n"
                + "DROP TABLE IF EXISTS `big_ids`;\nDROP VIEW IF EXISTS `big_ids`;\n"
                + "SET @PREV_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT;\n"
                + "SET @PREV_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS;\n"
                + "SET @PREV_COLLATION_CONNECTION=@@COLLATION_CONNECTION;\n"
                + "SET character_set_client = utf8mb4;\nSET character_set_results = utf8mb4;\n"
                + "SET collation_connection = utf8mb4_general_ci;\n"
                + "CREATE ALGORITHM=UNDEFINED SQL SECURITY INVOKER VIEW `big_ids` (`id`) AS "
                + "SELECT `id` AS `id` FROM `base` WHERE `id` > 5;\n"
                + "SET character_set_client = @PREV_CHARACTER_SET_CLIENT;\n"
                + "SET character_set_results = @PREV_CHARACTER_SET_RESULTS;\n"
                + "SET collation_connection = @PREV_COLLATION_CONNECTION;\n");

        ItDb.importer(dir, db).run();

        assertThat(ItDb.rows("SELECT table_type FROM information_schema.tables WHERE table_schema = '" + db
                + "' AND table_name = 'big_ids'")).containsExactly(List.of("VIEW"));
        assertThat(ItDb.count("`" + db + "`.big_ids")).isEqualTo(5);
    }

    /** Records the listener callbacks, checking that they are consistent with each other. */
    private static final class Recorder implements ImportListener {
        final AtomicInteger importStartedChunks = new AtomicInteger(-1);
        final Map<TableName, Integer> tableStartedChunks = new ConcurrentHashMap<>();
        final List<String> chunkFiles = new CopyOnWriteArrayList<>();
        final AtomicLong chunkRows = new AtomicLong();
        final List<TableResult> tableFinished = new CopyOnWriteArrayList<>();
        final AtomicReference<ImportResult> finishedResult = new AtomicReference<>();
        final AtomicReference<ImportException> finishedFailure = new AtomicReference<>();
        final AtomicInteger finishedCalls = new AtomicInteger();
        final Map<String, Boolean> chunkThreads = new ConcurrentHashMap<>();

        @Override
        public void importStarted(int tables, int chunks, long bytes) {
            importStartedChunks.set(chunks);
        }

        @Override
        public void tableStarted(TableName table, int chunks, long bytes) {
            tableStartedChunks.put(table, chunks);
        }

        @Override
        public void chunkFinished(TableName table, String file, long rows, long bytes) {
            chunkFiles.add(file);
            chunkThreads.put(Thread.currentThread().getName(), true);
            chunkRows.addAndGet(rows);
        }

        @Override
        public void tableFinished(TableResult result) {
            tableFinished.add(result);
        }

        @Override
        public void importFinished(ImportResult result, ImportException failure) {
            finishedResult.set(result);
            finishedFailure.set(failure);
            finishedCalls.incrementAndGet();
        }
    }
}
