package dev.lightning4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.it.DumpFile;
import dev.lightning4j.it.ItDb;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's layout flags: a GBK CSV split under --strict-format, routed to another table name. */
class CliLayoutTest {

    @Test
    void strictFormatCharacterSetAndRouteFlags(@TempDir Path dir) throws IOException {
        String db = ItDb.SERVER.createDatabase("it_cli_layout");
        DumpFile.schema(dir, db, "src", "CREATE TABLE `src` (`id` int NOT NULL, `name` varchar(20), "
                + "PRIMARY KEY (`id`)) DEFAULT CHARSET=utf8mb4;");
        StringBuilder csv = new StringBuilder("name|id|\n");
        for (int i = 1; i <= 3000; i++) {
            csv.append("名").append(i).append('|').append(i).append("|\n");
        }
        Files.write(dir.resolve(db + ".src.000000001.csv"), csv.toString().getBytes(Charset.forName("GBK")));
        CliRun run = CliRun.run(CliRun.toTestServer(dir.toString(), db, "--strict-format", "true",
                "--max-region-size", "8192", "--data-character-set", "gbk", "--csv-separator", "|",
                "--csv-trim-last-separator", "true", "--route", db + ".src=" + db + ".dst"));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(ItDb.tables(db)).containsExactly("dst");
        assertThat(ItDb.count(db + ".dst")).isEqualTo(3000);
        assertThat(ItDb.rows("SELECT name FROM " + db + ".dst WHERE id = 2999")).containsExactly(List.of("名2999"));

        CliRun bad = CliRun.run(CliRun.toTestServer(dir.toString(), db, "--route", "nonsense"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--route");
    }
}
