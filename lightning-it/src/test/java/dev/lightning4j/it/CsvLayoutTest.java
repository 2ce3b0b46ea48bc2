package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.CsvOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV dialects end to end: a header skipped by header-schema-match=false, a header-less file mapped by
 * position, escaped-by other than backslash with trim-last-separator, and a custom terminator with a header in
 * another column order than the table.
 */
class CsvLayoutTest {
    private static final String TABLE = "CREATE TABLE `%s` (`id` int NOT NULL, `a` varchar(40) DEFAULT NULL, "
            + "`b` varchar(40) DEFAULT NULL, PRIMARY KEY (`id`)) DEFAULT CHARSET=utf8mb4;";

    @TempDir
    static Path skipDir;
    @TempDir
    static Path positionDir;
    @TempDir
    static Path escapeDir;
    @TempDir
    static Path terminatorDir;
    static String db;

    @BeforeAll
    static void importAll() throws IOException {
        db = ItDb.SERVER.createDatabase("it_csv_layout");
        DumpFile.schema(skipDir, db, "skip", String.format(TABLE, "skip"));
        Files.writeString(skipDir.resolve(db + ".skip.000000001.csv"), "no,such,names\n1,x,y\n2,\"p,q\",\\N\n");
        ItDb.importer(skipDir, db).csv(CsvOptions.builder().headerSchemaMatch(false).build()).run();

        DumpFile.schema(positionDir, db, "pos", String.format(TABLE, "pos"));
        Files.writeString(positionDir.resolve(db + ".pos.000000001.csv"), "1,x,y\n2,,\\N\n");
        ItDb.importer(positionDir, db).csv(CsvOptions.builder().header(false).build()).run();

        DumpFile.schema(escapeDir, db, "esc", String.format(TABLE, "esc"));
        Files.writeString(escapeDir.resolve(db + ".esc.000000001.csv"),
                "1|a#|b|c\\d|\n2|#N|\"q#\"uote\"|\n3||#t|\n");
        ItDb.importer(escapeDir, db).csv(CsvOptions.builder().header(false).separator("|").escapedBy("#")
                .trimLastSeparator(true).build()).run();

        DumpFile.schema(terminatorDir, db, "term", String.format(TABLE, "term"));
        Files.writeString(terminatorDir.resolve(db + ".term.000000001.csv"),
                "b;a;id<EOL>y1;\"x\n1\";1<EOL>y2;x2;2<EOL>");
        ItDb.importer(terminatorDir, db).csv(CsvOptions.builder().separator(";").terminator("<EOL>").build()).run();
    }

    private static List<List<String>> rows(String table) {
        return ItDb.rows("SELECT id, a, b FROM " + db + "." + table + " ORDER BY id");
    }

    @Test
    void headerSkippedAndMappedByPosition() {
        assertThat(rows("skip")).containsExactly(List.of("1", "x", "y"), Arrays.asList("2", "p,q", null));
    }

    @Test
    void headerlessFileMappedByPosition() {
        assertThat(rows("pos")).containsExactly(List.of("1", "x", "y"), Arrays.asList("2", "", null));
    }

    @Test
    void escapedByHashWithTrimLastSeparator() {
        assertThat(rows("esc")).containsExactly(List.of("1", "a|b", "c\\d"), Arrays.asList("2", null, "q\"uote"),
                List.of("3", "", "\t"));
    }

    @Test
    void customTerminatorAndHeaderInAnotherOrder() {
        assertThat(rows("term")).containsExactly(List.of("1", "x\n1", "y1"), List.of("2", "x2", "y2"));
    }
}
