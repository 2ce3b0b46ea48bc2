package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportResult;
import dev.lightning4j.TableResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strict-format: a ~1 MiB CSV and a ~1 MiB SQL file cut into 64 KiB chunks and imported in parallel give
 * exactly the table that importing each file whole gives (same rows, same CHECKSUM TABLE), including a CSV
 * whose header orders the columns differently from the table, so later chunks must map by the header's names.
 */
class StrictFormatSplitTest {
    private static final long REGION = 64 * 1024;
    private static final String TABLE = "CREATE TABLE `%s` (`id` int NOT NULL, `name` varchar(200) DEFAULT NULL, "
            + "`note` text DEFAULT NULL, `amount` decimal(12,2) DEFAULT NULL, PRIMARY KEY (`id`)) "
            + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";

    @TempDir
    static Path dir;
    static String db;
    static ImportResult split;
    static ImportResult whole;

    @BeforeAll
    static void importBothWays() throws IOException {
        db = ItDb.SERVER.createDatabase("it_split");
        Random r = new Random(42);
        StringBuilder csv = new StringBuilder("note,amount,id,name\n");
        int id = 0;
        while (csv.length() < 1024 * 1024) {
            id++;
            csv.append(r.nextInt(5) == 0 ? "\\N" : "\"note, with comma " + "é中".repeat(r.nextInt(8)) + "\"")
                    .append(',').append(r.nextInt(100000)).append('.').append(r.nextInt(10)).append(r.nextInt(10))
                    .append(',').append(id).append(',')
                    .append("name\\\\").append(Integer.toHexString(r.nextInt())).append('\n');
        }
        StringBuilder sql = new StringBuilder("/*!40101 SET NAMES binary*/;\n");
        int sid = 0;
        while (sql.length() < 1024 * 1024) {
            sql.append("INSERT INTO `q` (`name`,`id`,`amount`,`note`) VALUES\n");
            int n = 1 + r.nextInt(40);
            for (int i = 0; i < n; i++) {
                sid++;
                sql.append("('n;").append(sid).append("',").append(sid).append(',').append(r.nextInt(1000))
                        .append(".5,").append(r.nextBoolean() ? "NULL" : "'multi\\nline; ok'").append(')')
                        .append(i + 1 < n ? ",\n" : ";\n");
            }
        }
        for (String t : new String[] {"c", "q"}) {
            for (String suffix : new String[] {"_split", "_whole"}) {
                DumpFile.schema(dir, db, t + suffix, String.format(TABLE, t + suffix));
            }
        }
        for (String suffix : new String[] {"_split", "_whole"}) {
            Files.writeString(dir.resolve(db + ".c" + suffix + ".000000001.csv"), csv, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(db + ".q" + suffix + ".000000001.sql"), sql, StandardCharsets.UTF_8);
        }
        split = ItDb.importer(dir, db).filter("!" + db + ".*_whole").strictFormat(true).maxRegionSize(REGION)
                .concurrency(4).run();
        whole = ItDb.importer(dir, db).filter("!" + db + ".*_split").strictFormat(false).maxRegionSize(REGION)
                .concurrency(4).run();
    }

    @Test
    void csvSplitIntoManyChunksEqualsTheWholeFileImport() {
        TableResult s = split.table(db, "c_split");
        assertThat(s.chunks()).isGreaterThanOrEqualTo(14);
        assertThat(whole.table(db, "c_whole").chunks()).isEqualTo(1);
        long rows = ItDb.count(db + ".c_whole");
        assertThat(rows).isGreaterThan(10_000);
        assertThat(s.rows()).isEqualTo(rows);
        assertThat(ItDb.count(db + ".c_split")).isEqualTo(rows);
        assertThat(ItDb.checksum(db + ".c_split")).isEqualTo(ItDb.checksum(db + ".c_whole"));
        assertThat(ItDb.longValue("SELECT MAX(id) FROM " + db + ".c_split")).isEqualTo(rows);
        // a chunk's reader stops at the chunk's end (a byte or two more for a look-ahead), not a buffer further
        assertThat(s.bytes()).isBetween(whole.table(db, "c_whole").bytes(),
                whole.table(db, "c_whole").bytes() + 4L * s.chunks());
    }

    @Test
    void sqlSplitAtStatementsEqualsTheWholeFileImport() {
        TableResult s = split.table(db, "q_split");
        assertThat(s.chunks()).isGreaterThanOrEqualTo(14);
        assertThat(whole.table(db, "q_whole").chunks()).isEqualTo(1);
        long rows = ItDb.count(db + ".q_whole");
        assertThat(rows).isGreaterThan(10_000);
        assertThat(ItDb.count(db + ".q_split")).isEqualTo(rows);
        assertThat(ItDb.checksum(db + ".q_split")).isEqualTo(ItDb.checksum(db + ".q_whole"));
        assertThat(s.bytes()).isBetween(whole.table(db, "q_whole").bytes(),
                whole.table(db, "q_whole").bytes() + 4L * s.chunks());
    }
}
