package dev.lightning4j.physical;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.TargetSpec;
import dev.lightning4j.physical.convert.ConversionOptions;
import dev.lightning4j.physical.ingest.KeyRange;
import dev.lightning4j.physical.ingest.KvCluster;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.CheckpointEntries;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physical backend of one import: SQL to TiDB for the schema and the post-import statements, TiDB's
 * status API for table metadata, and a {@link KvCluster} for ingest and checksums.
 */
final class PhysicalBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(PhysicalBackend.class);
    /** The oldest TiDB, TiKV release whose import API and encoding this backend follows. */
    static final String MIN_VERSION = "4.0.0";
    private static final AtomicInteger POOLS = new AtomicInteger();
    /** Always true here: conflicts among the source rows are found before the ingest. */
    private static final String PRECHECK_CONFLICT = "conflict.precheck-conflict-before-import";
    /** The parallel import's task ID, kept in the sort directory so that a restarted import continues its task. */
    static final String TASK_ID_FILE = "parallel-import-task.txt";
    /** The checkpoint entry keeping the parallel import's task ID with each table it reserved row IDs of. */
    static final String TASK_ENTRY = "parallel-task";

    private final ImportConfig config;
    private final PhysicalOptions options;
    private final DataSource dataSource;
    private final HikariDataSource ownPool;
    private final TidbStatus status;
    private final KvCluster cluster;
    private final SharedLease importMode;
    private final ZoneId zone;
    private final boolean newCollation;
    private final boolean tidb;
    private final PostProcessQueue postProcess;
    private final DiskQuota diskQuota;
    /**
     * Rows conflict.strategy may still drop in this import: as in TiDB Lightning, conflict.threshold counts every
     * table's dropped rows (and every batch a disk quota imports early) together.
     */
    private final java.util.concurrent.atomic.AtomicLong conflictsLeft;
    /**
     * With tikv-importer.parallel-import: how this import coordinates with the others, registered when first
     * needed (a backend opened only to manage checkpoints or for a dry run registers no task); else null.
     */
    private ParallelImportMeta parallel;
    private volatile boolean taskFinished;
    /** Whether this import, at its end, was the last one running (or runs alone); true until it ended. */
    private volatile boolean switchBack = true;
    /** With parallel-import and the global scheduling pause: the import's own hold of it; else null. */
    private final SharedLease globalPause;
    private volatile CheckpointEntries checkpointEntries;

    PhysicalBackend(ImportConfig config, KvClusterFactory factory) {
        this.config = config;
        this.options = PhysicalOptions.of(config);
        this.postProcess = new PostProcessQueue(config.checkpoint() && options.postProcessAtLast()
                ? options.sortedKvDir().resolve("post-process") : null, options.sessionConcurrency().tables());
        this.zone = zone(config.timeZone());
        TargetSpec target = config.target();
        if (target == null) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "target is required: a DataSource or a JDBC URL");
        }
        this.status = new TidbStatus(options.statusAddress());
        prepareSortDir(options.sortedKvDir());
        this.diskQuota = new DiskQuota(options.sortedKvDir(), options.diskQuota(), options.diskQuotaCheckMillis());
        this.conflictsLeft = new java.util.concurrent.atomic.AtomicLong(options.conflictThreshold());
        this.ownPool = target.dataSource() == null ? openPool(config) : null;
        this.dataSource = ownPool != null ? ownPool : target.dataSource();
        KvCluster opened = null;
        try {
            this.tidb = serverIsTidb();
            this.newCollation = tidb ? newCollationEnabled() : true;
            if (config.checkRequirements()) {
                checkTidbVersion();
            }
            opened = factory.connect(config, keyspaceName());
            if (config.checkRequirements()) {
                checkStoreVersions(opened);
            }
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            if (ownPool != null) {
                ownPool.close();
            }
            throw e;
        }
        this.cluster = opened;
        // With parallel-import the stores stay in import mode until the end of the import: the last import of
        // the cluster to finish switches them back (finishImport).
        this.importMode = new SharedLease(cluster::importMode, options.parallelImport());
        // A global scheduling pause is held (and refreshed) by every running import, and lifted by the last one,
        // with the values the cluster had before the first import paused it.
        this.globalPause = options.parallelImport() && options.globalSchedulePause()
                ? new SharedLease(() -> cluster.pauseScheduling(new KeyRange(new byte[0], new byte[0])), true) : null;
        if (globalPause != null) {
            cluster.shareScheduleOriginals(original -> parallel().sharePausedConfig(original));
        }
        if ("false".equalsIgnoreCase(config.option(PRECHECK_CONFLICT, "").trim())) {
            LOG.info("{} = false: conflicting rows among the source rows are still found before the ingest, the only"
                    + " conflict detection of this backend (conflict.strategy decides what happens to them)",
                    PRECHECK_CONFLICT);
        }
        LOG.info("physical backend: TiDB status {}, sort directory {}, new collation {}", status.address(),
                options.sortedKvDir(), newCollation);
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    /** Parallel imports write into tables that hold rows: those of the others, or of earlier imports. */
    @Override
    public boolean requiresEmptyTables() {
        return !options.parallelImport();
    }

    /** The coordination of tikv-importer.parallel-import (the task registered at the first call), or null without it. */
    synchronized ParallelImportMeta parallel() {
        if (parallel == null && options.parallelImport()) {
            parallel = openParallel();
        }
        return parallel;
    }

    private ParallelImportMeta openParallel() {
        long t0 = System.nanoTime();
        Path idFile = options.sortedKvDir().resolve(TASK_ID_FILE);
        long taskId;
        try {
            String kept = keptTaskId();
            if (Files.exists(idFile)) {
                taskId = Long.parseUnsignedLong(Files.readString(idFile).trim());
                LOG.info("parallel import: continuing task {} (from {})", Long.toUnsignedString(taskId), idFile);
            } else if (kept != null) {
                // The sort dir was wiped or is a new one: the task whose rows hold the tables' ranges goes on.
                taskId = Long.parseUnsignedLong(kept);
                Files.writeString(idFile, kept);
                LOG.info("parallel import: continuing task {} (from the checkpoints)", kept);
            } else {
                // As TiDB Lightning: a time in nanoseconds, here with random low digits so that imports started
                // in the same instant differ.
                taskId = System.currentTimeMillis() * 1_000_000L
                        + java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000L);
                Files.writeString(idFile, Long.toUnsignedString(taskId));
            }
        } catch (IOException | NumberFormatException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "cannot keep the parallel import's task ID in " + idFile
                    + ": " + e.getMessage() + "; check " + PhysicalOptions.SORTED_KV_DIR, e);
        }
        ParallelImportMeta meta = new ParallelImportMeta(dataSource, options.metaSchemaName(), taskId, tidb);
        meta.init();
        meta.initTask();
        LOG.info("parallel import: task {} registered in {} in {} ms", Long.toUnsignedString(taskId),
                options.metaSchemaName(), (System.nanoTime() - t0) / 1_000_000);
        return meta;
    }

    /** The parallel task ID the checkpoints keep with the tables it reserved row IDs of, or null. */
    private String keptTaskId() {
        CheckpointEntries entries = checkpointEntries;
        if (entries == null) {
            return null;
        }
        for (Map<String, String> e : entries.all().values()) {
            String id = e.get(TASK_ENTRY);
            if (id != null && !id.isBlank()) {
                return id.trim();
            }
        }
        return null;
    }

    /**
     * Keeps the parallel task ID with a table in the checkpoints once the task reserved its row IDs, so that a
     * resume on a wiped or new sort directory continues the task (its range, its base checksum, its verification).
     */
    void keepTaskId(TableName table) {
        CheckpointEntries entries = checkpointEntries;
        ParallelImportMeta meta = parallel;
        if (entries == null || meta == null) {
            return;
        }
        String id = Long.toUnsignedString(meta.taskId());
        if (!id.equals(entries.of(table).get(TASK_ENTRY))) {
            entries.put(table, TASK_ENTRY, id);
        }
    }

    /** A finished task is not continued: the checkpoints no longer name it. */
    private void forgetTaskId() {
        CheckpointEntries entries = checkpointEntries;
        if (entries == null) {
            return;
        }
        for (Map.Entry<TableName, Map<String, String>> e : entries.all().entrySet()) {
            if (e.getValue().containsKey(TASK_ENTRY)) {
                entries.put(e.getKey(), TASK_ENTRY, null);
            }
        }
    }

    /**
     * The end of a parallel import: the last one running switches the stores back to normal, the others leave
     * them in import mode to it.
     */
    private void endParallel(boolean finished) {
        synchronized (this) {
            if (parallel == null || taskFinished) {
                return;
            }
        }
        taskFinished = true;
        long t0 = System.nanoTime();
        if (globalPause != null && globalPause.idle()) {
            // An import that never held the global pause (a resume that only ran deferred checksums) may end last
            // and must then lift it: it takes it now, while task_meta still holds the values from before the first
            // pause, and lets go below (lifting it, or leaving it to the imports still running).
            try {
                globalPause.acquire().close();
            } catch (RuntimeException e) {
                LOG.warn("parallel import: cannot take the global scheduling pause to lift it at the end ({}); if"
                        + " this import ends last, resume PD's schedulers by hand", e.getMessage());
            }
        }
        ParallelImportMeta.TaskEnd end = parallel.finishTask(finished);
        switchBack = end.switchBack();
        if (end.switchBack() && importMode.idle()) {
            // Another import left the stores in import mode to this one, which never held it (a resume that only
            // ran deferred checksums): taking it and letting go switches them back.
            try {
                importMode.acquire().close();
            } catch (RuntimeException e) {
                LOG.warn("parallel import: switching the stores back to normal mode failed ({}); they return to it"
                        + " by themselves", e.getMessage());
            }
        }
        importMode.release(end.switchBack());
        if (globalPause != null) {
            globalPause.release(end.switchBack());
        }
        if (finished) {
            forgetTaskId();
            try {
                Files.deleteIfExists(options.sortedKvDir().resolve(TASK_ID_FILE));
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}; remove it before the next import", TASK_ID_FILE, e.getMessage());
            }
        }
        LOG.info("parallel import: task end recorded in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * With checkpoints on: the definitions {@link AddIndexBySql} dropped and the deferred post-processes
     * ({@link PostProcessQueue}) are kept there too, so a wiped or new sort directory loses neither.
     */
    @Override
    public void useCheckpoints(CheckpointEntries entries) {
        this.checkpointEntries = entries;
        postProcess.keepIn(entries);
    }

    /** The import's checkpoint entries, or null when checkpoints are off. */
    CheckpointEntries checkpointEntries() {
        return checkpointEntries;
    }

    /**
     * The indexes {@code add-index-by-sql} dropped and has not added back yet, a checksum deferred by
     * {@code post-restore.post-process-at-last} that never ran, and the rows a parallel-import task that did not
     * finish left in the metadata tables.
     */
    @Override
    public String pendingWork(TableName table, Map<String, String> entries) {
        List<String> work = new java.util.ArrayList<>();
        String defs = entries.get(AddIndexBySql.ENTRY);
        if (defs != null) {
            String add = AddIndexBySql.pendingWork(this, table, defs);
            if (add != null) {
                work.add(add);
            }
        }
        String deferred = entries.get(PostProcessQueue.ENTRY);
        if (deferred != null) {
            String checksum;
            try {
                var e = PostProcessQueue.parseEntry(table, deferred);
                checksum = "; the import computed (checksum, kvs, bytes) = (" + Long.toUnsignedString(e.local()
                        .checksum()) + ", " + e.local().kvs() + ", " + e.local().bytes() + ")";
            } catch (RuntimeException e) {
                checksum = "";
            }
            work.add("table " + table + ": its checksum, deferred to the end of the import ("
                    + PhysicalOptions.POST_PROCESS_AT_LAST + "), never ran: check it with ADMIN CHECKSUM TABLE "
                    + AddIndexBySql.quoted(table) + checksum + ", and run ANALYZE TABLE " + AddIndexBySql.quoted(table));
        }
        String task = entries.get(TASK_ENTRY);
        if (task != null) {
            String schema = options.metaSchemaName();
            String id = task.trim();
            String unsettled = "status IN ('" + ParallelImportMeta.TableStatus.INITIALIZED.text + "', '"
                    + ParallelImportMeta.TableStatus.ALLOCATED.text + "', '" + ParallelImportMeta.TableStatus.RESTORE.text
                    + "')";
            work.add("table " + table + ": parallel-import task " + id + " did not end, and without these checkpoints"
                    + " nothing continues it; its rows in " + schema + "." + ParallelImportMeta.TABLE_META + " with "
                    + unsettled + " hold back the verification of their tables by the other parallel imports, and its"
                    + " row in " + schema + "." + ParallelImportMeta.TASK_META + " may keep them from switching the"
                    + " cluster back: delete them (DELETE FROM `" + schema + "`.`" + ParallelImportMeta.TABLE_META
                    + "` WHERE task_id = " + id + " AND " + unsettled + "; DELETE FROM `" + schema + "`.`"
                    + ParallelImportMeta.TASK_META + "` WHERE task_id = " + id + "), keep its rows of other statuses"
                    + " (the import verifying a table counts them), and check the table with ADMIN CHECKSUM TABLE "
                    + AddIndexBySql.quoted(table));
        }
        return work.isEmpty() ? null : String.join("\n", work);
    }


    @Override
    public TableImporter openTable(TargetTable table) {
        if (options.addIndexBySql()) {
            AddIndexBySql.dropBeforeImport(this, table.name());
        }
        return new PhysicalTableImporter(this, table);
    }

    /**
     * Runs the checksums and analyzes deferred by {@code post-restore.post-process-at-last}, then adds back the indexes
     * an earlier run dropped and whose table no run has added them back to ({@link AddIndexBySql#addLeftBehind}).
     */
    @Override
    public void finishImport() {
        postProcess.runAll(name -> new PhysicalTableImporter(this, name));
        AddIndexBySql.addLeftBehind(this);
        endParallel(true);
    }

    PostProcessQueue postProcess() {
        return postProcess;
    }

    ImportConfig config() {
        return config;
    }

    PhysicalOptions options() {
        return options;
    }

    TidbStatus status() {
        return status;
    }

    KvCluster cluster() {
        return cluster;
    }

    /** Counts one more row dropped by conflict.strategy; false when that is more than conflict.threshold allows. */
    boolean takeConflict() {
        return conflictsLeft.getAndDecrement() > 0;
    }

    DiskQuota diskQuota() {
        return diskQuota;
    }

    SharedLease importMode() {
        return importMode;
    }

    /**
     * The import's own hold of the global scheduling pause (parallel-import with the global scope), kept until the
     * import ends; null otherwise.
     */
    SharedLease globalPause() {
        return globalPause;
    }

    ZoneId zone() {
        return zone;
    }

    boolean newCollation() {
        return newCollation;
    }

    boolean tidb() {
        return tidb;
    }

    ConversionOptions conversionOptions() {
        return ConversionOptions.fromSqlMode(config.sqlMode(), zone);
    }

    @Override
    public void close() {
        try {
            boolean undo = true;
            try {
                endParallel(false);
                undo = switchBack;
            } catch (RuntimeException e) {
                LOG.warn("parallel import: recording the stop of this import failed ({}); the stores return to"
                        + " normal mode by themselves", e.getMessage());
                undo = false;
            }
            // Holds a failed table may have left: with another import running they stay for it to undo.
            importMode.closeAll(undo);
            if (globalPause != null) {
                globalPause.closeAll(undo);
            }
            cluster.close();
        } finally {
            if (ownPool != null) {
                ownPool.close();
            }
        }
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank() || timeZone.equalsIgnoreCase("SYSTEM")) {
            return ZoneId.systemDefault();
        }
        try {
            return timeZone.startsWith("+") || timeZone.startsWith("-") ? ZoneOffset.of(timeZone) : ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "time-zone '" + timeZone + "' is not a zone: use an"
                    + " offset such as +08:00 or a name such as Asia/Shanghai", e);
        }
    }

    private static void prepareSortDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, PhysicalOptions.SORTED_KV_DIR + " " + dir
                    + " is not a writable directory (" + e.getMessage() + "); choose a writable directory on a fast"
                    + " local disk", e);
        }
    }

    private boolean serverIsTidb() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1).toUpperCase(Locale.ROOT).contains("TIDB");
        } catch (SQLException e) {
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "cannot query the target: " + e.getMessage()
                    + "; check tidb-host/tidb-port and that the server is running", e);
        }
    }

    /** TiDB's {@code new_collation_enabled}, fixed when the cluster was created. */
    private boolean newCollationEnabled() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VARIABLE_VALUE FROM mysql.tidb WHERE VARIABLE_NAME ="
                        + " 'new_collation_enabled'")) {
            return !rs.next() || Boolean.parseBoolean(rs.getString(1).trim());
        } catch (SQLException e) {
            LOG.warn("cannot read new_collation_enabled from mysql.tidb ({}); assuming new collations (TiDB's default)",
                    e.getMessage());
            return true;
        }
    }

    /**
     * The keyspace the keys go to: {@code tikv-importer.keyspace-name}, else the one TiDB runs in (its config
     * {@code keyspace-name}, as TiDB Lightning reads it), else none (API V1).
     */
    private String keyspaceName() {
        String configured = options.keyspaceName();
        if (!configured.isEmpty() || !tidb) {
            return configured;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW CONFIG WHERE type = 'tidb' AND name = 'keyspace-name'")) {
            String name = rs.next() ? rs.getString(4) : null;
            if (name != null && !name.isBlank()) {
                LOG.info("TiDB runs in keyspace {}: importing into it ({} is empty)", name.trim(),
                        PhysicalOptions.KEYSPACE_NAME);
                return name.trim();
            }
            return "";
        } catch (SQLException e) {
            LOG.warn("cannot read TiDB's keyspace-name ({}); importing without a keyspace (set {} for a keyspace)",
                    e.getMessage(), PhysicalOptions.KEYSPACE_NAME);
            return "";
        }
    }

    private void checkTidbVersion() {
        String v = status.tidbVersion();
        if (TidbStatus.compareVersions(v, MIN_VERSION) < 0) {
            throw new ImportException(ErrorCode.PRECHECK_FAILED, "TiDB " + v + " at " + status.address() + " is older"
                    + " than " + MIN_VERSION + ", the oldest release the physical backend supports; upgrade TiDB or use"
                    + " the logical backend");
        }
    }

    private static void checkStoreVersions(KvCluster cluster) {
        List<String> stores = cluster.storeVersions();
        if (stores.isEmpty()) {
            throw new ImportException(ErrorCode.PRECHECK_FAILED, "PD reports no TiKV store; start TiKV or check "
                    + PhysicalOptions.PD_ADDR);
        }
        for (String s : stores) {
            int eq = s.lastIndexOf('=');
            String v = eq < 0 ? s : s.substring(eq + 1);
            v = v.startsWith("v") ? v.substring(1) : v;
            if (TidbStatus.compareVersions(v, MIN_VERSION) < 0) {
                throw new ImportException(ErrorCode.PRECHECK_FAILED, "TiKV store " + s + " is older than " + MIN_VERSION
                        + ", the oldest release the physical backend supports; upgrade TiKV or use the logical backend");
            }
        }
    }

    private static HikariDataSource openPool(ImportConfig config) {
        TargetSpec target = config.target();
        for (String v : new String[] {config.sqlMode(), config.timeZone()}) {
            if (v != null && (v.indexOf('\'') >= 0 || v.indexOf('\\') >= 0)) {
                throw new ImportException(ErrorCode.INVALID_OPTION, "sql-mode and time-zone must not contain quotes or"
                        + " backslashes: " + v);
            }
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("lightning-physical-" + POOLS.incrementAndGet());
        hc.setJdbcUrl(target.jdbcUrl());
        if (target.user() != null) {
            hc.setUsername(target.user());
        }
        if (target.password() != null) {
            hc.setPassword(target.password());
        }
        hc.setMaximumPoolSize(config.concurrency() + 2);
        hc.setMinimumIdle(0);
        hc.setAutoCommit(true);
        hc.setConnectionInitSql("SET SESSION sql_mode = '" + config.sqlMode() + "', SESSION time_zone = '"
                + config.timeZone() + "', SESSION foreign_key_checks = 0");
        hc.setInitializationFailTimeout(1);
        hc.setConnectionTimeout(30_000);
        hc.addDataSourceProperty("useServerPrepStmts", "false");
        hc.addDataSourceProperty("characterEncoding", "UTF-8");
        hc.addDataSourceProperty("connectTimeout", "10000");
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "cannot connect to "
                    + TargetSpec.redactUrl(target.jdbcUrl()) + ": " + rootMessage(e)
                    + "; check tidb-host/tidb-port, the user and that the server is running", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /**
     * Import mode for as long as any table is ingesting: switched on by the first holder, off when the last
     * one lets go, so tables finishing at different times never switch it off under each other.
     */
    static final class SharedLease {
        private final java.util.function.Supplier<KvCluster.Lease> opener;
        private final boolean pin;
        private boolean pinned;
        private KvCluster.Lease lease;
        private int holders;

        SharedLease(java.util.function.Supplier<KvCluster.Lease> opener) {
            this(opener, false);
        }

        /** @param pin the first holder also holds it for the import until {@link #release} */
        SharedLease(java.util.function.Supplier<KvCluster.Lease> opener, boolean pin) {
            this.opener = opener;
            this.pin = pin;
        }

        synchronized KvCluster.Lease acquire() {
            if (holders == 0) {
                lease = opener.get();
            }
            holders++;
            if (pin && !pinned) {
                pinned = true;
                holders++;
            }
            boolean[] released = {false};
            return () -> {
                synchronized (SharedLease.this) {
                    if (released[0]) {
                        return;
                    }
                    released[0] = true;
                    if (--holders == 0 && lease != null) {
                        KvCluster.Lease l = lease;
                        lease = null;
                        l.close();
                    }
                }
            };
        }

        /** Whether nothing holds the setting now and the import never pinned it. */
        synchronized boolean idle() {
            return lease == null && !pinned;
        }

        /** Lets go of the import's own hold: undoing the setting ({@code undo}) or leaving it to another import. */
        synchronized void release(boolean undo) {
            if (!pinned) {
                return;
            }
            pinned = false;
            if (--holders == 0) {
                end(undo);
            }
        }

        synchronized void closeAll() {
            closeAll(true);
        }

        /** Lets go of every hold; {@code undo} false leaves the setting to another import. */
        synchronized void closeAll(boolean undo) {
            holders = 0;
            pinned = false;
            end(undo);
        }

        /** Ends the lease, if any: undoing the setting, or leaving it to another import. */
        private void end(boolean undo) {
            if (lease != null) {
                KvCluster.Lease l = lease;
                lease = null;
                if (undo) {
                    l.close();
                } else {
                    l.leave();
                }
            }
        }
    }
}
