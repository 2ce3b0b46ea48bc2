package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.spi.TargetFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the imports of {@code tikv-importer.parallel-import} coordinate, with TiDB Lightning's tables and states in
 * the target's {@code lightning.meta-schema-name} schema: {@code task_meta} has a row per import (task), with what
 * it paused on PD and whether it finished; {@code table_meta} a row per import and table, with the row-ID range it
 * reserved, the checksum of what the table held before (taken by the first import of the table) and its own
 * local checksum. Every decision that depends on the other imports (the row-ID range, who is first, who is last)
 * is taken in a transaction that reads the rows concerned with {@code SELECT ... FOR UPDATE}, so two imports
 * never take it at once. Works on TiDB (pessimistic transactions) and on MySQL-compatible servers.
 *
 * <p>A table's states ({@code table_meta.status}): {@code initialized}, {@code allocated} (the first import of
 * the table reserved its row IDs and has yet to checksum what the table holds), {@code restore} (importing),
 * {@code checksuming} (the last import to finish verifies the whole table), {@code checksum_skipped} (an import
 * that finished while others still imported), {@code finish}. A task's ({@code task_meta.status}):
 * {@code initialized}, {@code schedule_set}, {@code skip_switch} (finished while others still imported: it left
 * the cluster's import settings to them), {@code switched} (the last one: it switched the cluster back).
 */
final class ParallelImportMeta {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelImportMeta.class);
    static final String TASK_META = "task_meta";
    static final String TABLE_META = "table_meta";
    /** Transactions retried after a deadlock, a lock wait timeout or a write conflict. */
    private static final int TXN_ATTEMPTS = 20;

    /** {@code table_meta.status}, in order. */
    enum TableStatus {
        INITIALIZED("initialized"), ALLOCATED("allocated"), RESTORE("restore"), RESTORE_FINISHED("restore_finished"),
        CHECKSUMING("checksuming"), CHECKSUM_SKIPPED("checksum_skipped"), FINISH("finish");

        final String text;

        TableStatus(String text) {
            this.text = text;
        }

        static TableStatus parse(String s) {
            return status(values(), t -> t.text, s, TABLE_META);
        }
    }

    /** {@code task_meta.status}, in order. */
    enum TaskStatus {
        INITIALIZED("initialized"), SCHEDULE_SET("schedule_set"), SKIP_SWITCH("skip_switch"), SWITCHED("switched");

        final String text;

        TaskStatus(String text) {
            this.text = text;
        }

        static TaskStatus parse(String s) {
            return status(values(), t -> t.text, s, TASK_META);
        }
    }

    /** The status of {@code values} (first = initial, also for an empty column) whose text is {@code s}. */
    private static <S> S status(S[] values, java.util.function.Function<S, String> text, String s, String table) {
        if (s == null || s.isEmpty()) {
            return values[0];
        }
        for (S v : values) {
            if (text.apply(v).equals(s)) {
                return v;
            }
        }
        throw new ImportException(ErrorCode.CHECKPOINT, table + " holds the unknown status '" + s + "'");
    }

    /** {@code task_meta.state}: running, or stopped without finishing (a failure; a restart continues it). */
    static final int STATE_NORMAL = 0;
    static final int STATE_EXITED = 1;

    /** Reserves row IDs: returns the base of {@code count} IDs above {@code atLeast}. */
    @FunctionalInterface
    interface RowIdAllocator {
        long allocate(long atLeast, long count);
    }

    /**
     * This import's row-ID range of a table.
     *
     * @param base      row IDs lie in {@code (base, max]}
     * @param max       the last row ID reserved
     * @param takeBase  whether this import is the first of the table and is to checksum what it holds
     *                  ({@link #recordBaseChecksum}) before anything is ingested
     */
    record Allocation(long base, long max, boolean takeBase) {
    }

    /**
     * The outcome of recording a local checksum.
     *
     * @param last     whether this import is the last of the table to finish: it verifies the table
     * @param expected when last, the XOR of every import's local checksum and the base checksum (kvs and bytes
     *                 summed), what the table must hold
     * @param imports  the imports of the table counted in {@code expected}
     */
    record Outcome(boolean last, KvChecksum expected, int imports) {
    }

    /**
     * What a finishing import is to do with the cluster.
     *
     * @param switchBack   no other import runs: switch the cluster back to normal (import mode, scheduling)
     * @param allFinished  every import finished: the metadata is removed
     */
    record TaskEnd(boolean switchBack, boolean allFinished) {
    }

    private final DataSource dataSource;
    private final String schema;
    private final long taskId;
    private final boolean tidb;
    private final String taskTable;
    private final String tableTable;

    ParallelImportMeta(DataSource dataSource, String schema, long taskId, boolean tidb) {
        if (schema == null || schema.isBlank()) {
            throw new ImportException(ErrorCode.INVALID_OPTION, PhysicalOptions.META_SCHEMA_NAME + " must not be empty"
                    + " with " + PhysicalOptions.PARALLEL_IMPORT);
        }
        this.dataSource = dataSource;
        this.schema = schema;
        this.taskId = taskId;
        this.tidb = tidb;
        this.taskTable = quote(schema) + "." + quote(TASK_META);
        this.tableTable = quote(schema) + "." + quote(TABLE_META);
    }

    long taskId() {
        return taskId;
    }

    String schema() {
        return schema;
    }

    private static String quote(String id) {
        return "`" + id.replace("`", "``") + "`";
    }

    /** Creates the schema and the two tables when missing; safe when several imports do it at once. */
    void init() {
        List<String> ddl = List.of("CREATE DATABASE IF NOT EXISTS " + quote(schema),
                "CREATE TABLE IF NOT EXISTS " + taskTable + " (task_id BIGINT(20) UNSIGNED NOT NULL,"
                        + " pd_cfgs VARCHAR(2048) NOT NULL DEFAULT '', status VARCHAR(32) NOT NULL,"
                        + " state TINYINT(1) NOT NULL DEFAULT 0, tikv_source_bytes BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,"
                        + " tiflash_source_bytes BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,"
                        + " tikv_avail BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,"
                        + " tiflash_avail BIGINT(20) UNSIGNED NOT NULL DEFAULT 0, PRIMARY KEY (task_id))",
                "CREATE TABLE IF NOT EXISTS " + tableTable + " (task_id BIGINT(20) UNSIGNED, table_id BIGINT(64) NOT NULL,"
                        + " table_name VARCHAR(64) NOT NULL, row_id_base BIGINT(20) NOT NULL DEFAULT 0,"
                        + " row_id_max BIGINT(20) NOT NULL DEFAULT 0,"
                        + " total_kvs_base BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,"
                        + " total_bytes_base BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,"
                        + " checksum_base BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,"
                        + " total_kvs BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,"
                        + " total_bytes BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,"
                        + " checksum BIGINT(20) UNSIGNED NOT NULL DEFAULT 0, status VARCHAR(32) NOT NULL,"
                        + " has_duplicates BOOL NOT NULL DEFAULT 0, PRIMARY KEY (table_id, task_id))");
        for (String sql : ddl) {
            for (int attempt = 1;; attempt++) {
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.execute(sql);
                    break;
                } catch (SQLException e) {
                    // Two imports creating the tables at once: TiDB's DDL may report that the other one won.
                    if (attempt >= 3) {
                        throw failure("creating the metadata tables", e);
                    }
                    sleep(200L * attempt);
                }
            }
        }
    }

    /** Registers this import (again, after a restart: running once more). */
    void initTask() {
        update("registering the import", "INSERT INTO " + taskTable + " (task_id, status) VALUES (?, ?)"
                + " ON DUPLICATE KEY UPDATE state = ?", Long.toUnsignedString(taskId), TaskStatus.INITIALIZED.text,
                STATE_NORMAL);
    }

    /**
     * Reserves this import's row IDs of a table ({@code count} of them), or returns those it reserved before a
     * restart. The range starts above every range other imports of the table hold, and above TiDB's allocator
     * ({@code allocator} moves it past the range). Waits (bounded) while the last import of the table verifies it.
     */
    Allocation allocate(long tableId, String tableName, long count, RowIdAllocator allocator, long waitMillis) {
        update("registering table " + tableName, "INSERT IGNORE INTO " + tableTable + " (task_id, table_id, table_name,"
                + " status) VALUES (?, ?, ?, ?)", Long.toUnsignedString(taskId), tableId, tableName.length() > 64
                ? tableName.substring(0, 64) : tableName, TableStatus.INITIALIZED.text);
        long deadline = System.currentTimeMillis() + waitMillis;
        long wait = 500;
        while (true) {
            Allocation a = transaction("reserving the row IDs of " + tableName, c -> {
                long maxOthers = 0;
                boolean othersAllocated = false;
                Allocation own = null;
                try (PreparedStatement p = c.prepareStatement("SELECT task_id, row_id_base, row_id_max, status FROM "
                        + tableTable + " WHERE table_id = ? FOR UPDATE")) {
                    p.setLong(1, tableId);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            long task = Long.parseUnsignedLong(rs.getString(1));
                            TableStatus st = TableStatus.parse(rs.getString(4));
                            if (st.compareTo(TableStatus.FINISH) >= 0) {
                                continue;
                            }
                            if (st == TableStatus.CHECKSUMING) {
                                return null;
                            }
                            if (task == taskId) {
                                if (st.compareTo(TableStatus.ALLOCATED) >= 0) {
                                    long base = rs.getLong(2);
                                    long max = rs.getLong(3);
                                    if (max - base != count) {
                                        throw new ImportException(ErrorCode.CHECKPOINT, "table " + tableName + ": this"
                                                + " import (task " + Long.toUnsignedString(taskId) + ") reserved "
                                                + (max - base) + " row IDs before a restart, but its plan now needs "
                                                + count + " (were source files changed?); restore the files, or"
                                                + " start a new import (remove the sorted-kv-dir and this task's rows"
                                                + " in " + schema + ")", null, -1, tableName, null, null);
                                    }
                                    own = new Allocation(base, max, st == TableStatus.ALLOCATED);
                                }
                                continue;
                            }
                            othersAllocated |= st.compareTo(TableStatus.ALLOCATED) >= 0;
                            maxOthers = Math.max(maxOthers, rs.getLong(3));
                        }
                    }
                }
                if (own != null) {
                    return own;
                }
                long base = allocator.allocate(maxOthers, count);
                TableStatus next = othersAllocated ? TableStatus.RESTORE : TableStatus.ALLOCATED;
                try (PreparedStatement p = c.prepareStatement("UPDATE " + tableTable + " SET row_id_base = ?,"
                        + " row_id_max = ?, status = ? WHERE table_id = ? AND task_id = ?")) {
                    p.setLong(1, base);
                    p.setLong(2, base + count);
                    p.setString(3, next.text);
                    p.setLong(4, tableId);
                    p.setString(5, Long.toUnsignedString(taskId));
                    p.executeUpdate();
                }
                return new Allocation(base, base + count, next == TableStatus.ALLOCATED);
            });
            if (a != null) {
                LOG.info("table {}: row IDs ({}, {}] reserved for this import (task {}){}", tableName, a.base(), a.max(),
                        Long.toUnsignedString(taskId), a.takeBase() ? "; the first import of the table: it checksums"
                        + " what the table holds" : "");
                return a;
            }
            if (System.currentTimeMillis() + wait > deadline) {
                throw new ImportException(ErrorCode.TARGET_WRITE, "table " + tableName + " is being verified by another"
                        + " import (status checksuming in " + schema + "." + TABLE_META + ") and this one waited "
                        + waitMillis / 1000 + " s; start this import again when that one has finished", null, -1,
                        tableName, null, null);
            }
            LOG.warn("table {}: another import is verifying the table; trying again in {} ms", tableName, wait);
            sleep(wait);
            wait = Math.min(wait * 2, 30_000);
        }
    }

    /** The first import of a table records what the table held before; the others may then ingest. */
    void recordBaseChecksum(long tableId, KvChecksum base) {
        update("recording the base checksum", "UPDATE " + tableTable + " SET total_kvs_base = ?, total_bytes_base = ?,"
                + " checksum_base = ?, status = ? WHERE table_id = ? AND task_id = ?", Long.toUnsignedString(base.kvs()),
                Long.toUnsignedString(base.bytes()), Long.toUnsignedString(base.checksum()), TableStatus.RESTORE.text,
                tableId, Long.toUnsignedString(taskId));
    }

    /**
     * Waits until no other import of the table is still to checksum what the table held before (the first
     * import does it right after reserving its row IDs), so nothing is ingested under that checksum.
     */
    void awaitBaseChecksum(long tableId, String tableName, long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        long wait = 100;
        while (true) {
            long pending = 0;
            String stopped = null;
            try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement("SELECT m.task_id,"
                    + " t.state FROM " + tableTable + " m LEFT JOIN " + taskTable + " t ON t.task_id = m.task_id"
                    + " WHERE m.table_id = ? AND m.task_id <> ? AND m.status = ?")) {
                p.setLong(1, tableId);
                p.setString(2, Long.toUnsignedString(taskId));
                p.setString(3, TableStatus.ALLOCATED.text);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        pending++;
                        if (rs.getInt(2) == STATE_EXITED) {
                            stopped = rs.getString(1);
                        }
                    }
                }
            } catch (SQLException e) {
                throw failure("reading " + TABLE_META + " for table " + tableName, e);
            }
            if (pending == 0) {
                return;
            }
            if (stopped != null) {
                throw new ImportException(ErrorCode.TARGET_WRITE, "table " + tableName + ": the first import of the"
                        + " table (task " + stopped + ") stopped before it recorded the checksum of what the table held"
                        + " before; restart that import (it takes the checksum again) and then this one, or remove"
                        + " its rows from " + schema + "." + TABLE_META + " and " + schema + "." + TASK_META, null, -1,
                        tableName, null, null);
            }
            if (System.currentTimeMillis() + wait > deadline) {
                throw new ImportException(ErrorCode.TARGET_WRITE, "table " + tableName + ": the first import of the"
                        + " table has not recorded the checksum of what the table held before after " + waitMillis / 1000
                        + " s (status allocated in " + schema + "." + TABLE_META + "); check that import, or remove"
                        + " its row once it is stopped, and start this one again", null, -1, tableName, null, null);
            }
            sleep(wait);
            wait = Math.min(wait * 2, 5_000);
        }
    }

    /**
     * Records this import's local checksum of a table and decides, in one transaction, whether it is the last
     * import of the table to finish: when another one still imports, this one skips the verification
     * ({@code checksum_skipped}); else it verifies ({@code checksuming}) against every import's checksum and the
     * base. After a restart the decision taken before holds.
     */
    Outcome recordLocalChecksum(long tableId, String tableName, KvChecksum local) {
        return transaction("recording the local checksum of " + tableName, c -> {
            long crc = local.checksum();
            long kvs = local.kvs();
            long bytes = local.bytes();
            int imports = 1;
            TableStatus next = TableStatus.CHECKSUMING;
            TableStatus before = null;
            try (PreparedStatement p = c.prepareStatement("SELECT task_id, total_kvs_base, total_bytes_base,"
                    + " checksum_base, total_kvs, total_bytes, checksum, status FROM " + tableTable
                    + " WHERE table_id = ? FOR UPDATE")) {
                p.setLong(1, tableId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        long task = Long.parseUnsignedLong(rs.getString(1));
                        TableStatus st = TableStatus.parse(rs.getString(8));
                        if (st.compareTo(TableStatus.FINISH) >= 0) {
                            continue;
                        }
                        kvs += Long.parseUnsignedLong(rs.getString(2));
                        bytes += Long.parseUnsignedLong(rs.getString(3));
                        crc ^= Long.parseUnsignedLong(rs.getString(4));
                        if (task == taskId) {
                            before = st;
                            continue;
                        }
                        if (st.compareTo(TableStatus.CHECKSUMING) < 0) {
                            next = TableStatus.CHECKSUM_SKIPPED;
                        } else if (st == TableStatus.CHECKSUMING) {
                            throw new ImportException(ErrorCode.TARGET_WRITE, "table " + tableName + " is being"
                                    + " verified by another import (task " + Long.toUnsignedString(task) + ", status"
                                    + " checksuming in " + schema + "." + TABLE_META + ") while this one still"
                                    + " imported it; check that import", null, -1, tableName, null, null);
                        } else {
                            kvs += Long.parseUnsignedLong(rs.getString(5));
                            bytes += Long.parseUnsignedLong(rs.getString(6));
                            crc ^= Long.parseUnsignedLong(rs.getString(7));
                            imports++;
                        }
                    }
                }
            }
            if (before == null) {
                // A resumed post-process: the last import of the table verified it and removed every row already.
                LOG.warn("table {}: the row of this import (task {}) is gone from {}.{}: the table was verified by the"
                        + " last import to finish it (or the row was removed by hand); nothing to record", tableName,
                        Long.toUnsignedString(taskId), schema, TABLE_META);
                return new Outcome(false, null, 0);
            }
            if (before.compareTo(TableStatus.CHECKSUMING) >= 0) {
                next = before;
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE " + tableTable + " SET total_kvs = ?, total_bytes = ?,"
                    + " checksum = ?, status = ? WHERE table_id = ? AND task_id = ?")) {
                p.setString(1, Long.toUnsignedString(local.kvs()));
                p.setString(2, Long.toUnsignedString(local.bytes()));
                p.setString(3, Long.toUnsignedString(local.checksum()));
                p.setString(4, next.text);
                p.setLong(5, tableId);
                p.setString(6, Long.toUnsignedString(taskId));
                p.executeUpdate();
            }
            boolean last = next == TableStatus.CHECKSUMING;
            return new Outcome(last, last ? new KvChecksum(crc, kvs, bytes) : null, imports);
        });
    }

    /** The last import of a table removes the table's rows once it verified it. */
    void finishTable(long tableId) {
        update("removing the finished table's rows", "DELETE FROM " + tableTable + " WHERE table_id = ? AND status IN"
                + " (?, ?)", tableId, TableStatus.CHECKSUMING.text, TableStatus.CHECKSUM_SKIPPED.text);
    }

    /**
     * Records the end of this import ({@code finished}: all its tables done; else it stopped on a failure) and
     * decides whether it is the last running import, which switches the cluster back; the last import of all
     * removes the finished tasks' rows.
     */
    TaskEnd finishTask(boolean finished) {
        TaskEnd end = transaction("finishing the import", c -> {
            boolean switchBack = true;
            boolean allFinished = finished;
            TaskStatus own = TaskStatus.INITIALIZED;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT task_id, status, state FROM "
                    + taskTable + " FOR UPDATE")) {
                while (rs.next()) {
                    long task = Long.parseUnsignedLong(rs.getString(1));
                    TaskStatus st = TaskStatus.parse(rs.getString(2));
                    if (task == taskId) {
                        own = st;
                        continue;
                    }
                    if (st.compareTo(TaskStatus.SKIP_SWITCH) < 0) {
                        allFinished = false;
                        if (rs.getInt(3) == STATE_NORMAL) {
                            LOG.info("another import (task {}, status {}) still runs", task, st.text);
                            switchBack = false;
                        }
                    }
                }
            }
            if (own.compareTo(TaskStatus.SKIP_SWITCH) < 0) {
                TaskStatus next = !finished ? own : allFinished ? TaskStatus.SWITCHED : TaskStatus.SKIP_SWITCH;
                try (PreparedStatement p = c.prepareStatement("UPDATE " + taskTable + " SET status = ?, state = ?"
                        + " WHERE task_id = ?")) {
                    p.setString(1, next.text);
                    p.setInt(2, finished ? STATE_NORMAL : STATE_EXITED);
                    p.setString(3, Long.toUnsignedString(taskId));
                    p.executeUpdate();
                }
            }
            if (allFinished) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM "
                        + tableTable)) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        // Only finished tasks: one that registered meanwhile stays.
                        try (PreparedStatement p = c.prepareStatement("DELETE FROM " + taskTable
                                + " WHERE status IN (?, ?)")) {
                            p.setString(1, TaskStatus.SKIP_SWITCH.text);
                            p.setString(2, TaskStatus.SWITCHED.text);
                            p.executeUpdate();
                        }
                    } else {
                        LOG.warn("{}.{} still holds rows of unfinished tables; the task rows stay", schema, TABLE_META);
                    }
                }
            }
            return new TaskEnd(switchBack, allFinished);
        });
        LOG.info("parallel import task {} {}: {}", Long.toUnsignedString(taskId), finished ? "finished" : "stopped",
                end.switchBack() ? "no other import runs, switching the cluster back" : "another import still runs"
                        + " and switches the cluster back");
        return end;
    }

    /**
     * Under {@code pause-pd-scheduler-scope = "global"}: the PD settings the first import paused (their values
     * before, as JSON) if any import recorded them, else records {@code original} as this import's; in one
     * transaction, so the values of the cluster before any import are the ones put back.
     */
    String sharePausedConfig(String original) {
        return transaction("recording the paused PD settings", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT task_id, pd_cfgs, status FROM "
                    + taskTable + " FOR UPDATE")) {
                while (rs.next()) {
                    // Also a finished import's: its rows stay until the last import of all ends.
                    String cfg = rs.getString(2);
                    if (cfg != null && !cfg.isEmpty()) {
                        return cfg;
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE " + taskTable + " SET pd_cfgs = ?, status = ?"
                    + " WHERE task_id = ?")) {
                p.setString(1, original);
                p.setString(2, TaskStatus.SCHEDULE_SET.text);
                p.setString(3, Long.toUnsignedString(taskId));
                p.executeUpdate();
            }
            return original;
        });
    }

    @FunctionalInterface
    private interface Txn<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T transaction(String what, Txn<T> body) {
        SQLException last = null;
        for (int attempt = 1; attempt <= TXN_ATTEMPTS; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                if (tidb) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET SESSION tidb_txn_mode = 'pessimistic'");
                    }
                }
                c.setAutoCommit(false);
                try {
                    T out = body.run(c);
                    c.commit();
                    return out;
                } catch (SQLException | RuntimeException | Error e) {
                    try {
                        c.rollback();
                    } catch (SQLException again) {
                        e.addSuppressed(again);
                    }
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!TargetFailures.transientConflict(e)) {
                    throw failure(what, e);
                }
                last = e;
                LOG.info("{}: the transaction meets another import's ({}); again", what, e.getMessage());
                sleep(Math.min(50L * attempt, 1000));
            }
        }
        throw failure(what + " (" + TXN_ATTEMPTS + " attempts)", last);
    }

    private void update(String what, String sql, Object... args) {
        transaction(what, c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                return p.executeUpdate();
            }
        });
    }

    private ImportException failure(String what, SQLException e) {
        return new ImportException(ErrorCode.TARGET_WRITE, PhysicalOptions.PARALLEL_IMPORT + ": " + what + " in the"
                + " metadata schema " + schema + " failed: " + (e == null ? "" : e.getMessage()) + "; check that the"
                + " user may create and write " + schema + "." + TASK_META + " and " + schema + "." + TABLE_META, e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(ErrorCode.INTERNAL, "interrupted while coordinating a parallel import", e);
        }
    }
}
