package dev.lightning4j.physical;

import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.spi.CheckpointEntries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checksums and ANALYZE TABLE deferred by {@code post-restore.post-process-at-last}: each table adds itself
 * when its data is ingested and its allocators rebased, and {@link #runAll} runs them once every table was
 * imported, as TiDB Lightning does. Every table is checked even when one fails; the first failure is thrown,
 * the others attached to it.
 *
 * <p>With checkpoints, a table is recorded as finished before its deferred checksum ran, so a resumed import
 * would never check it. Each deferral (table, table ID, local checksum) is therefore also saved, first in the
 * checkpoints (entry {@value #ENTRY} of the table, when the store keeps entries) and under
 * {@code <sorted-kv-dir>/post-process/}, and removed once its checksum and analyze passed; a resumed import runs
 * what an earlier run left there (when the table still has that ID) with its own tables, also when the sort
 * directory was wiped or is a new one.
 */
final class PostProcessQueue {
    private static final Logger LOG = LoggerFactory.getLogger(PostProcessQueue.class);
    /** The name of the checkpoint entry holding a table's deferral: table ID, checksum, kvs, bytes. */
    static final String ENTRY = "post-process";

    /** A deferred table: its name, the table ID it was imported under and the checksum of what was ingested. */
    record Entry(TableName name, long tableId, KvChecksum local) {
    }

    /** A table whose checksum and analyze can be deferred ({@link PhysicalTableImporter}). */
    interface Target {
        TableName name();

        /** The table ID its keys were written under. */
        long tableId();

        /** Checks the remote checksum against {@code local} and analyzes the table. */
        void postProcess(KvChecksum local);
    }

    private record Pending(Target table, Entry entry) {
    }

    private final Path dir;
    private final int concurrency;
    private final List<Pending> pending = new ArrayList<>();
    private final Set<TableName> added = new HashSet<>();
    private volatile CheckpointEntries entries;

    /**
     * @param dir         where deferrals are kept across runs (checkpoints on), or null to keep them in memory only
     * @param concurrency tables post-processed at once ({@code tidb.checksum-table-concurrency})
     */
    PostProcessQueue(Path dir, int concurrency) {
        this.dir = dir;
        this.concurrency = Math.max(1, concurrency);
    }

    /** Keeps the deferrals in the checkpoints too (when they are kept across runs at all). */
    void keepIn(CheckpointEntries checkpointEntries) {
        if (dir != null) {
            this.entries = checkpointEntries;
        }
    }

    void add(Target table, KvChecksum local) {
        Entry e = new Entry(table.name(), table.tableId(), local);
        if (dir != null) {
            save(e);
        }
        synchronized (this) {
            pending.add(new Pending(table, e));
            added.add(e.name());
        }
    }

    synchronized int size() {
        return pending.size();
    }

    /**
     * Runs every deferred table's checksum and analyze: this run's in the order they finished, then those an
     * earlier run left (opened with {@code open}; a table whose ID changed since is skipped with a warning).
     *
     * @param open opens a finished table of an earlier run for its post-process
     */
    void runAll(Function<TableName, ? extends Target> open) {
        List<Pending> tables;
        synchronized (this) {
            tables = new ArrayList<>(pending);
            pending.clear();
            for (Entry earlier : loadEarlier()) {
                if (!added.contains(earlier.name())) {
                    Target t;
                    try {
                        t = open.apply(earlier.name());
                    } catch (ImportException e) {
                        LOG.warn("table {}: its deferred checksum of an earlier run is dropped: {}", earlier.name(),
                                e.getMessage());
                        delete(earlier.name());
                        continue;
                    }
                    if (t.tableId() != earlier.tableId()) {
                        LOG.warn("table {}: its deferred checksum of an earlier run is dropped: the table's ID is now"
                                + " {}, not {} (was it created again?)", earlier.name(), t.tableId(),
                                earlier.tableId());
                        delete(earlier.name());
                        continue;
                    }
                    LOG.info("table {}: running the checksum and analyze an earlier run deferred", earlier.name());
                    tables.add(new Pending(t, earlier));
                }
            }
        }
        if (tables.isEmpty()) {
            return;
        }
        int threads = Math.min(concurrency, tables.size());
        LOG.info("post-process of {} tables after the import, {} at once: checksum and analyze", tables.size(),
                threads);
        // Failures in the order the tables finished, whatever order their post-processes end in.
        ImportException[] failures = new ImportException[tables.size()];
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "post-process");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                Pending p = tables.get(i);
                int slot = i;
                running.add(pool.submit(() -> {
                    try {
                        p.table().postProcess(p.entry().local());
                        delete(p.entry().name());
                    } catch (ImportException e) {
                        failures[slot] = e;
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(dev.lightning4j.ErrorCode.CANCELLED, "the post-process was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            // Not an ImportException (those are collected): a bug or an Error, thrown as it is.
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        ImportException first = null;
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < failures.length; i++) {
            if (failures[i] == null) {
                continue;
            }
            failed.add(tables.get(i).entry().name().toString());
            if (first == null) {
                first = failures[i];
            } else {
                first.addSuppressed(failures[i]);
            }
        }
        if (first != null) {
            if (failed.size() > 1) {
                LOG.error("post-process failed for {} tables: {}", failed.size(), String.join(", ", failed));
            }
            throw first;
        }
    }

    private Path file(TableName name) {
        return dir.resolve(PhysicalTableImporter.safe(name.schema()) + "." + PhysicalTableImporter.safe(name.table()));
    }

    /** The checkpoint entry of a deferral: {@code tableId checksum kvs bytes}. */
    static String entryValue(Entry e) {
        return e.tableId() + " " + Long.toUnsignedString(e.local().checksum()) + " " + e.local().kvs() + " "
                + e.local().bytes();
    }

    static Entry parseEntry(TableName name, String value) {
        String[] f = value.trim().split(" ");
        return new Entry(name, Long.parseLong(f[0]), new KvChecksum(Long.parseUnsignedLong(f[1]), Long.parseLong(f[2]),
                Long.parseLong(f[3])));
    }

    private void save(Entry e) {
        CheckpointEntries kept = entries;
        if (kept != null) {
            kept.put(e.name(), ENTRY, entryValue(e));
        }
        String text = e.name().schema() + "\n" + e.name().table() + "\n" + e.tableId() + "\n"
                + Long.toUnsignedString(e.local().checksum()) + " " + e.local().kvs() + " " + e.local().bytes() + "\n";
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".entry", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file(e.name()), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            if (kept != null) {
                LOG.warn("table {}: cannot record its deferred checksum in {} ({}); the checkpoints hold it", e.name(),
                        dir, ex.getMessage());
                return;
            }
            throw new ImportException(dev.lightning4j.ErrorCode.TARGET_WRITE, "cannot record the deferred checksum of "
                    + e.name() + " in " + dir + ": " + ex.getMessage() + "; check "
                    + PhysicalOptions.SORTED_KV_DIR + ", or set " + PhysicalOptions.POST_PROCESS_AT_LAST + " = false",
                    null, -1, e.name().toString(), null, ex);
        }
    }

    private void delete(TableName name) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file(name), e.getMessage());
        }
        CheckpointEntries kept = entries;
        if (kept != null) {
            kept.put(name, ENTRY, null);
        }
    }

    /** The deferrals earlier runs left, by table: those in the checkpoints, then those only the sort dir has. */
    private List<Entry> loadEarlier() {
        Map<TableName, Entry> out = new LinkedHashMap<>();
        CheckpointEntries kept = entries;
        if (kept != null) {
            for (Map.Entry<TableName, Map<String, String>> t : kept.all().entrySet()) {
                String value = t.getValue().get(ENTRY);
                if (value != null) {
                    try {
                        out.put(t.getKey(), parseEntry(t.getKey(), value));
                    } catch (RuntimeException e) {
                        LOG.warn("table {}: ignoring its checkpoint entry {} = '{}', which is not a deferred checksum",
                                t.getKey(), ENTRY, value);
                    }
                }
            }
        }
        if (dir == null || !Files.isDirectory(dir)) {
            return new ArrayList<>(out.values());
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                String[] l = Files.readString(f, StandardCharsets.UTF_8).split("\n");
                try {
                    String[] sum = l[3].split(" ");
                    TableName name = new TableName(l[0], l[1]);
                    out.putIfAbsent(name, new Entry(name, Long.parseLong(l[2]), new KvChecksum(
                            Long.parseUnsignedLong(sum[0]), Long.parseLong(sum[1]), Long.parseLong(sum[2]))));
                } catch (RuntimeException e) {
                    LOG.warn("ignoring {}, which is not a deferred checksum: {}", f, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read the deferred checksums of earlier runs in {}: {}", dir, e.getMessage());
        }
        return new ArrayList<>(out.values());
    }
}
