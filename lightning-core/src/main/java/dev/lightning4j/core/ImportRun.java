package dev.lightning4j.core;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.SchemaMode;
import dev.lightning4j.TableName;
import dev.lightning4j.TableResult;
import dev.lightning4j.core.errors.ErrorRecorder;
import dev.lightning4j.core.errors.TaskIds;
import dev.lightning4j.core.checkpoint.CheckpointSession;
import dev.lightning4j.core.checkpoint.ChunkTracker;
import dev.lightning4j.core.exec.ChunkRunner;
import dev.lightning4j.core.exec.ErrorBudget;
import dev.lightning4j.core.exec.Progress;
import dev.lightning4j.core.exec.TableStats;
import dev.lightning4j.core.plan.DatabasePlan;
import dev.lightning4j.core.plan.ImportPlan;
import dev.lightning4j.core.plan.Planner;
import dev.lightning4j.core.plan.TablePlan;
import dev.lightning4j.core.precheck.PrecheckContext;
import dev.lightning4j.core.precheck.Prechecker;
import dev.lightning4j.core.routing.RoutedFile;
import dev.lightning4j.core.exec.IgnoredColumns;
import dev.lightning4j.core.plan.RegionSplitter;
import dev.lightning4j.core.schema.SchemaApplier;
import dev.lightning4j.core.schema.TargetCatalog;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageFile;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetTable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import from start to end: list and plan the source, prepare the schema, then import the tables
 * ({@code table-concurrency} at once) with their chunks spread over {@code concurrency} workers.
 * The first fatal error stops every worker; rows already written stay written.
 */
final class ImportRun {
    private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);

    private final ImportConfig config;
    private final ImportListener listener;
    private final Providers providers;
    private final long startNanos = System.nanoTime();
    /** Names this import in every log line of its threads (MDC key {@value ImportMdc#IMPORT_ID}). */
    private final String importId = ImportMdc.newImportId();
    private final AtomicReference<ImportException> failure = new AtomicReference<>();
    private volatile boolean cancelled;
    private volatile ErrorBudget budget;
    private volatile ErrorRecorder recorder;
    /** The checkpoints of this import, or null when they are off. */
    private volatile CheckpointSession checkpoints;
    private final Map<TableName, TableStats> stats = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    ImportRun(ImportConfig config) {
        this.config = config;
        this.listener = config.listener();
        this.providers = new Providers(config);
    }

    void cancel() {
        cancelled = true;
    }

    private boolean stopRequested() {
        return cancelled || failure.get() != null;
    }

    ImportResult execute() {
        ImportMdc.set(ImportMdc.IMPORT_ID, importId);
        try {
            return executeLogged();
        } finally {
            ImportMdc.remove(ImportMdc.IMPORT_ID);
        }
    }

    private ImportResult executeLogged() {
        try (Storage storage = providers.openStorage(config.source())) {
            // Listed once: a remote listing costs requests, and the pre-checks must see what the plan saw.
            List<StorageFile> files = storage.list();
            ImportPlan plan = plan(storage, files);
            budget = new ErrorBudget(config.maxErrors(), listener);
            for (TablePlan t : plan.tables()) {
                stats.put(t.name(), new TableStats(t.name(), t.chunks().size(), t.bytes()));
            }
            LOG.info("import plan: {} tables, {} chunks, {} bytes from {}", plan.tables().size(), plan.chunkCount(),
                    plan.bytes(), storage.describe());
            listener.importStarted(plan.tables().size(), plan.chunkCount(), plan.bytes());
            try (Backend backend = config.backend().create(config)) {
                if (config.checkRequirements()) {
                    Prechecker.enforce(new Prechecker(config.classLoader(), List.of()).run(new PrecheckContext(config,
                            storage, files, plan, backend.dataSource(), backend.requiresEmptyTables(),
                            providers::format, providers.decompression())));
                }
                checkpoints = config.checkpoint() ? CheckpointSession.open(config, backend) : null;
                try (ErrorRecorder recorder = openRecorder(backend)) {
                    if (checkpoints != null && checkpoints.entries() != null) {
                        backend.useCheckpoints(checkpoints.entries());
                    }
                    this.recorder = recorder;
                    budget.recordTo(recorder);
                    Map<TableName, TargetTable> targets = prepareSchema(plan, storage, backend);
                    importTables(plan, storage, backend, targets);
                    if (!stopRequested()) {
                        backend.finishImport();
                    }
                    if (checkpoints != null && failure.get() == null && !cancelled) {
                        checkpoints.succeeded(backend);
                    }
                } finally {
                    if (checkpoints != null) {
                        checkpoints.close();
                    }
                }
            }
        } catch (IOException e) {
            fail(new ImportException(ErrorCode.SOURCE_READ, "cannot list the source: " + e.getMessage(), e));
        } catch (ImportException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new ImportException(ErrorCode.INTERNAL, "unexpected failure: " + e, e));
        }
        if (failure.get() == null && cancelled) {
            failure.set(new ImportException(ErrorCode.CANCELLED, "the import was cancelled; tables not reported as"
                    + " finished are incomplete"));
        }
        return snapshot();
    }

    ImportException failure() {
        return failure.get();
    }

    ImportResult snapshot() {
        List<TableResult> tables = new ArrayList<>();
        synchronized (stats) {
            for (TableStats s : stats.values()) {
                tables.add(s.toResult());
            }
        }
        ErrorBudget b = budget;
        ErrorRecorder r = recorder;
        return new ImportResult(tables, b == null ? List.of() : b.kept(),
                Duration.ofNanos(System.nanoTime() - startNanos), r == null ? null : r.summary());
    }

    /** Rejected rows are recorded only when some may be rejected, as Lightning does. */
    private ErrorRecorder openRecorder(Backend backend) {
        if (config.taskInfoSchema() == null || config.maxErrors() == 0) {
            return null;
        }
        return ErrorRecorder.open(backend.dataSource(), config.taskInfoSchema(), TaskIds.next());
    }

    private void fail(ImportException e) {
        if (failure.compareAndSet(null, e)) {
            LOG.debug("import failed", e);
        }
    }

    private ImportPlan plan(Storage storage, List<StorageFile> files) {
        ImportPlan plan = Planner.of(config).plan(files);
        for (TablePlan t : plan.tables()) {
            for (DataChunk c : t.chunks()) {
                if (providers.format(c.format()) == null) {
                    throw new ImportException(ErrorCode.PROVIDER_NOT_FOUND, "no parser for ." + c.format()
                            + " files in this version (available: " + providers.formatNames()
                            + "); exclude the table with a filter or convert the file", c.file(), -1,
                            t.name().toString(), null, null);
                }
                if (c.compression() != null && providers.decompression().provider(c.compression()) == null) {
                    throw providers.decompression().missing(c.compression(), c.file(), t.name().toString());
                }
            }
        }
        if (config.strictFormat()) {
            plan = new RegionSplitter(storage, providers::format, formatContext(), config.maxRegionSize()).split(plan);
        }
        return plan;
    }

    private FormatContext formatContext() {
        return new FormatContext(config.csv(), config.dataCharacterSet(), config.dataInvalidCharReplace());
    }

    private IgnoredColumns ignoredColumns() {
        return new IgnoredColumns(config.ignoreColumns());
    }

    private Map<TableName, TargetTable> prepareSchema(ImportPlan plan, Storage storage, Backend backend) {
        TargetCatalog catalog = new TargetCatalog(backend.dataSource());
        SchemaApplier applier = new SchemaApplier(backend.dataSource(), storage, config.sqlMode(),
                config.characterSet());
        boolean create = config.schemaMode() == SchemaMode.CREATE;
        Map<TableName, TargetTable> targets = new LinkedHashMap<>();
        for (DatabasePlan db : plan.databases()) {
            if (create) {
                applier.createDatabase(db.name(), db.schemaFile());
            }
            for (TablePlan t : db.tables()) {
                if (stopRequested()) {
                    return targets;
                }
                if (checkpoints != null && checkpoints.isFinished(t.name())) {
                    continue; // imported by an earlier run: nothing to prepare
                }
                if (create && t.schemaFile() != null) {
                    applier.createTable(t.name(), t.schemaFile());
                }
                TargetTable target = catalog.table(t.name());
                if (target == null) {
                    RoutedFile schema = t.schemaFile();
                    String file = schema != null ? schema.path() : t.chunks().isEmpty() ? null : t.chunks().get(0).file();
                    throw new ImportException(ErrorCode.MISSING_SCHEMA, "table " + t.name() + " does not exist on the"
                            + " target" + (schema == null ? " and the source has no schema file for it ("
                            + t.name().schema() + "." + t.name().table() + "-schema.sql)" : "")
                            + "; create the table, add its schema file, or exclude it with a filter", file, -1,
                            t.name().toString(), null, null);
                }
                boolean resumed = checkpoints != null && checkpoints.status(t.name()).ordinal()
                        >= TableCheckpoint.Status.WRITING.ordinal();
                if (checkpoints != null) {
                    checkpoints.advance(t.name(), TableCheckpoint.Status.SCHEMA_CREATED);
                }
                if (!resumed && backend.requiresEmptyTables() && !t.chunks().isEmpty()
                        && !catalog.isEmpty(t.name())) {
                    throw new ImportException(ErrorCode.INVALID_OPTION, "table " + t.name() + " is not empty and the "
                            + "backend requires empty tables; empty it or use the logical backend", null, -1,
                            t.name().toString(), null, null);
                }
                targets.put(t.name(), ignoredColumns().widen(target));
            }
        }
        if (create) {
            for (DatabasePlan db : plan.databases()) {
                for (RoutedFile view : db.views()) {
                    applier.createView(db.name(), view);
                }
            }
        }
        return targets;
    }

    private void importTables(ImportPlan plan, Storage storage, Backend backend, Map<TableName, TargetTable> targets) {
        Progress progress = new Progress(plan.tables().size(), plan.chunkCount(), plan.bytes());
        ChunkRunner runner = new ChunkRunner(storage, formatContext(), budget, progress, listener,
                this::stopRequested, providers.decompression());
        ExecutorService chunkPool = Executors.newFixedThreadPool(config.concurrency(), threads("lightning-chunk", importId));
        ExecutorService tablePool = Executors.newFixedThreadPool(config.tableConcurrency(), threads("lightning-table", importId));
        try {
            List<Future<?>> tables = new ArrayList<>();
            for (TablePlan t : plan.tables()) {
                tables.add(tablePool.submit(ImportMdc.forTable(t.name(), () -> importTable(t, targets.get(t.name()),
                        backend, runner, chunkPool, progress))));
            }
            for (Future<?> f : tables) {
                await(f);
            }
        } finally {
            tablePool.shutdownNow();
            chunkPool.shutdownNow();
        }
    }

    private void importTable(TablePlan plan, TargetTable target, Backend backend, ChunkRunner runner,
            ExecutorService chunkPool, Progress progress) {
        TableStats tableStats = stats.get(plan.name());
        if (checkpoints != null && checkpoints.isFinished(plan.name()) && !stopRequested()) {
            tableStats.started();
            for (DataChunk c : plan.chunks()) {
                ChunkCheckpoint done = checkpoints.chunk(c);
                if (done != null) {
                    runner.alreadyDone(done, tableStats);
                }
            }
            tableStats.finished();
            progress.tableDone();
            LOG.info("table {} was finished by an earlier run", plan.name());
            listener.tableFinished(tableStats.toResult());
            return;
        }
        if (stopRequested() || target == null) {
            return;
        }
        tableStats.started();
        listener.tableStarted(plan.name(), plan.chunks().size(), plan.bytes());
        try (TableImporter importer = ignoredColumns().open(backend, target)) {
            importer.prepare(plan.chunks());
            List<Future<?>> chunks = new ArrayList<>();
            if (checkpoints != null) {
                checkpoints.advance(plan.name(), TableCheckpoint.Status.WRITING);
            }
            for (DataChunk c : plan.chunks()) {
                FormatProvider format = providers.format(c.format());
                ChunkCheckpoint saved = checkpoints == null ? null : checkpoints.chunk(c);
                if (saved != null && saved.finished()) {
                    runner.alreadyDone(saved, tableStats);
                    continue;
                }
                ChunkTracker tracker = checkpoints == null ? null : checkpoints.tracker(c, saved);
                chunks.add(chunkPool.submit(ImportMdc.forTable(plan.name(), () -> {
                    if (!stopRequested()) {
                        try {
                            runner.run(c, format, target, importer, tableStats, tracker);
                        } catch (ImportException e) {
                            // Stop at once: the table thread sees this only when it reaches this chunk's
                            // future, and chunks queued meanwhile would start (and spend their retries).
                            fail(e);
                            throw e;
                        }
                    }
                })));
            }
            ImportException chunkFailure = null;
            for (Future<?> f : chunks) {
                ImportException e = await(f);
                chunkFailure = chunkFailure == null ? e : chunkFailure;
            }
            if (chunkFailure != null) {
                tableFailed(plan.name(), chunkFailure);
            }
            if (stopRequested()) {
                return;
            }
            if (checkpoints != null) {
                checkpoints.advance(plan.name(), TableCheckpoint.Status.WRITTEN);
            }
            importer.finish();
        } catch (ImportException e) {
            fail(e.at(null, -1, plan.name().toString()));
            tableFailed(plan.name(), e);
            return;
        } catch (RuntimeException e) {
            ImportException ie = new ImportException(ErrorCode.INTERNAL, "unexpected failure: " + e, null, -1,
                    plan.name().toString(), null, e);
            fail(ie);
            tableFailed(plan.name(), ie);
            return;
        }
        if (checkpoints != null) {
            checkpoints.advance(plan.name(), TableCheckpoint.Status.FINISHED);
        }
        tableStats.finished();
        progress.tableDone();
        TableResult result = tableStats.toResult();
        LOG.info("table {} done: {} rows, {} bytes, {} skipped in {} ms", plan.name(), result.rows(), result.bytes(),
                result.skippedRows(), result.duration().toMillis());
        listener.tableFinished(result);
    }

    /** Waits for a task; returns its failure (already passed to {@link #fail}) or null. */
    private ImportException await(Future<?> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            ImportException ie = cause instanceof ImportException x ? x
                    : new ImportException(ErrorCode.INTERNAL, "unexpected failure: " + cause, cause);
            fail(ie);
            return ie;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        }
        return null;
    }

    /**
     * Records a table's own failure so that a resume stops until it is cleared; a cancellation is not a
     * failure, a failed checkpoint store cannot record anything, and a target that went away is not the
     * table's fault (Lightning keeps such retryable errors out of its checkpoints, so a resume just goes on).
     */
    private void tableFailed(TableName table, ImportException e) {
        CheckpointSession cp = checkpoints;
        if (cp == null || e.code() == ErrorCode.CANCELLED || e.code() == ErrorCode.CHECKPOINT
                || e.code() == ErrorCode.TARGET_UNREACHABLE) {
            return;
        }
        try {
            cp.failed(table, e.code().code() + " " + e.getMessage());
        } catch (RuntimeException again) {
            LOG.warn("cannot record the failure of {} in the checkpoints: {}", table, again.toString());
        }
    }

    private static ThreadFactory threads(String prefix, String importId) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(ImportMdc.forImport(importId, r), prefix + "-" + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
    }
}
