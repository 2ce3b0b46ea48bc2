package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportResult;
import dev.lightning4j.it.DumpFile;
import dev.lightning4j.it.ItDb;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection breaks after the server received COMMIT but before its answer arrived: with the mysql
 * driver the writer asks the checkpoint on a fresh connection whether the batch committed, instead of
 * writing it again, so a table without a key gets every row once.
 */
class CheckpointLostCommitTest {
    @TempDir
    Path dir;

    @Test
    void aBatchWhoseCommitAnswerWasLostIsNotWrittenTwice() throws Exception {
        String db = ItDb.SERVER.createDatabase("ckl_lost");
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "nokey", "CREATE TABLE `nokey` (`id` int NOT NULL, `a` varchar(20)) ENGINE=InnoDB;");
        int rows = 400;
        String[] tuples = new String[rows];
        for (int i = 0; i < rows; i++) {
            tuples[i] = "(" + i + ",'row " + i + "')";
        }
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("nokey", null, tuples).writeTo(dir, db
                + ".nokey.000000000.sql");
        try (CommitDroppingProxy proxy = new CommitDroppingProxy(ItDb.SERVER.host(), ItDb.SERVER.port(), 5)) {
            String url = ItDb.SERVER.jdbcUrl().replace(":" + ItDb.SERVER.port() + "/", ":" + proxy.port() + "/");
            assertThat(url).contains(":" + proxy.port() + "/");
            ImportResult r = ItDb.importer(dir, db).target(url, ItDb.SERVER.user(), ItDb.SERVER.password())
                    .concurrency(1).batchRows(25).checkpoint(true).checkpointDriver("mysql")
                    .checkpointSchema("ckp_" + db).run();
            assertThat(proxy.dropped.get()).as("a commit answer was lost").isEqualTo(1);
            assertThat(r.rows()).isEqualTo(rows);
        }
        assertThat(ItDb.count("`" + db + "`.nokey")).isEqualTo(rows);
        assertThat(ItDb.longValue("SELECT COUNT(DISTINCT id) FROM `" + db + "`.nokey")).isEqualTo(rows);
    }

    /**
     * Regression: when the question "did the lost commit take place?" also lost its connection (the server
     * going away), the batch was written again without an answer: a duplicate on a keyed table, doubled rows
     * on a keyless one. The question is now asked again until answered.
     */
    @Test
    void aLostCommitWhoseCheckAlsoLosesItsConnectionIsNotWrittenTwice() throws Exception {
        String db = ItDb.SERVER.createDatabase("ckl_lost_check");
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "nokey", "CREATE TABLE `nokey` (`id` int NOT NULL, `a` varchar(20)) ENGINE=InnoDB;");
        int rows = 400;
        String[] tuples = new String[rows];
        for (int i = 0; i < rows; i++) {
            tuples[i] = "(" + i + ",'row " + i + "')";
        }
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("nokey", null, tuples).writeTo(dir, db
                + ".nokey.000000000.sql");
        try (CommitDroppingProxy proxy = new CommitDroppingProxy(ItDb.SERVER.host(), ItDb.SERVER.port(), 5, 2)) {
            String url = ItDb.SERVER.jdbcUrl().replace(":" + ItDb.SERVER.port() + "/", ":" + proxy.port() + "/");
            ImportResult r = ItDb.importer(dir, db).target(url, ItDb.SERVER.user(), ItDb.SERVER.password())
                    .concurrency(1).batchRows(25).checkpoint(true).checkpointDriver("mysql")
                    .checkpointSchema("ckp_" + db).run();
            assertThat(proxy.dropped.get()).as("a commit answer was lost").isEqualTo(1);
            assertThat(ItDb.count("`" + db + "`.nokey")).as("every row once").isEqualTo(rows);
            assertThat(ItDb.longValue("SELECT COUNT(DISTINCT id) FROM `" + db + "`.nokey")).isEqualTo(rows);
            assertThat(r.rows()).isEqualTo(rows);
            assertThat(proxy.checksCut.get()).as("the first checks lost their connection").isEqualTo(2);
        }
    }
}
