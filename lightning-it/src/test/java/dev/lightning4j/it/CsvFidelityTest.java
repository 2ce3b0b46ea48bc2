package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV exports imported with the API must equal the server's own {@code LOAD DATA LOCAL INFILE} of the same
 * files into a twin table: Lightning's default dialect, a custom one, and a header in another column order.
 */
class CsvFidelityTest {
    private static final String WIDE = "CREATE TABLE `%s` (`id` int NOT NULL, `s` varchar(100) DEFAULT NULL, "
            + "`t` text DEFAULT NULL, `d` decimal(20,5) DEFAULT NULL, `dt` datetime(6) DEFAULT NULL, "
            + "`bl` blob DEFAULT NULL, `n` bigint unsigned DEFAULT NULL, PRIMARY KEY (`id`)) "
            + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";
    private static final String NARROW = "CREATE TABLE `%s` (`id` int NOT NULL, `s` varchar(100) DEFAULT NULL, "
            + "`t` text DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";

    @TempDir
    static Path dir;
    @TempDir
    static Path customDir;
    static String dbA;
    static String dbB;
    static ImportResult defaultResult;
    static ImportResult customResult;

    @BeforeAll
    static void importAndLoad() throws Exception {
        dbA = ItDb.SERVER.createDatabase("it_csv_fidelity_a");
        dbB = ItDb.SERVER.createDatabase("it_csv_fidelity_b");
        ItDb.execute(null, "SET GLOBAL local_infile = 1");

        // Default dialect: header, ',', '"', backslash escapes, \N.
        DumpFile.schema(dir, dbA, "c", String.format(WIDE, "c"));
        Path c0 = new DumpFile().text("id,s,t,d,dt,bl,n\n")
                .row("1,plain,\"quoted, with comma\",1.5,2024-01-01 00:00:00.000001,\\N,18446744073709551615\n")
                .row("2,\"say \"\"hi\"\"\",\"raw line\nbreak\",-0.00001,\\N,\"\",0\n")
                .row("3,back\\\\slash,\"tab\\there \\\"esc\\\"\",0,1000-01-01 00:00:00,bin,\\N\n")
                .row("4,,\"\\N\",-0,9999-12-31 23:59:59.999999,\"\",1\n")
                .row("5,\"NULL\",\"\\\\N\",99999999999999.99999,\\N,\\N,2\n")
                .row("6,\"nul\\0 cr\\r nl\\n ctrl-z\\Z bs\\b\",trail  ,1e3,\\N,\\N,3\n")
                .writeTo(dir, dbA + ".c.000000000.csv");
        DumpFile bytes = new DumpFile().text("id,s,t,d,dt,bl,n\n")
                .row("7,😀,\"日本語 ü 𝄞\",\\N,\\N,\"");
        bytes.raw((byte) 0xFF, (byte) 0xFE, (byte) 0x80, (byte) 0xC3, (byte) 0x28).text("\",4\n");
        bytes.row("8,\" lead and trail \",\"\",0.00001,2024-02-29 12:00:00,\\N,5\n");
        Path c1 = bytes.writeTo(dir, dbA + ".c.000000001.csv");

        // A header in another order than the table's columns: values map by name.
        DumpFile.schema(dir, dbA, "h", String.format(NARROW, "h"));
        Path h0 = new DumpFile().text("t,id,s\n").row("first,1,one\n").row("\\N,2,\"two, too\"\n")
                .row("\"\",3,\\N\n").writeTo(dir, dbA + ".h.000000000.csv");

        defaultResult = ImportBuilder.create().source(dir)
                .target(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password())
                .filter(dbA + ".*").run();

        // Custom dialect: '|' separated, no header, no quoting.
        DumpFile.schema(customDir, dbA, "p", String.format(NARROW, "p"));
        Path p0 = new DumpFile().row("1|a\\|b|x\\ty\n").row("2||\\N\n").row("3|\\\\|\"not quoted\"\n")
                .row("4|😀 |, comma\n").writeTo(customDir, dbA + ".p.000000000.csv");
        customResult = ImportBuilder.create().source(customDir)
                .target(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password())
                .filter(dbA + ".*")
                .csv(CsvOptions.builder().separator("|").delimiter("").header(false).build())
                .run();

        ItDb.execute(dbB, String.format(WIDE, "c"), String.format(NARROW, "h"), String.format(NARROW, "p"));
        String quoted = " FIELDS TERMINATED BY ',' ENCLOSED BY '\"' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'"
                + " IGNORE 1 LINES";
        loadData(c0, "c", quoted);
        loadData(c1, "c", quoted);
        loadData(h0, "h", quoted + " (t, id, s)");
        loadData(p0, "p", " FIELDS TERMINATED BY '|' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'");
    }

    private static void loadData(Path file, String table, String format) throws SQLException {
        try (Connection c = ItDb.connect(dbB, "allowLoadLocalInfile=true&allowMultiQueries=true");
                Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = '" + dev.lightning4j.ImportConfig.DEFAULT_SQL_MODE
                    + "', time_zone = '+00:00'");
            st.execute("LOAD DATA LOCAL INFILE '" + file.toAbsolutePath() + "' INTO TABLE `" + table
                    + "` CHARACTER SET binary" + format);
            assertThat((Object) st.getWarnings()).as("warnings of the reference load of " + file).isNull();
        }
    }

    @Test
    void defaultDialectEqualsLoadData() {
        assertSameTable("c", 8);
    }

    @Test
    void headerInAnotherOrderMapsColumnsByName() {
        assertSameTable("h", 3);
        assertThat(ItDb.rows("SELECT id, s, t FROM `" + dbA + "`.h WHERE id = 1"))
                .containsExactly(List.of("1", "one", "first"));
    }

    @Test
    void customDialectEqualsLoadData() {
        assertSameTable("p", 4);
        assertThat(customResult.table(dbA, "p").rows()).isEqualTo(4);
    }

    @Test
    void resultCountsRowsPerTable() {
        assertThat(defaultResult.table(dbA, "c").rows()).isEqualTo(8);
        assertThat(defaultResult.table(dbA, "h").rows()).isEqualTo(3);
        assertThat(defaultResult.table(dbA, "c").chunks()).isGreaterThanOrEqualTo(2);
        assertThat(defaultResult.rowErrors()).isEmpty();
    }

    @Test
    void rawBytesAndNullsLandAsWritten() {
        assertThat(ItDb.rows("SELECT HEX(bl), s FROM `" + dbA + "`.c WHERE id = 7"))
                .containsExactly(List.of("FFFE80C328", "😀"));
        assertThat(ItDb.rows("SELECT t IS NULL, s FROM `" + dbA + "`.c WHERE id = 4"))
                .containsExactly(List.of("1", ""));
    }

    private static void assertSameTable(String table, long rows) {
        String a = "`" + dbA + "`.`" + table + "`";
        String b = "`" + dbB + "`.`" + table + "`";
        assertThat(ItDb.count(b)).as("reference rows").isEqualTo(rows);
        assertThat(ItDb.count(a)).as("imported rows of " + table).isEqualTo(rows);
        List<List<String>> onlyA = diff(a, b);
        assertThat(onlyA).as("rows of %s that differ from LOAD DATA", table).isEmpty();
        assertThat(ItDb.checksum(a)).as("checksum of " + table).isEqualTo(ItDb.checksum(b));
    }

    /** Rows of {@code a} with no identical row in {@code b}, to make a failure readable. */
    private static List<List<String>> diff(String a, String b) {
        List<List<String>> ra = ItDb.rows("SELECT CONCAT_WS('|', " + cols(a) + ") FROM " + a + " ORDER BY 1");
        List<List<String>> rb = ItDb.rows("SELECT CONCAT_WS('|', " + cols(b) + ") FROM " + b + " ORDER BY 1");
        List<List<String>> out = new ArrayList<>(ra);
        out.removeAll(rb);
        return out;
    }

    private static String cols(String table) {
        String t = table.substring(table.lastIndexOf('.') + 1).replace("`", "");
        return t.equals("c") ? "id, IFNULL(s,'<null>'), IFNULL(t,'<null>'), IFNULL(d,'<null>'), IFNULL(dt,'<null>'),"
                + " IFNULL(HEX(bl),'<null>'), IFNULL(n,'<null>')"
                : "id, IFNULL(s,'<null>'), IFNULL(t,'<null>')";
    }
}
