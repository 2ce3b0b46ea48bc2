package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RecordedErrors;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejected rows land in the target's task-info tables with file, offset, reason and row, and none is lost. */
class TaskInfoRecordingTest {
    private static final String DDL = "CREATE TABLE `t` (`id` int NOT NULL, `ti` tinyint DEFAULT NULL, "
            + "`s` varchar(5) DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;";

    @TempDir
    Path dir;

    private DumpFile dump(String db, String fileName) {
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "t", DDL);
        DumpFile f = new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null,
                "(1,1,'ok')",
                "(2,300,'ok')", // out of range
                "(3,1)", // one value short
                "(1,2,'dup')", // duplicate key
                "(4,1,'too long')"); // longer than varchar(5)
        f.writeTo(dir, fileName);
        return f;
    }

    @Test
    void typeErrorsColumnCountsAndConflictsAreRecordedWithFileAndOffset() {
        String db = ItDb.SERVER.createDatabase("it_taskinfo");
        String info = db + "_info";
        String file = db + ".t.000000000.sql";
        DumpFile f = dump(db, file);

        ImportResult r = ItDb.importer(dir, db).maxErrors(10).onDuplicate(ConflictStrategy.ERROR)
                .taskInfoSchema(info).run();

        RecordedErrors rec = r.recordedErrors();
        assertThat(rec).isNotNull();
        assertThat(rec.schema()).isEqualTo(info);
        assertThat(rec.typeErrors()).isEqualTo(3);
        assertThat(rec.conflicts()).isEqualTo(1);
        assertThat(rec.unrecorded()).isZero();
        assertThat(rec.describe()).startsWith("4 rows rejected, see " + info + ".type_error_v1 (3) and " + info
                + ".conflict_records (1) where task_id = " + rec.taskId());

        List<List<String>> types = ItDb.rows("SELECT table_name, path, `offset`, error, row_data FROM `" + info
                + "`.type_error_v1 WHERE task_id = " + rec.taskId() + " ORDER BY `offset`");
        assertThat(types).hasSize(3);
        assertThat(types).extracting(row -> row.get(0)).containsOnly("`" + db + "`.`t`");
        assertThat(types).extracting(row -> row.get(1)).containsOnly(file);
        assertThat(types).extracting(row -> Long.parseLong(row.get(2)))
                .containsExactly(f.rowOffset(1), f.rowOffset(2), f.rowOffset(4));
        assertThat(types.get(0).get(3)).containsIgnoringCase("out of range");
        assertThat(types.get(0).get(4)).isEqualTo("(2,300,'ok')");
        assertThat(types.get(1).get(3)).startsWith("column count:");
        assertThat(types.get(2).get(3)).containsIgnoringCase("too long");

        List<List<String>> dups = ItDb.rows("SELECT path, `offset`, error, row_data, index_name FROM `" + info
                + "`.conflict_records WHERE task_id = " + rec.taskId());
        assertThat(dups).hasSize(1);
        assertThat(dups.get(0).get(0)).isEqualTo(file);
        assertThat(Long.parseLong(dups.get(0).get(1))).isEqualTo(f.rowOffset(3));
        assertThat(dups.get(0).get(2)).containsIgnoringCase("duplicate");
        assertThat(dups.get(0).get(3)).isEqualTo("(1,2,'dup')");
        assertThat(dups.get(0).get(4)).isEqualTo("PRIMARY");
    }

    @Test
    void aBudgetOverrunStillRecordsEveryRejectedRowAndSaysWhere() {
        String db = ItDb.SERVER.createDatabase("it_taskinfo_over");
        String info = db + "_info";
        dump(db, db + ".t.000000000.sql");
        long[] taskId = {0};
        assertThatThrownBy(() -> ItDb.importer(dir, db).maxErrors(1).taskInfoSchema(info).concurrency(1).run())
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ERRORS);
                    assertThat(e.getMessage()).contains("recorded in " + info + ".type_error_v1")
                            .contains("where task_id = ");
                    taskId[0] = Long.parseLong(e.getMessage().replaceAll("(?s).*task_id = (\\d+).*", "$1"));
                });
        // The row that broke the budget was recorded too: the buffer is written before the job ends.
        assertThat(ItDb.longValue("SELECT COUNT(*) FROM `" + info + "`.type_error_v1 WHERE task_id = " + taskId[0]))
                .isEqualTo(2);
    }

    @Test
    void moreRejectsThanOneBatchAreAllRecorded() {
        String db = ItDb.SERVER.createDatabase("it_taskinfo_many");
        String info = db + "_info";
        DumpFile.schema(dir, db, "t", DDL);
        String[] tuples = new String[300];
        for (int i = 0; i < tuples.length; i++) {
            tuples[i] = "(" + i + "," + (i % 3 == 0 ? "1" : "999") + ",'x')"; // two in three overflow tinyint
        }
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, tuples).writeTo(dir, db + ".t.0.sql");
        ImportResult r = ItDb.importer(dir, db).maxErrors(1000).taskInfoSchema(info).run();
        assertThat(r.skippedRows()).isEqualTo(200);
        assertThat(r.recordedErrors().typeErrors()).isEqualTo(200);
        assertThat(ItDb.longValue("SELECT COUNT(DISTINCT `offset`) FROM `" + info + "`.type_error_v1 WHERE task_id = "
                + r.recordedErrors().taskId())).isEqualTo(200);
        assertThat(ItDb.count("`" + db + "`.t")).isEqualTo(100);
    }

    @Test
    void recordingCanBeTurnedOff() {
        String db = ItDb.SERVER.createDatabase("it_taskinfo_off");
        String info = db + "_info";
        dump(db, db + ".t.000000000.sql");
        ImportResult r = ItDb.importer(dir, db).maxErrors(10).taskInfoSchema(null).run();
        assertThat(r.skippedRows()).isEqualTo(4);
        assertThat(r.recordedErrors()).isNull();
        assertThat(ItDb.longValue("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + info
                + "'")).isZero();
    }
}
