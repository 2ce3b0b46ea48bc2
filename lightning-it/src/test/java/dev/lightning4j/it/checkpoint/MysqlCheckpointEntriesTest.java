package dev.lightning4j.it.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.TableName;
import dev.lightning4j.core.checkpoint.MysqlCheckpointStoreProvider;
import dev.lightning4j.it.ItDb;
import dev.lightning4j.spi.CheckpointContext;
import dev.lightning4j.spi.CheckpointStore;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
import dev.lightning4j.spi.TableCheckpoint.Status;
import dev.lightning4j.spi.TaskCheckpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backend entries in the mysql checkpoint driver's schema on the target. */
class MysqlCheckpointEntriesTest {

    private static CheckpointStore open(String schema) {
        return new MysqlCheckpointStoreProvider().open(new CheckpointContext(null, schema, ItDb.SERVER.dataSource()));
    }

    @Test
    void entriesAreSavedReadBackAfterAReopenAndRemovedWithTheirTable() {
        String schema = ItDb.unusedDatabaseName("ckp_entries");
        TableName t = new TableName("db", "t");
        TableName other = new TableName("db", "é`other");
        String defs = "UNIQUE KEY `uk` (`a`,`b`(10))\nKEY `k` (`c`) COMMENT 'x=y, 100%, \\'q\\''";
        try (CheckpointStore s = open(schema)) {
            assertThat(s.keepsEntries()).isTrue();
            assertThat(s.entries()).isEmpty();
            s.saveTable(new TableCheckpoint(t, Status.WRITING, null));
            s.saveEntry(t, "add-index", defs);
            s.saveEntry(t, "second", "2");
            s.saveEntry(other, "add-index", "KEY `k` (`x`)");
        }
        try (CheckpointStore s = open(schema)) {
            assertThat(s.entries()).containsOnlyKeys(t, other);
            assertThat(s.entries().get(t)).containsExactlyInAnyOrderEntriesOf(Map.of("add-index", defs, "second", "2"));
            s.saveEntry(t, "second", null);
            s.saveEntry(other, "add-index", "KEY `k2` (`y`)");
        }
        try (CheckpointStore s = open(schema)) {
            assertThat(s.entries().get(t)).containsExactlyEntriesOf(Map.of("add-index", defs));
            assertThat(s.entries().get(other)).containsExactlyEntriesOf(Map.of("add-index", "KEY `k2` (`y`)"));
            s.removeTable(t);
            assertThat(s.entries()).containsOnlyKeys(other);
            assertThat(s.tables()).isEmpty();
            s.removeAll();
            assertThat(s.entries()).isEmpty();
            s.saveEntry(t, "add-index", "KEY `k` (`x`)");
        }
        try (CheckpointStore s = open(schema)) {
            assertThat(s.entries()).containsOnlyKeys(t);
            s.removeAll();
        }
    }

    @Test
    void aSchemaWrittenBeforeEntriesExistedOpensAndGainsThem() {
        String schema = ItDb.unusedDatabaseName("ckp_old");
        String q = "`" + schema + "`";
        // The tables as the version before backend entries created them, with a task, a table and a chunk.
        ItDb.execute(null, "CREATE DATABASE " + q,
                "CREATE TABLE " + q + ".task_v1 (id TINYINT PRIMARY KEY, task_id BIGINT NOT NULL, fingerprint"
                        + " MEDIUMTEXT NOT NULL) ENGINE=InnoDB",
                "CREATE TABLE " + q + ".table_v1 (table_schema VARCHAR(64) NOT NULL, table_name VARCHAR(64) NOT NULL,"
                        + " status VARCHAR(20) NOT NULL, error TEXT, update_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP"
                        + " ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (table_schema, table_name)) ENGINE=InnoDB",
                "CREATE TABLE " + q + ".chunk_v1 (table_schema VARCHAR(64) NOT NULL, table_name VARCHAR(64) NOT NULL,"
                        + " chunk_key CHAR(64) NOT NULL, path TEXT NOT NULL, start_offset BIGINT NOT NULL, end_offset"
                        + " BIGINT NOT NULL, file_size BIGINT NOT NULL, pos BIGINT NOT NULL, row_count BIGINT NOT NULL,"
                        + " skipped BIGINT NOT NULL, finished BOOLEAN NOT NULL, source_columns MEDIUMTEXT, update_time"
                        + " TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (table_schema,"
                        + " table_name, chunk_key)) ENGINE=InnoDB",
                "INSERT INTO " + q + ".task_v1 VALUES (1, 77, '')",
                "INSERT INTO " + q + ".table_v1 (table_schema, table_name, status, error) VALUES ('db','t','written',"
                        + " NULL)",
                "INSERT INTO " + q + ".chunk_v1 (table_schema, table_name, chunk_key, path, start_offset, end_offset,"
                        + " file_size, pos, row_count, skipped, finished) VALUES ('db','t',"
                        + " '0000000000000000000000000000000000000000000000000000000000000000', 't.sql', 0, -1, 10, 10,"
                        + " 2, 0, TRUE)");
        TableName t = new TableName("db", "t");
        try (CheckpointStore s = open(schema)) {
            assertThat(s.task()).isEqualTo(new TaskCheckpoint(77, Map.of()));
            assertThat(s.tables()).containsExactly(new TableCheckpoint(t, Status.WRITTEN, null));
            assertThat(s.chunks(t)).extracting(ChunkCheckpoint::rows).containsExactly(2L);
            assertThat(s.entries()).isEmpty();
            s.saveEntry(t, "add-index", "KEY `k` (`x`)");
        }
        assertThat(ItDb.tables(schema)).containsExactly("chunk_v1", "entry_v1", "table_v1", "task_v1");
        try (CheckpointStore s = open(schema)) {
            assertThat(s.entries()).containsOnlyKeys(t);
            assertThat(s.tables()).hasSize(1);
            s.removeAll();
        }
    }

    @Test
    void entriesAreRenamedOrKeptWithTheCheckpoints() {
        TableName t = new TableName("db", "t");
        for (KeepAfterSuccess keep : List.of(KeepAfterSuccess.RENAME, KeepAfterSuccess.ORIGIN)) {
            String schema = ItDb.unusedDatabaseName("ckp_keep");
            String kept;
            try (CheckpointStore s = open(schema)) {
                s.saveTask(new TaskCheckpoint(9, Map.of()));
                s.saveEntry(t, "add-index", "KEY `k` (`x`)");
                kept = s.afterSuccess(keep);
            }
            try (CheckpointStore s = open(kept)) {
                assertThat(s.entries()).as(keep.toString()).containsOnlyKeys(t);
                s.removeAll();
            }
            if (keep == KeepAfterSuccess.RENAME) {
                try (CheckpointStore s = open(schema)) {
                    assertThat(s.entries()).isEmpty();
                    s.removeAll();
                }
            }
        }
    }
}
