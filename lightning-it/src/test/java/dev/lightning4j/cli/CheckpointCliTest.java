package dev.lightning4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.it.DumpFile;
import dev.lightning4j.it.ItDb;
import dev.lightning4j.it.checkpoint.CheckpointCtlSource;
import dev.lightning4j.testing.TestingTidbStatus;
import dev.lightning4j.testing.tikv.FaultKind;
import dev.lightning4j.testing.tikv.Rpc;
import dev.lightning4j.testing.tikv.TestingTikvCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint flags of the command line, like tidb-lightning-ctl's. */
class CheckpointCliTest {
    @TempDir
    Path dir;

    @Test
    void dumpDestroyAndRemoveFromTheCommandLine() {
        String db = ItDb.SERVER.createDatabase("ckc_cli");
        Path source = dir.resolve("src");
        CheckpointCtlSource.write(source, db);
        String ckpt = "--checkpoint-path=" + dir.resolve("ckpt.txt");
        CliRun failed = CliRun.run(CliRun.toTestServer(source.toString(), db, "--checkpoint=true", ckpt,
                "--batch-rows=25", "--concurrency=1"));
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).contains("LJ-ROW-001");

        CliRun blocked = CliRun.run(CliRun.toTestServer(source.toString(), db, "--checkpoint=true", ckpt,
                "--batch-rows=25", "--concurrency=1", "--max-error=1"));
        assertThat(blocked.exit()).isEqualTo(1);
        assertThat(blocked.err()).contains("LJ-CKP-001").contains(db + ".bad");

        CliRun dump = CliRun.run("--target-url", ItDb.SERVER.jdbcUrl(), "-u", ItDb.SERVER.user(), ckpt,
                "--checkpoint-dump");
        assertThat(dump.exit()).isZero();
        assertThat(dump.out()).contains("table " + db + ".bad failed").contains("on-duplicate = error");

        CliRun destroy = CliRun.run("--target-url", ItDb.SERVER.jdbcUrl(), "-u", ItDb.SERVER.user(), ckpt,
                "--checkpoint-error-destroy=" + db + ".bad");
        assertThat(destroy.exit()).isZero();
        assertThat(destroy.out()).contains("destroyed " + db + ".bad");
        assertThat(ItDb.tables(db)).doesNotContain("bad");

        CliRun resumed = CliRun.run(CliRun.toTestServer(source.toString(), db, "--checkpoint=true", ckpt,
                "--batch-rows=25", "--concurrency=1", "--max-error=1", "--checkpoint-keep-after-success=origin"));
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(ItDb.count("`" + db + "`.bad")).isEqualTo(CheckpointCtlSource.ROWS - 1);

        CliRun remove = CliRun.run("--target-url", ItDb.SERVER.jdbcUrl(), "-u", ItDb.SERVER.user(), ckpt,
                "--checkpoint-remove=all");
        assertThat(remove.exit()).isZero();
        assertThat(remove.out()).contains("removed the checkpoints of " + db + ".bad");
        assertThat(dir.resolve("ckpt.txt")).doesNotExist();

        CliRun two = CliRun.run("--target-url", ItDb.SERVER.jdbcUrl(), ckpt, "--checkpoint-dump",
                "--checkpoint-remove=all");
        assertThat(two.exit()).isEqualTo(2);
    }

    /**
     * A physical import with add-index-by-sql stops at its ingest, after the indexes were dropped: destroying the
     * table reports nothing (it is created again from the schema file), clearing the failure keeps the definitions,
     * and removing the checkpoints prints the statement that adds the indexes back.
     */
    @Test
    void removingTheCheckpointsOfATableWithDroppedIndexesPrintsTheStatementThatAddsThemBack() throws Exception {
        String db = ItDb.SERVER.createDatabase("ckc_addidx");
        String create = "CREATE TABLE `t` (`id` int NOT NULL, `a` varchar(8) DEFAULT NULL, `b` int DEFAULT NULL,"
                + " PRIMARY KEY (`id`), UNIQUE KEY `uk_a` (`a`), KEY `k_b` (`b`,`a`)) ENGINE=InnoDB";
        Path source = dir.resolve("src");
        Files.createDirectories(source);
        DumpFile.schemaCreate(source, db);
        DumpFile.schema(source, db, "t", create + ";");
        new DumpFile().text(DumpFile.DUMPLING_HEADER).insert("t", null, "(1,'x',10)", "(2,'y',NULL)", "(3,NULL,30)")
                .writeTo(source, db + ".t.000000000.sql");
        String ref = ItDb.SERVER.createDatabase("ckc_addidx_ref");
        ItDb.execute(ref, create);
        String expected = ItDb.rows("SHOW CREATE TABLE `" + ref + "`.`t`").get(0).get(1);
        try (TestingTidbStatus status = TestingTidbStatus.start(ItDb.SERVER.dataSource());
                TestingTikvCluster cluster = TestingTikvCluster.start()) {
            Path toml = dir.resolve("physical.toml");
            Files.writeString(toml, """
                    [tikv-importer]
                    backend = "local"
                    sorted-kv-dir = "%s"
                    add-index-by-sql = true
                    [tidb]
                    status-addr = "%s"
                    pd-addr = "%s"
                    pd-http-addr = "%s"
                    """.formatted(dir.resolve("sort"), status.address(), cluster.pdAddress(), cluster.pdHttpAddress()),
                    StandardCharsets.UTF_8);
            String ckpt = "--checkpoint-path=" + dir.resolve("ckpt-physical.txt");
            String[] importArgs = CliRun.toTestServer(source.toString(), db, "--config", toml.toString(),
                    "--checkpoint=true", ckpt);
            String[] ctl = {"--config", toml.toString(), "--target-url", ItDb.SERVER.jdbcUrl(), "-u",
                ItDb.SERVER.user(), ckpt};

            cluster.faults().inject(Rpc.MULTI_INGEST, FaultKind.DISK_FULL, 1);
            CliRun failed = CliRun.run(importArgs);
            assertThat(failed.exit()).as(failed.err()).isEqualTo(1);
            assertThat(ItDb.rows("SHOW CREATE TABLE `" + db + "`.`t`").get(0).get(1)).doesNotContain("uk_a");

            CliRun destroy = CliRun.run(concat(ctl, "--checkpoint-error-destroy=all"));
            assertThat(destroy.exit()).as(destroy.err()).isZero();
            assertThat(destroy.out()).contains("destroyed " + db + ".t").doesNotContain("warning:");
            assertThat(ItDb.tables(db)).doesNotContain("t");

            cluster.faults().inject(Rpc.MULTI_INGEST, FaultKind.DISK_FULL, 1);
            CliRun again = CliRun.run(importArgs);
            assertThat(again.exit()).as(again.err()).isEqualTo(1);

            CliRun ignore = CliRun.run(concat(ctl, "--checkpoint-error-ignore=all"));
            assertThat(ignore.exit()).as(ignore.err()).isZero();
            assertThat(ignore.out()).contains("cleared the failure of " + db + ".t").doesNotContain("warning:");

            CliRun remove = CliRun.run(concat(ctl, "--checkpoint-remove=all"));
            assertThat(remove.exit()).as(remove.err()).isZero();
            String statement = "ALTER TABLE `" + db + "`.`t` ADD UNIQUE KEY `uk_a` (`a`), ADD KEY `k_b` (`b`,`a`);";
            assertThat(remove.out()).contains("removed the checkpoints of " + db + ".t")
                    .contains("warning: table " + db + ".t still lacks the indexes").contains(statement);
            ItDb.execute(db, statement);
            assertThat(ItDb.rows("SHOW CREATE TABLE `" + db + "`.`t`").get(0).get(1)).isEqualTo(expected);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
