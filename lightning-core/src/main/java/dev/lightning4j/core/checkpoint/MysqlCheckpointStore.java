package dev.lightning4j.core.checkpoint;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.CheckpointStore;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
import dev.lightning4j.spi.TargetFailures;
import dev.lightning4j.spi.TaskCheckpoint;
import dev.lightning4j.spi.TransactionalCheckpoints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Checkpoints in tables of a schema on the target ({@code lightning_checkpoints} by default), like TiDB
 * Lightning's {@code mysql} driver. Because they live on the target, the logical backend writes a chunk's
 * position in the same transaction as the batch it covers: a resume is then exact for every table.
 *
 * <p>Backend entries are rows of {@code entry_v1}, created with the other tables when missing, so a schema an
 * earlier version created (without it) is used as it is and gains the table on its first open.
 */
final class MysqlCheckpointStore implements CheckpointStore, TransactionalCheckpoints {
    private static final String CHUNK_UPSERT = "INSERT INTO %s.chunk_v1 (table_schema, table_name, chunk_key, path,"
            + " start_offset, end_offset, file_size, pos, row_count, skipped, finished, source_columns)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON DUPLICATE KEY UPDATE pos = VALUES(pos), row_count ="
            + " VALUES(row_count), skipped = VALUES(skipped), finished = VALUES(finished), source_columns ="
            + " VALUES(source_columns), end_offset = VALUES(end_offset), file_size = VALUES(file_size)";

    private final DataSource target;
    private final String schema;
    private final String q;

    private volatile boolean created;

    MysqlCheckpointStore(DataSource target, String schema) {
        this.target = target;
        this.schema = schema;
        this.q = TableName.quote(schema);
        create();
    }

    /** Creates the schema and tables if missing; again after {@link #removeAll()} dropped them. */
    private void create() {
        run("create the checkpoint tables", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE IF NOT EXISTS " + q);
                s.execute("CREATE TABLE IF NOT EXISTS " + q + ".task_v1 (id TINYINT PRIMARY KEY, task_id BIGINT NOT"
                        + " NULL, fingerprint MEDIUMTEXT NOT NULL) ENGINE=InnoDB");
                s.execute("CREATE TABLE IF NOT EXISTS " + q + ".table_v1 (table_schema VARCHAR(64) NOT NULL,"
                        + " table_name VARCHAR(64) NOT NULL, status VARCHAR(20) NOT NULL, error TEXT,"
                        + " update_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
                        + " PRIMARY KEY (table_schema, table_name)) ENGINE=InnoDB");
                s.execute("CREATE TABLE IF NOT EXISTS " + q + ".chunk_v1 (table_schema VARCHAR(64) NOT NULL,"
                        + " table_name VARCHAR(64) NOT NULL, chunk_key CHAR(64) NOT NULL, path TEXT NOT NULL,"
                        + " start_offset BIGINT NOT NULL, end_offset BIGINT NOT NULL, file_size BIGINT NOT NULL,"
                        + " pos BIGINT NOT NULL, row_count BIGINT NOT NULL, skipped BIGINT NOT NULL,"
                        + " finished BOOLEAN NOT NULL, source_columns MEDIUMTEXT,"
                        + " update_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
                        + " PRIMARY KEY (table_schema, table_name, chunk_key)) ENGINE=InnoDB");
                s.execute("CREATE TABLE IF NOT EXISTS " + q + ".entry_v1 (table_schema VARCHAR(64) NOT NULL,"
                        + " table_name VARCHAR(64) NOT NULL, entry_name VARCHAR(" + Entries.MAX_NAME + ") NOT NULL,"
                        + " entry_value MEDIUMTEXT NOT NULL,"
                        + " update_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
                        + " PRIMARY KEY (table_schema, table_name, entry_name)) ENGINE=InnoDB");
            }
            return null;
        });
        created = true;
    }

    /** Reads nothing from a dropped store instead of failing. */
    private <T> T read(String what, T empty, Work<T> work) {
        return created ? run(what, work) : empty;
    }

    private void ensureCreated() {
        if (!created) {
            create();
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on a connection of its own; every write here is an upsert, so a lost connection retries. */
    private <T> T run(String what, Work<T> work) {
        try {
            return TargetFailures.retryingLostConnections(() -> {
                try (Connection c = target.getConnection()) {
                    boolean auto = c.getAutoCommit();
                    T result = work.run(c);
                    if (!auto) {
                        c.commit();
                    }
                    return result;
                }
            });
        } catch (SQLException e) {
            throw TargetFailures.failure(what + " in schema " + schema + " on the target", e, null,
                    ErrorCode.CHECKPOINT, "the user needs CREATE, SELECT, INSERT, UPDATE, DELETE and DROP on it");
        }
    }

    @Override
    public TaskCheckpoint task() {
        return read("read the task", null, c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT task_id, fingerprint FROM " + q + ".task_v1 WHERE id = 1")) {
                return rs.next() ? new TaskCheckpoint(rs.getLong(1), Codec.map(rs.getString(2))) : null;
            }
        });
    }

    @Override
    public void saveTask(TaskCheckpoint task) {
        ensureCreated();
        run("save the task", c -> {
            try (PreparedStatement ps = c.prepareStatement("REPLACE INTO " + q
                    + ".task_v1 (id, task_id, fingerprint) VALUES (1, ?, ?)")) {
                ps.setLong(1, task.taskId());
                ps.setString(2, Codec.map(task.fingerprint()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<TableCheckpoint> tables() {
        return read("read the tables", List.of(), c -> {
            List<TableCheckpoint> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_schema, table_name,"
                    + " status, error FROM " + q + ".table_v1 ORDER BY table_schema, table_name")) {
                while (rs.next()) {
                    out.add(new TableCheckpoint(new TableName(rs.getString(1), rs.getString(2)),
                            TableCheckpoint.Status.ofLabel(rs.getString(3)), rs.getString(4)));
                }
            }
            return out;
        });
    }

    @Override
    public void saveTable(TableCheckpoint t) {
        ensureCreated();
        run("save the table status", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q + ".table_v1 (table_schema, table_name,"
                    + " status, error) VALUES (?,?,?,?) ON DUPLICATE KEY UPDATE status = VALUES(status), error ="
                    + " VALUES(error)")) {
                ps.setString(1, t.table().schema());
                ps.setString(2, t.table().table());
                ps.setString(3, t.status().label());
                ps.setString(4, t.error());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * A locking read: right after a crash the server may still be committing (or rolling back) the dead
     * session's last batch with its position; reading without waiting for it would see the position before
     * that batch while its rows land, and a resume would write them again.
     */
    @Override
    public List<ChunkCheckpoint> chunks(TableName table) {
        return read("read the chunks", List.of(), c -> {
            List<ChunkCheckpoint> out = new ArrayList<>();
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT path, start_offset, end_offset, file_size, pos,"
                    + " row_count, skipped, source_columns, finished FROM " + q + ".chunk_v1 WHERE table_schema = ?"
                    + " AND table_name = ? ORDER BY path, start_offset FOR UPDATE")) {
                ps.setString(1, table.schema());
                ps.setString(2, table.table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ChunkCheckpoint(table, rs.getString(1), rs.getLong(2), rs.getLong(3),
                                rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                                Codec.columns(rs.getString(8)), rs.getBoolean(9)));
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
            return out;
        });
    }

    @Override
    public void saveChunk(ChunkCheckpoint chunk) {
        ensureCreated();
        run("save a chunk position", c -> {
            write(c, chunk);
            return null;
        });
    }

    @Override
    public TransactionalCheckpoints transactional() {
        return this;
    }

    @Override
    public void write(Connection c, ChunkCheckpoint chunk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(String.format(CHUNK_UPSERT, q))) {
            ps.setString(1, chunk.table().schema());
            ps.setString(2, chunk.table().table());
            ps.setString(3, sha256(chunk.key()));
            ps.setString(4, chunk.file());
            ps.setLong(5, chunk.start());
            ps.setLong(6, chunk.end());
            ps.setLong(7, chunk.fileSize());
            ps.setLong(8, chunk.offset());
            ps.setLong(9, chunk.rows());
            ps.setLong(10, chunk.skipped());
            ps.setBoolean(11, chunk.finished());
            ps.setString(12, Codec.columns(chunk.columns()));
            ps.executeUpdate();
        }
    }

    @Override
    public ChunkCheckpoint read(Connection c, ChunkCheckpoint chunk) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT pos, row_count, skipped, source_columns, finished FROM "
                + q + ".chunk_v1 WHERE table_schema = ? AND table_name = ? AND chunk_key = ? FOR UPDATE")) {
            ps.setString(1, chunk.table().schema());
            ps.setString(2, chunk.table().table());
            ps.setString(3, sha256(chunk.key()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new ChunkCheckpoint(chunk.table(), chunk.file(), chunk.start(), chunk.end(), chunk.fileSize(),
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), Codec.columns(rs.getString(4)),
                        rs.getBoolean(5));
            }
        } finally {
            c.commit();
            c.setAutoCommit(auto);
        }
    }

    @Override
    public boolean keepsEntries() {
        return true;
    }

    @Override
    public Map<TableName, Map<String, String>> entries() {
        return read("read the backend entries", Map.of(), c -> {
            Map<TableName, Map<String, String>> out = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_schema, table_name,"
                    + " entry_name, entry_value FROM " + q + ".entry_v1")) {
                while (rs.next()) {
                    out.computeIfAbsent(new TableName(rs.getString(1), rs.getString(2)), k -> new TreeMap<>())
                            .put(rs.getString(3), rs.getString(4));
                }
            }
            return out;
        });
    }

    @Override
    public void saveEntry(TableName table, String name, String value) {
        Entries.checkName(name);
        ensureCreated();
        run(value == null ? "remove a backend entry" : "save a backend entry", c -> {
            try (PreparedStatement ps = c.prepareStatement(value == null
                    ? "DELETE FROM " + q + ".entry_v1 WHERE table_schema = ? AND table_name = ? AND entry_name = ?"
                    : "INSERT INTO " + q + ".entry_v1 (table_schema, table_name, entry_name, entry_value)"
                    + " VALUES (?,?,?,?) ON DUPLICATE KEY UPDATE entry_value = VALUES(entry_value)")) {
                ps.setString(1, table.schema());
                ps.setString(2, table.table());
                ps.setString(3, name);
                if (value != null) {
                    ps.setString(4, value);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void removeTable(TableName table) {
        run("remove a table's checkpoints", c -> {
            for (String t : List.of("table_v1", "chunk_v1", "entry_v1")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + q + "." + t
                        + " WHERE table_schema = ? AND table_name = ?")) {
                    ps.setString(1, table.schema());
                    ps.setString(2, table.table());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void removeAll() {
        run("drop the checkpoint schema", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + q);
            }
            return null;
        });
        created = false;
    }

    @Override
    public String afterSuccess(KeepAfterSuccess keep) {
        switch (keep) {
            case REMOVE -> {
                removeAll();
                return null;
            }
            case RENAME -> {
                TaskCheckpoint task = task();
                String renamed = schema + "_" + (task == null ? 0 : task.taskId()) + "_bak";
                String rq = TableName.quote(renamed);
                run("rename the checkpoint schema", c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE DATABASE IF NOT EXISTS " + rq);
                        s.execute("RENAME TABLE " + q + ".task_v1 TO " + rq + ".task_v1, " + q + ".table_v1 TO " + rq
                                + ".table_v1, " + q + ".chunk_v1 TO " + rq + ".chunk_v1, " + q + ".entry_v1 TO " + rq
                                + ".entry_v1");
                        s.execute("DROP DATABASE IF EXISTS " + q);
                    }
                    return null;
                });
                created = false;
                return renamed;
            }
            default -> {
                return schema;
            }
        }
    }

    @Override
    public String describe() {
        return "schema " + schema + " on the target";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
    }
}
