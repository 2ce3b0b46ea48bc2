package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TableResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dumpling SQL export covering every column type and the awkward values of each, imported with the API
 * into one database and replayed statement by statement over plain JDBC into another: every table must hold
 * exactly the same rows ({@code CHECKSUM TABLE} and counts equal).
 */
class SqlFidelityTest {
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("ints", "CREATE TABLE `ints` (\n  `id` int NOT NULL,\n  `ti` tinyint DEFAULT NULL,\n"
                + "  `tiu` tinyint unsigned DEFAULT NULL,\n  `si` smallint DEFAULT NULL,\n"
                + "  `siu` smallint unsigned DEFAULT NULL,\n  `mi` mediumint DEFAULT NULL,\n"
                + "  `miu` mediumint unsigned DEFAULT NULL,\n  `i` int DEFAULT NULL,\n  `iu` int unsigned DEFAULT NULL,\n"
                + "  `bi` bigint DEFAULT NULL,\n  `biu` bigint unsigned DEFAULT NULL,\n  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;");
        TABLES.put("decs", "CREATE TABLE `decs` (\n  `id` int NOT NULL,\n  `d` decimal(65,30) DEFAULT NULL,\n"
                + "  `d2` decimal(10,2) DEFAULT NULL,\n  `f` float DEFAULT NULL,\n  `db` double DEFAULT NULL,\n"
                + "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;");
        TABLES.put("times", "CREATE TABLE `times` (\n  `id` int NOT NULL,\n  `d` date DEFAULT NULL,\n"
                + "  `dt` datetime(6) DEFAULT NULL,\n  `ts` timestamp(6) NULL DEFAULT NULL,\n  `t` time DEFAULT NULL,\n"
                + "  `y` year(4) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;");
        TABLES.put("texts", "CREATE TABLE `texts` (\n  `id` int NOT NULL,\n  `c` char(20) DEFAULT NULL,\n"
                + "  `vc` varchar(100) DEFAULT NULL,\n  `t` text DEFAULT NULL,\n  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;");
        TABLES.put("bins", "CREATE TABLE `bins` (\n  `id` int NOT NULL,\n  `b` binary(4) DEFAULT NULL,\n"
                + "  `vb` varbinary(20) DEFAULT NULL,\n  `bl` blob DEFAULT NULL,\n  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;");
        TABLES.put("bits", "CREATE TABLE `bits` (\n  `id` int NOT NULL,\n  `b1` bit(1) DEFAULT NULL,\n"
                + "  `b8` bit(8) DEFAULT NULL,\n  `b64` bit(64) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;");
        TABLES.put("kinds", "CREATE TABLE `kinds` (\n  `id` int NOT NULL,\n  `e` enum('a','b','c d') DEFAULT NULL,\n"
                + "  `s` set('x','y','z') DEFAULT NULL,\n  `j` json DEFAULT NULL,\n  PRIMARY KEY (`id`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;");
        TABLES.put("nopk", "CREATE TABLE `nopk` (\n  `a` int DEFAULT NULL,\n  `b` varchar(10) DEFAULT NULL\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;");
    }

    @TempDir
    static Path dir;
    static String dbA;
    static String dbB;
    static ImportResult result;
    /** LOAD DATA statements the import ran: the default writes with LOAD DATA LOCAL where the server allows. */
    static long loadStatements;
    static final List<Path> schemaFiles = new ArrayList<>();
    static final List<Path> dataFiles = new ArrayList<>();

    @BeforeAll
    static void importAndReplay() {
        dbA = ItDb.SERVER.createDatabase("it_sql_fidelity_a");
        dbB = ItDb.SERVER.createDatabase("it_sql_fidelity_b");
        DumpFile.schemaCreate(dir, dbA);
        TABLES.forEach((t, ddl) -> schemaFiles.add(DumpFile.schema(dir, dbA, t, ddl)));
        writeData();

        long loadsBefore = ItDb.longValue("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                + " WHERE VARIABLE_NAME = 'COM_LOAD'");
        result = ImportBuilder.create()
                .source(dir)
                .target(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password())
                .filter(dbA + ".*")
                .concurrency(3)
                .run();
        loadStatements = ItDb.longValue("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                + " WHERE VARIABLE_NAME = 'COM_LOAD'") - loadsBefore;
        ItDb.replay(dbB, schemaFiles, dataFiles);
    }

    private static void data(String table, int seq, DumpFile f) {
        dataFiles.add(f.writeTo(dir, dbA + "." + table + "." + String.format("%09d", seq) + ".sql"));
    }

    private static DumpFile dumpling() {
        return new DumpFile().text(DumpFile.DUMPLING_HEADER);
    }

    private static void writeData() {
        data("ints", 0, dumpling().insert("ints", null,
                "(1,-128,0,-32768,0,-8388608,0,-2147483648,0,-9223372036854775808,0)",
                "(2,127,255,32767,65535,8388607,16777215,2147483647,4294967295,9223372036854775807,18446744073709551615)",
                "(3,0,0,0,0,0,0,0,0,0,0)",
                "(4,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL)"));
        // A second file of the same table, with a column list in another order than the table's.
        data("ints", 1, dumpling().text("-- a comment line, as mydumper writes them\n/* a block comment */\n")
                .insert("ints", "`biu`,`bi`,`id`", "(18446744073709551614,-1,5)", "(1,1,6)", "(16,-0,7)"));

        data("decs", 0, dumpling().insert("decs", null,
                "(1,99999999999999999999999999999999999.999999999999999999999999999999,99999999.99,3.40282e38,1.7976931348623157e308)",
                "(2,-99999999999999999999999999999999999.999999999999999999999999999999,-99999999.99,-3.40282e38,-1.7976931348623157e308)",
                "(3,0.000000000000000000000000000001,0.01,1.17549e-38,2.2250738585072014e-308)",
                "(4,-0.000000000000000000000000000000,-0.00,-0,-0.0)",
                "(5,-0,0,1.5E+10,-2.5e-300)",
                "(6,'12345.678','-1.5',1e-5,'6.02214076e23')",
                "(7,NULL,NULL,NULL,NULL)"));

        data("times", 0, dumpling().insert("times", null,
                "(1,'1000-01-01','1000-01-01 00:00:00.000000','1970-01-01 00:00:01.000000','-838:59:59',1901)",
                "(2,'9999-12-31','9999-12-31 23:59:59.999999','2038-01-19 03:14:07.999999','838:59:59',2155)",
                "(3,'2024-02-29','2024-02-29 12:34:56.123456','2024-02-29 12:34:56.000001','00:00:00',2000)",
                "(4,NULL,NULL,NULL,NULL,NULL)"));

        data("texts", 0, dumpling().insert("texts", null,
                "(1,'trail  ','trail  ','trail  ')",
                "(2,'it\\'s','say \\\"hi\\\"','single '' doubled and \"double\" raw')",
                "(3,'back\\\\slash','C:\\\\dir\\\\','\\\\N')",
                "(4,'line\\nbreak','cr\\rlf\\n','tab\there\\ttoo')",
                "(5,'nul\\0byte','ctrl-z \\Z','bell \\b')",
                "(6,'😀','𝄞 clef 😀','日本語 ü é 😀😀')",
                "(7,'','',NULL)",
                "(8,'NULL','NULL','NULL')",
                "(9,NULL,NULL,'')"));
        // A second file with a raw line break inside a literal and a semicolon in a string.
        data("texts", 1, dumpling().insert("texts", "`id`,`t`",
                "(10,'raw\nline break; and a (paren)')", "(11,'-- not a comment')"));

        data("bins", 0, dumpling().insert("bins", null,
                "(1,_binary'ab\\0\\'',_binary'\\0\\n\\r\\Z\\\\',_binary'')",
                "(2,X'00FF10',X'deadbeef',x'')",
                "(3,0x0A0B0C0D,0x00,0xFFFEFD)",
                "(4,NULL,'',NULL)"));
        // Raw bytes that are not UTF-8, read under SET NAMES binary as the header says.
        DumpFile raw = dumpling().text("INSERT INTO `bins` VALUES\n").row("(5,'");
        raw.raw((byte) 0xFF, (byte) 0xFE, (byte) 0x80, (byte) 0x00).text("','");
        raw.raw((byte) 0xC3, (byte) 0x28, (byte) 0x81, (byte) 0x9D, (byte) 0x8D).text("','");
        raw.raw((byte) 0xE2, (byte) 0x82, (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) 0xA0).text("');\n");
        data("bins", 1, raw);

        data("bits", 0, dumpling().insert("bits", null,
                "(1,b'1',b'10101010',b'1111111111111111111111111111111111111111111111111111111111111111')",
                "(2,b'0',0xFF,0x0)",
                "(3,0x01,b'0',0x8000000000000001)",
                "(4,NULL,NULL,NULL)"));

        data("kinds", 0, dumpling().insert("kinds", null,
                "(1,'a','x,z','{\"k\": [1, 2.5, \"\\\\u00e9\\\\n\"], \"n\": null}')",
                "(2,'c d','','[]')",
                "(3,'b','x,y,z','\"a \\\\\"quoted\\\\\" string\"')",
                "(4,NULL,NULL,NULL)",
                "(5,'a','y','{\"emoji\": \"😀\", \"big\": 18446744073709551615}')"));

        // Duplicate rows in a table without a key, over two files, both with and without a column list.
        data("nopk", 0, dumpling().insert("nopk", null, "(1,'dup')", "(1,'dup')", "(2,NULL)", "(2,NULL)"));
        data("nopk", 1, dumpling().insert("nopk", "`b`,`a`", "('dup',1)", "(NULL,2)", "('other',3)"));
    }

    @Test
    void everyTableHoldsExactlyTheRowsOfTheReferenceLoad() {
        List<String> mismatches = new ArrayList<>();
        for (String t : TABLES.keySet()) {
            long countA = ItDb.count("`" + dbA + "`.`" + t + "`");
            long countB = ItDb.count("`" + dbB + "`.`" + t + "`");
            long sumA = ItDb.checksum("`" + dbA + "`.`" + t + "`");
            long sumB = ItDb.checksum("`" + dbB + "`.`" + t + "`");
            assertThat(countB).as("reference rows of " + t).isPositive();
            assertThat(sumB).as("reference checksum of " + t).isNotZero();
            if (countA != countB || sumA != sumB) {
                mismatches.add(t + ": rows " + countA + " vs " + countB + ", checksum " + sumA + " vs " + sumB);
            }
        }
        assertThat(mismatches).as("tables that differ from the reference load").isEmpty();
    }

    @Test
    void theImportWroteThroughLoadDataWhereTheServerAllowsIt() {
        // MariaDB allows local_infile by default; the values LOAD would store differently went through INSERT,
        // and the checksums above prove the mix equals the reference load.
        assertThat(loadStatements).isPositive();
    }

    @Test
    void resultReportsTheRowCountOfEveryTable() {
        assertThat(result.tables()).extracting(r -> r.table().table())
                .containsExactlyInAnyOrderElementsOf(TABLES.keySet());
        for (TableResult r : result.tables()) {
            assertThat(r.rows()).as("rows of " + r.table())
                    .isEqualTo(ItDb.count("`" + dbB + "`.`" + r.table().table() + "`"));
            assertThat(r.skippedRows()).isZero();
        }
        assertThat(result.rowErrors()).isEmpty();
    }

    @Test
    void referenceLoadItselfKeptTheRawBytes() {
        // Guards the comparison: if the replay mangled bytes, equal checksums would prove nothing.
        assertThat(ItDb.rows("SELECT HEX(b), HEX(vb), HEX(bl) FROM `" + dbB + "`.bins WHERE id = 5"))
                .containsExactly(List.of("FFFE8000", "C328819D8D", "E282F09F9880A0"));
        assertThat(ItDb.rows("SELECT HEX(t) FROM `" + dbB + "`.texts WHERE id = 6"))
                .containsExactly(List.of("E697A5E69CACE8AA9E20C3BC20C3A920F09F9880F09F9880"));
    }

    @Test
    void spotValuesAreExact() {
        String a = "`" + dbA + "`.";
        assertThat(ItDb.rows("SELECT biu, bi FROM " + a + "ints WHERE id IN (2, 5) ORDER BY id")).containsExactly(
                List.of("18446744073709551615", "9223372036854775807"), List.of("18446744073709551614", "-1"));
        assertThat(ItDb.rows("SELECT HEX(bl) FROM " + a + "bins WHERE id = 5")).containsExactly(List.of("E282F09F9880A0"));
        assertThat(ItDb.rows("SELECT c IS NULL, vc, t IS NULL FROM " + a + "texts WHERE id IN (7, 8, 9) ORDER BY id"))
                .containsExactly(List.of("0", "", "1"), List.of("0", "NULL", "0"), java.util.Arrays.asList("1", null, "0"));
        assertThat(ItDb.rows("SELECT t FROM " + a + "texts WHERE id = 3")).containsExactly(List.of("\\N"));
        assertThat(ItDb.rows("SELECT COUNT(*) FROM " + a + "nopk WHERE a = 1 AND b = 'dup'"))
                .containsExactly(List.of("3"));
    }
}
