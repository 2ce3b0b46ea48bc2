package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RowError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real bad rows among good ones: each is reported where it is, the good rows all land exactly once. */
class ErrorBudgetTest {
    private static final String DDL = "CREATE TABLE `t` (`id` int NOT NULL, `ti` tinyint DEFAULT NULL, "
            + "`d` date DEFAULT NULL, `s` varchar(5) DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB;";

    @TempDir
    Path dir;
    String db;
    String fileName;
    DumpFile file;

    /** Rows 0..3 of the file are bad (tuple index 1, 3, 5, 7); the rest are good. */
    private void prepare(String prefix) {
        db = ItDb.SERVER.createDatabase(prefix);
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "t", DDL);
        fileName = db + ".t.000000000.sql";
        file = new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null,
                "(1,1,'2026-01-01','ok')",
                "(2,1,'2026-01-02')", // one value short
                "(3,127,'2026-01-03','ok')",
                "(4,300,'2026-01-04','ok')", // out of range for tinyint
                "(5,-128,'2024-02-29','ok')",
                "(6,1,'2026-02-30','ok')", // no such day
                "(7,NULL,NULL,NULL)",
                "(8,1,'2026-01-08','too long')", // longer than varchar(5)
                "(9,0,'1000-01-01','12345')");
        file.text("INSERT INTO `t` VALUES\n");
        file.row("(10,2,'2026-01-10','ok');\n");
        file.writeTo(dir, fileName);
    }

    @Test
    void badRowsAreReportedWithFileOffsetKindAndReason() {
        prepare("it_error_budget");
        ImportResult r = ItDb.importer(dir, db).maxErrors(4).run();

        Map<Long, RowError> byOffset = r.rowErrors().stream()
                .collect(Collectors.toMap(RowError::offset, e -> e));
        assertThat(byOffset).containsOnlyKeys(file.rowOffset(1), file.rowOffset(3), file.rowOffset(5),
                file.rowOffset(7));
        assertThat(r.rowErrors()).extracting(RowError::file).containsOnly(fileName);
        assertThat(r.rowErrors()).allSatisfy(e -> assertThat(e.reason()).isNotBlank());
        assertThat(byOffset.get(file.rowOffset(1)).kind()).isEqualTo(RowError.Kind.COLUMN_COUNT);
        assertThat(byOffset.get(file.rowOffset(3)).kind()).isEqualTo(RowError.Kind.TYPE);
        assertThat(byOffset.get(file.rowOffset(3)).reason()).containsIgnoringCase("out of range");
        assertThat(byOffset.get(file.rowOffset(5)).kind()).isEqualTo(RowError.Kind.TYPE);
        assertThat(byOffset.get(file.rowOffset(5)).reason()).containsIgnoringCase("incorrect date");
        assertThat(byOffset.get(file.rowOffset(7)).kind()).isEqualTo(RowError.Kind.TYPE);
        assertThat(byOffset.get(file.rowOffset(7)).reason()).containsIgnoringCase("too long");

        assertThat(ItDb.rows("SELECT id FROM `" + db + "`.t ORDER BY id")).containsExactly(
                List.of("1"), List.of("3"), List.of("5"), List.of("7"), List.of("9"), List.of("10"));
        assertThat(r.table(db, "t").rows()).isEqualTo(6);
        assertThat(r.table(db, "t").skippedRows()).isEqualTo(4);
        assertThat(r.skippedRows()).isEqualTo(4);
    }

    @Test
    void aBudgetBelowTheBadRowsFailsNamingFileAndOffset() {
        prepare("it_error_budget_fail");
        List<Long> badOffsets = List.of(file.rowOffset(1), file.rowOffset(3), file.rowOffset(5), file.rowOffset(7));
        assertThatThrownBy(() -> ItDb.importer(dir, db).maxErrors(3).run())
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ERRORS);
                    assertThat(e.file()).isEqualTo(fileName);
                    assertThat(e.offset()).isIn(badOffsets);
                    assertThat(e.getMessage()).contains(fileName).contains("at byte " + e.offset());
                });
        // Whatever was written before the failure was written once and is a good row.
        assertThat(ItDb.rows("SELECT COUNT(*) = COUNT(DISTINCT id), SUM(id IN (2, 4, 6, 8)) FROM `" + db + "`.t"))
                .allSatisfy(row -> {
                    assertThat(row.get(0)).isEqualTo("1");
                    assertThat(row.get(1)).isIn("0", null);
                });
    }
}
