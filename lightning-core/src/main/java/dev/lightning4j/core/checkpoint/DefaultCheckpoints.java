package dev.lightning4j.core.checkpoint;

import dev.lightning4j.Checkpoints;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.CheckpointStore;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
import dev.lightning4j.spi.TableCheckpoint.Status;
import dev.lightning4j.spi.TaskCheckpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code tidb-lightning-ctl} does with checkpoints, over the configured store. A removal that takes a
 * backend's entries with it reports the work they still stood for ({@link Backend#pendingWork}) at WARN and in
 * {@link #pendingWork()}; a destroyed table's entries go silently (the table is dropped and created again from
 * the source), an ignored failure keeps them for the next run.
 */
public final class DefaultCheckpoints implements Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultCheckpoints.class);

    private final Backend backend;
    private final CheckpointStore store;
    private volatile List<String> pending = List.of();

    public DefaultCheckpoints(ImportConfig config) {
        this.backend = config.backend().create(config);
        try {
            this.store = CheckpointSession.openStore(config, backend.dataSource());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public TaskCheckpoint task() {
        return store.task();
    }

    @Override
    public List<TableCheckpoint> tables() {
        return store.tables();
    }

    @Override
    public List<ChunkCheckpoint> chunks(TableName table) {
        return store.chunks(table);
    }

    @Override
    public String dump() {
        StringBuilder sb = new StringBuilder();
        sb.append("checkpoints in ").append(store.describe()).append('\n');
        TaskCheckpoint task = store.task();
        if (task == null) {
            sb.append("no task\n");
        } else {
            sb.append("task ").append(task.taskId()).append('\n');
            task.fingerprint().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> sb.append("  ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n'));
        }
        for (TableCheckpoint t : store.tables()) {
            sb.append("table ").append(t.table()).append(' ').append(t.status().label());
            if (t.error() != null) {
                sb.append(" error: ").append(t.error());
            }
            sb.append('\n');
            for (ChunkCheckpoint c : store.chunks(t.table())) {
                sb.append(String.format(Locale.ROOT, "  chunk %s [%d, %s) at %d: %d rows, %d skipped%s%n", c.file(),
                        c.start(), c.end() < 0 ? "end" : Long.toString(c.end()), c.offset(), c.rows(), c.skipped(),
                        c.finished() ? ", finished" : ""));
            }
        }
        return sb.toString();
    }

    @Override
    public List<String> pendingWork() {
        return pending;
    }

    /**
     * Logs at WARN, and returns, what the backend says must be done by hand for each table whose entries are
     * about to be removed.
     */
    static List<String> reportPending(Backend backend, Map<TableName, Map<String, String>> entries) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<TableName, Map<String, String>> e : entries.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            String work = backend.pendingWork(e.getKey(), e.getValue());
            if (work != null) {
                LOG.warn("{}", work);
                out.add(work);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<TableName> destroyErrors(String selector) {
        pending = List.of();
        List<TableName> done = new ArrayList<>();
        for (TableCheckpoint t : select(selector, true)) {
            try (Connection c = backend.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + t.table().quoted());
            } catch (SQLException e) {
                throw new ImportException(ErrorCode.TARGET_WRITE, "cannot drop " + t.table() + ": " + e.getMessage()
                        + "; drop it yourself, then run --checkpoint-remove for it", null, -1, t.table().toString(),
                        null, e);
            }
            store.removeTable(t.table());
            done.add(t.table());
        }
        return done;
    }

    @Override
    public List<TableName> ignoreErrors(String selector) {
        pending = List.of();
        List<TableName> done = new ArrayList<>();
        for (TableCheckpoint t : select(selector, true)) {
            // Back to writing: the next run creates the table if needed and continues each chunk where it was.
            store.saveTable(new TableCheckpoint(t.table(), Status.WRITING, null));
            done.add(t.table());
        }
        return done;
    }

    @Override
    public List<TableName> remove(String selector) {
        pending = List.of();
        Map<TableName, Map<String, String>> entries = store.entries();
        if (isAll(selector)) {
            List<TableName> all = store.tables().stream().map(TableCheckpoint::table).toList();
            List<String> work = reportPending(backend, entries);
            store.removeAll();
            pending = work;
            return all;
        }
        List<TableName> done = new ArrayList<>();
        List<String> work = new ArrayList<>();
        for (TableCheckpoint t : select(selector, false)) {
            Map<String, String> own = entries.getOrDefault(t.table(), Map.of());
            work.addAll(reportPending(backend, Map.of(t.table(), own)));
            store.removeTable(t.table());
            done.add(t.table());
        }
        pending = List.copyOf(work);
        return done;
    }

    private static boolean isAll(String selector) {
        return selector == null || selector.isBlank() || selector.trim().equalsIgnoreCase("all");
    }

    /** The tables a selector names ({@code all}, {@code db.tbl}, {@code `db`.`tbl`}), failed ones only if asked. */
    private List<TableCheckpoint> select(String selector, boolean failedOnly) {
        TableName wanted = isAll(selector) ? null : parse(selector);
        List<TableCheckpoint> out = new ArrayList<>();
        for (TableCheckpoint t : store.tables()) {
            if ((wanted == null || wanted.equals(t.table())) && (!failedOnly || t.status() == Status.FAILED)) {
                out.add(t);
            }
        }
        if (wanted != null && out.isEmpty()) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "no " + (failedOnly ? "failed " : "") + "table "
                    + wanted + " in the checkpoints in " + store.describe() + "; list them with --checkpoint-dump");
        }
        return out;
    }

    static TableName parse(String selector) {
        String s = selector.trim();
        if (s.startsWith("`")) {
            int close = s.indexOf("`.`");
            if (close > 0 && s.endsWith("`")) {
                return new TableName(s.substring(1, close).replace("``", "`"),
                        s.substring(close + 3, s.length() - 1).replace("``", "`"));
            }
        } else {
            int dot = s.indexOf('.');
            if (dot > 0 && dot < s.length() - 1) {
                return new TableName(s.substring(0, dot), s.substring(dot + 1));
            }
        }
        throw new ImportException(ErrorCode.INVALID_OPTION, "'" + selector + "' is not a table: write db.tbl,"
                + " `db`.`tbl` or all");
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            backend.close();
        }
    }
}
