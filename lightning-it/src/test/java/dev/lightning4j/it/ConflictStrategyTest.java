package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RowError;
import dev.lightning4j.SchemaMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows whose key already exists on the target, under each of the three conflict strategies. */
class ConflictStrategyTest {
    private static final String DDL = "CREATE TABLE `kv` (`id` int NOT NULL, `v` varchar(20) NOT NULL, "
            + "PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;";

    @TempDir
    Path dir;
    String db;
    DumpFile file;
    String fileName;

    /** Target rows 1..5 'old'; the export holds rows 4..8 'new', so 4 and 5 conflict. */
    private void prepare(String prefix, boolean withSchemaFile) {
        db = ItDb.SERVER.createDatabase(prefix);
        ItDb.execute(db, DDL, "INSERT INTO kv VALUES (1,'old'),(2,'old'),(3,'old'),(4,'old'),(5,'old')");
        if (withSchemaFile) {
            DumpFile.schema(dir, db, "kv", DDL);
        }
        fileName = db + ".kv.000000000.sql";
        file = new DumpFile().text(DumpFile.DUMPLING_HEADER)
                .insert("kv", null, "(4,'new')", "(5,'new')", "(6,'new')", "(7,'new')", "(8,'new')");
        file.writeTo(dir, fileName);
    }

    private List<List<String>> content() {
        return ItDb.rows("SELECT id, v FROM `" + db + "`.kv ORDER BY id");
    }

    @Test
    void replaceLetsTheImportedRowsWin() {
        prepare("it_conflict_replace", true);
        ImportResult r = ItDb.importer(dir, db).onDuplicate(ConflictStrategy.REPLACE).run();
        assertThat(content()).containsExactly(List.of("1", "old"), List.of("2", "old"), List.of("3", "old"),
                List.of("4", "new"), List.of("5", "new"), List.of("6", "new"), List.of("7", "new"), List.of("8", "new"));
        assertThat(r.rowErrors()).isEmpty();
        assertThat(r.skippedRows()).isZero();
    }

    @Test
    void ignoreKeepsTheExistingRows() {
        prepare("it_conflict_ignore", false);
        ImportResult r = ItDb.importer(dir, db).onDuplicate(ConflictStrategy.IGNORE).schemaMode(SchemaMode.EXISTING)
                .run();
        assertThat(content()).containsExactly(List.of("1", "old"), List.of("2", "old"), List.of("3", "old"),
                List.of("4", "old"), List.of("5", "old"), List.of("6", "new"), List.of("7", "new"), List.of("8", "new"));
        assertThat(r.rowErrors()).isEmpty();
    }

    @Test
    void errorRejectsTheDuplicatesWithinTheBudget() {
        prepare("it_conflict_error", true);
        ImportResult r = ItDb.importer(dir, db).onDuplicate(ConflictStrategy.ERROR).maxErrors(10).run();
        assertThat(content()).containsExactly(List.of("1", "old"), List.of("2", "old"), List.of("3", "old"),
                List.of("4", "old"), List.of("5", "old"), List.of("6", "new"), List.of("7", "new"), List.of("8", "new"));
        assertThat(r.rowErrors()).extracting(RowError::kind).containsOnly(RowError.Kind.CONFLICT);
        assertThat(r.rowErrors()).extracting(RowError::file).containsOnly(fileName);
        assertThat(r.rowErrors()).extracting(RowError::offset)
                .containsExactlyInAnyOrder(file.rowOffset(0), file.rowOffset(1));
        assertThat(r.rowErrors()).allSatisfy(e -> assertThat(e.reason()).containsIgnoringCase("duplicate"));
        assertThat(r.table(db, "kv").skippedRows()).isEqualTo(2);
        assertThat(r.table(db, "kv").rows()).isEqualTo(3);
    }

    @Test
    void errorWithoutBudgetFailsTheImport() {
        prepare("it_conflict_error_fail", true);
        assertThatThrownBy(() -> ItDb.importer(dir, db).onDuplicate(ConflictStrategy.ERROR).maxErrors(0).run())
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ERRORS);
                    assertThat(e.file()).isEqualTo(fileName);
                    assertThat(e.offset()).isEqualTo(file.rowOffset(0));
                    assertThat(e.getMessage()).contains(fileName).contains("at byte " + file.rowOffset(0));
                });
        assertThat(ItDb.rows("SELECT v FROM `" + db + "`.kv WHERE id IN (4, 5)"))
                .containsOnly(List.of("old"));
    }
}
