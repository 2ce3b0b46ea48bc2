package dev.lightning4j.core.checkpoint;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.CheckpointContext;
import dev.lightning4j.spi.CheckpointEntries;
import dev.lightning4j.spi.CheckpointStore;
import dev.lightning4j.spi.CheckpointStoreProvider;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.TableCheckpoint;
import dev.lightning4j.spi.TableCheckpoint.Status;
import dev.lightning4j.spi.TaskCheckpoint;
import dev.lightning4j.spi.TransactionalCheckpoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's view of the checkpoints of one import: checks that they belong to this import, tells which
 * tables and chunks are done, and moves table states forward.
 */
public final class CheckpointSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSession.class);

    private final ImportConfig config;
    private final CheckpointStore store;
    private final TransactionalCheckpoints transactional;
    private final Map<TableName, Status> statuses = new ConcurrentHashMap<>();
    private final Map<TableName, Map<String, ChunkCheckpoint>> chunks = new ConcurrentHashMap<>();
    /** Tables an earlier run was writing: any of their chunks may hold one committed batch it did not record. */
    private final java.util.Set<TableName> wasWriting = ConcurrentHashMap.newKeySet();

    private CheckpointSession(ImportConfig config, CheckpointStore store) {
        this.config = config;
        this.store = store;
        this.transactional = store.transactional();
    }

    /** Opens the configured store: a provider registered by hand first, then one found by ServiceLoader. */
    public static CheckpointStore openStore(ImportConfig config, DataSource target) {
        String wanted = config.checkpointDriver().trim().toLowerCase(Locale.ROOT);
        List<String> known = new ArrayList<>();
        List<CheckpointStoreProvider> providers = new ArrayList<>(config.checkpointStores());
        ServiceLoader.load(CheckpointStoreProvider.class, config.classLoader()).forEach(providers::add);
        for (CheckpointStoreProvider p : providers) {
            if (p.name().equalsIgnoreCase(wanted)) {
                return p.open(new CheckpointContext(config.checkpointPath(), config.checkpointSchema(), target));
            }
            known.add(p.name());
        }
        throw new ImportException(ErrorCode.PROVIDER_NOT_FOUND, "checkpoint driver '" + config.checkpointDriver()
                + "' is not available; available: " + String.join(", ", known));
    }

    /**
     * Opens the store and checks it against this import: a task made with other settings, or a table that
     * failed, stops the import before it writes anything.
     */
    public static CheckpointSession open(ImportConfig config, Backend backend) {
        CheckpointStore store = openStore(config, backend.dataSource());
        try {
            CheckpointSession s = new CheckpointSession(config, store);
            s.load(backend);
            return s;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void load(Backend backend) {
        Map<String, String> now = Fingerprint.of(config);
        TaskCheckpoint task = store.task();
        if (task == null) {
            // Leftovers without a task record (a removed task) would be ambiguous: start clean, telling what the
            // backend's entries among them still stood for.
            if (!store.tables().isEmpty() || !store.entries().isEmpty()) {
                DefaultCheckpoints.reportPending(backend, store.entries());
                store.removeAll();
            }
            store.saveTask(new TaskCheckpoint(System.currentTimeMillis(), now));
            return;
        }
        List<String> changed = Fingerprint.differences(task.fingerprint(), now);
        if (!changed.isEmpty()) {
            throw new ImportException(ErrorCode.CHECKPOINT, "the checkpoints in " + store.describe()
                    + " belong to an import with other settings: " + String.join("; ", changed)
                    + ". Resume with the same settings, or remove the checkpoints (--checkpoint-remove=all) to"
                    + " import from the start");
        }
        List<String> failed = new ArrayList<>();
        for (TableCheckpoint t : store.tables()) {
            statuses.put(t.table(), t.status());
            if (t.status() == Status.WRITING || t.status() == Status.FAILED) {
                wasWriting.add(t.table());
            }
            if (t.status() == Status.FAILED) {
                failed.add(t.table() + ": " + t.error());
            }
            Map<String, ChunkCheckpoint> m = new HashMap<>();
            for (ChunkCheckpoint c : store.chunks(t.table())) {
                m.put(c.key(), c);
            }
            chunks.put(t.table(), m);
        }
        if (!failed.isEmpty()) {
            throw new ImportException(ErrorCode.CHECKPOINT, "tables failed in an earlier run of this import ("
                    + String.join("; ", failed) + "). Fix the cause, then clear them with --checkpoint-error-ignore"
                    + " (retry from the checkpoint) or --checkpoint-error-destroy (drop the table and import it"
                    + " again), given a table name or 'all'");
        }
        LOG.info("resuming from the checkpoints in {}: {} tables recorded", store.describe(), statuses.size());
    }

    /** The backend's entries in this store, or null when the store keeps none. */
    public CheckpointEntries entries() {
        return store.keepsEntries() ? new Entries(store) : null;
    }

    TransactionalCheckpoints transactional() {
        return transactional;
    }

    public boolean isFinished(TableName table) {
        return statuses.get(table) == Status.FINISHED;
    }

    public Status status(TableName table) {
        return statuses.getOrDefault(table, Status.PENDING);
    }

    /** Moves the table's state forward (never back); saves it when it changed. */
    public void advance(TableName table, Status status) {
        Status before = status(table);
        if (before.ordinal() < status.ordinal() || !statuses.containsKey(table)) {
            statuses.put(table, status);
            store.saveTable(new TableCheckpoint(table, status, null));
        }
    }

    public void failed(TableName table, String error) {
        statuses.put(table, Status.FAILED);
        store.saveTable(new TableCheckpoint(table, Status.FAILED, error));
    }

    /**
     * The saved position of a planned chunk, or null. A file whose size changed since is refused: its
     * saved offsets would point into other rows.
     */
    public ChunkCheckpoint chunk(DataChunk c) {
        Map<String, ChunkCheckpoint> m = chunks.get(c.table());
        ChunkCheckpoint saved = m == null ? null : m.get(c.file() + "@" + c.start());
        if (saved != null && (saved.fileSize() != c.fileSize() || saved.end() != c.end())) {
            throw new ImportException(ErrorCode.CHECKPOINT, "the data file changed since its checkpoint was saved"
                    + " (size " + saved.fileSize() + ", now " + c.fileSize() + "); restore it, or clear the table's"
                    + " checkpoints with --checkpoint-error-destroy / --checkpoint-remove and import it again",
                    c.file(), -1, c.table().toString(), null, null);
        }
        return saved;
    }

    public ChunkTracker tracker(DataChunk c, ChunkCheckpoint saved) {
        return new ChunkTracker(this, c, saved, transactional == null && wasWriting.contains(c.table()));
    }

    void saveChunk(ChunkCheckpoint c) {
        store.saveChunk(c);
    }

    /**
     * After success: removes, renames or keeps the checkpoints as configured. The backend has done its work by
     * now and removed its entries; any left are reported before a removal (they would be lost unseen).
     */
    public void succeeded(Backend backend) {
        if (config.keepAfterSuccess() == KeepAfterSuccess.REMOVE) {
            DefaultCheckpoints.reportPending(backend, store.entries());
        }
        String kept = store.afterSuccess(config.keepAfterSuccess());
        if (kept != null) {
            LOG.info("checkpoints kept in {}", kept);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
