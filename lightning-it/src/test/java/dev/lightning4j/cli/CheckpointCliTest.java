package dev.lightning4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.it.ItDb;
import dev.lightning4j.it.checkpoint.CheckpointCtlSource;
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
}
