package dev.lightning4j.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
import dev.lightning4j.spi.TableCheckpoint.Status;
import dev.lightning4j.spi.TaskCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {
    @TempDir
    Path dir;

    /** Names with tabs, newlines, commas, '=' and non-ASCII must survive the text format. */
    @Test
    void everyFieldSurvivesAReopen() {
        Path file = dir.resolve("ck.txt");
        TableName t = new TableName("d\tb", "t,a\nb=é");
        ChunkCheckpoint c = new ChunkCheckpoint(t, "dir/a b,c.sql", 10, -1, 12345, 678, 90, 3,
                List.of("x,y", "", "z\tw", "ü"), false);
        ChunkCheckpoint noColumns = new ChunkCheckpoint(t, "other.csv", 0, 500, 500, 500, 7, 0, null, true);
        FileCheckpointStore s = new FileCheckpointStore(file);
        s.saveTask(new TaskCheckpoint(42, Map.of("filter", "a.*,!b=c", "csv", "x\ny")));
        s.saveTable(new TableCheckpoint(t, Status.FAILED, "LJ-ROW-001 bad\trow\nhere"));
        s.saveChunk(c);
        s.saveChunk(noColumns);

        FileCheckpointStore again = new FileCheckpointStore(file);
        assertThat(again.task()).isEqualTo(new TaskCheckpoint(42, Map.of("filter", "a.*,!b=c", "csv", "x\ny")));
        assertThat(again.tables()).containsExactly(new TableCheckpoint(t, Status.FAILED, "LJ-ROW-001 bad\trow\nhere"));
        assertThat(again.chunks(t)).containsExactlyInAnyOrder(c, noColumns);
        assertThat(again.chunks(t).stream().filter(x -> x.file().equals("other.csv")).findFirst().orElseThrow()
                .columns()).isNull();
    }

    @Test
    void aSaveReplacesTheChunkAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("ck.txt");
        TableName t = new TableName("db", "t");
        FileCheckpointStore s = new FileCheckpointStore(file);
        s.saveChunk(new ChunkCheckpoint(t, "f.sql", 0, -1, 100, 10, 1, 0, null, false));
        s.saveChunk(new ChunkCheckpoint(t, "f.sql", 0, -1, 100, 60, 6, 1, null, false));
        assertThat(new FileCheckpointStore(file).chunks(t)).singleElement()
                .satisfies(c -> assertThat(c.offset()).isEqualTo(60));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ck.txt");
        }
    }

    @Test
    void aDamagedFileIsRefusedWithItsLine() throws Exception {
        Path file = dir.resolve("ck.txt");
        FileCheckpointStore s = new FileCheckpointStore(file);
        s.saveTable(new TableCheckpoint(new TableName("db", "t"), Status.WRITING, null));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.write(file, Arrays.asList(lines.get(0), "table\t=db"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new FileCheckpointStore(file)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CHECKPOINT);
            assertThat(e.getMessage()).contains(file.toString()).contains("line 2").contains("--checkpoint-remove");
        });
    }

    @Test
    void afterSuccessRemovesRenamesOrKeeps() {
        TableName t = new TableName("db", "t");
        for (KeepAfterSuccess keep : KeepAfterSuccess.values()) {
            Path file = dir.resolve(keep + ".txt");
            FileCheckpointStore s = new FileCheckpointStore(file);
            s.saveTask(new TaskCheckpoint(7, Map.of()));
            s.saveTable(new TableCheckpoint(t, Status.FINISHED, null));
            String kept = s.afterSuccess(keep);
            switch (keep) {
                case REMOVE -> {
                    assertThat(kept).isNull();
                    assertThat(file).doesNotExist();
                }
                case RENAME -> {
                    assertThat(file).doesNotExist();
                    assertThat(Path.of(kept)).exists().hasFileName(keep + ".txt.7.bak");
                    assertThat(new FileCheckpointStore(Path.of(kept)).tables()).hasSize(1);
                }
                case ORIGIN -> assertThat(new FileCheckpointStore(file).tables()).hasSize(1);
            }
        }
    }

    @Test
    void backendEntriesSurviveAReopenAndGoWithTheirTable() {
        Path file = dir.resolve("ck.txt");
        TableName t = new TableName("d\tb", "t,a\nb=é");
        TableName other = new TableName("db", "other");
        String defs = "UNIQUE KEY `uk` (`a`,`b`(10))\nKEY `k\t2` (`c`) COMMENT 'x=y, 100%'";
        FileCheckpointStore s = new FileCheckpointStore(file);
        assertThat(s.keepsEntries()).isTrue();
        s.saveTask(new TaskCheckpoint(1, Map.of()));
        s.saveTable(new TableCheckpoint(t, Status.WRITING, null));
        s.saveEntry(t, "add-index", defs);
        s.saveEntry(t, "other", "1");
        s.saveEntry(other, "add-index", "KEY `k` (`x`)");

        FileCheckpointStore again = new FileCheckpointStore(file);
        assertThat(again.entries()).containsOnlyKeys(t, other);
        assertThat(again.entries().get(t)).containsExactlyInAnyOrderEntriesOf(Map.of("add-index", defs, "other", "1"));
        assertThat(new Entries(again).of(other)).containsExactlyEntriesOf(Map.of("add-index", "KEY `k` (`x`)"));

        again.saveEntry(t, "other", null);
        again.saveEntry(other, "add-index", "KEY `k2` (`y`)");
        FileCheckpointStore third = new FileCheckpointStore(file);
        assertThat(third.entries().get(t)).containsExactlyEntriesOf(Map.of("add-index", defs));
        assertThat(third.entries().get(other)).containsExactlyEntriesOf(Map.of("add-index", "KEY `k2` (`y`)"));

        third.removeTable(t);
        assertThat(new FileCheckpointStore(file).entries()).containsOnlyKeys(other);
        third.saveEntry(other, "add-index", null);
        assertThat(new FileCheckpointStore(file).entries()).isEmpty();
        assertThatThrownBy(() -> new Entries(third).put(other, "x".repeat(65), "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
    }

    @Test
    void aFileWithoutEntriesIsWrittenAndReadAsBeforeEntriesExisted() throws Exception {
        Path file = dir.resolve("ck.txt");
        // As the version before backend entries wrote it.
        Files.writeString(file, "lightning4j-checkpoint\t1\ntask\t5\t=a%3Db%0A\ntable\t=db\t=t\twritten\t-\n"
                + "chunk\t=db\t=t\t=t.sql\t0\t-1\t10\t10\t2\t0\ttrue\t-\n", StandardCharsets.UTF_8);
        String before = Files.readString(file, StandardCharsets.UTF_8);
        FileCheckpointStore s = new FileCheckpointStore(file);
        assertThat(s.task().taskId()).isEqualTo(5);
        assertThat(s.tables()).containsExactly(new TableCheckpoint(new TableName("db", "t"), Status.WRITTEN, null));
        assertThat(s.entries()).isEmpty();
        s.saveTable(new TableCheckpoint(new TableName("db", "t"), Status.WRITTEN, null));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(before);
        s.saveEntry(new TableName("db", "t"), "add-index", "KEY `k` (`x`)");
        assertThat(new FileCheckpointStore(file).entries()).containsOnlyKeys(new TableName("db", "t"));
    }

    @Test
    void entriesAreRemovedRenamedOrKeptWithTheCheckpoints() {
        TableName t = new TableName("db", "t");
        for (KeepAfterSuccess keep : KeepAfterSuccess.values()) {
            Path file = dir.resolve("e-" + keep + ".txt");
            FileCheckpointStore s = new FileCheckpointStore(file);
            s.saveTask(new TaskCheckpoint(7, Map.of()));
            s.saveEntry(t, "add-index", "KEY `k` (`x`)");
            String kept = s.afterSuccess(keep);
            assertThat(s.entries()).as(keep.toString()).hasSize(keep == KeepAfterSuccess.ORIGIN ? 1 : 0);
            switch (keep) {
                case REMOVE -> assertThat(new FileCheckpointStore(file).entries()).isEmpty();
                case RENAME -> assertThat(new FileCheckpointStore(Path.of(kept)).entries()).containsOnlyKeys(t);
                case ORIGIN -> assertThat(new FileCheckpointStore(file).entries()).containsOnlyKeys(t);
            }
        }
        FileCheckpointStore s = new FileCheckpointStore(dir.resolve("all.txt"));
        s.saveEntry(t, "add-index", "KEY `k` (`x`)");
        s.removeAll();
        assertThat(new FileCheckpointStore(dir.resolve("all.txt")).entries()).isEmpty();
    }

    @Test
    void fingerprintDifferencesNameEachChangedSetting() {
        Map<String, String> saved = Map.of("backend", "logical", "on-duplicate", "error", "filter", "a.*");
        Map<String, String> now = new java.util.LinkedHashMap<>();
        now.put("backend", "logical");
        now.put("on-duplicate", "replace");
        now.put("filter", "b.*");
        now.put("new-setting", "x");
        assertThat(Fingerprint.differences(saved, now)).containsExactly("on-duplicate (was 'error', now 'replace')",
                "filter (was 'a.*', now 'b.*')");
    }
}
