package dev.lightning4j;

import dev.lightning4j.spi.BackendProvider;
import dev.lightning4j.spi.CheckpointStoreProvider;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.StorageProvider;
import java.util.List;
import java.util.Map;

/**
 * The frozen settings of one import, made by {@link ImportBuilder#build()}. Immutable: a running import
 * never sees later changes to its builder.
 */
public final class ImportConfig {
    /** TiDB Lightning's default filter: everything but the system schemas. */
    public static final List<String> DEFAULT_FILTER = List.of("*.*", "!mysql.*", "!sys.*", "!INFORMATION_SCHEMA.*",
            "!PERFORMANCE_SCHEMA.*", "!METRICS_SCHEMA.*", "!INSPECTION_SCHEMA.*");
    /** Default batch size cap of the logical backend, as Lightning's {@code logical-import-batch-size}. */
    public static final long DEFAULT_BATCH_BYTES = 96 * 1024;
    /** Default row cap of one batch, as Lightning's {@code logical-import-batch-rows}. */
    public static final int DEFAULT_BATCH_ROWS = 65536;
    /** Lightning's strict SQL mode less the modes that newer servers removed. */
    /** Default schema of the {@code mysql} checkpoint driver, as Lightning's. */
    public static final String DEFAULT_CHECKPOINT_SCHEMA = "lightning_checkpoints";
    /** Default file of the {@code file} checkpoint driver. */
    public static final String DEFAULT_CHECKPOINT_FILE = "lightning4j_checkpoint.txt";
    public static final String DEFAULT_SQL_MODE =
            "STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

    private final String source;
    private final TargetSpec target;
    private final String backendName;
    private final BackendProvider backend;
    private final List<String> filters;
    private final ConflictStrategy conflictStrategy;
    private final long maxErrors;
    private final int concurrency;
    private final int tableConcurrency;
    private final ImportListener listener;
    private final CsvOptions csv;
    private final SchemaMode schemaMode;
    private final long batchBytes;
    private final int batchRows;
    private final String sqlMode;
    private final String timeZone;
    private final Map<String, String> options;
    private final List<StorageProvider> storageProviders;
    private final List<FormatProvider> formatProviders;
    private final ClassLoader classLoader;
    private final boolean checkpoint;
    private final String checkpointDriver;
    private final String checkpointPath;
    private final String checkpointSchema;
    private final KeepAfterSuccess keepAfterSuccess;
    private final List<CheckpointStoreProvider> checkpointStores;

    ImportConfig(ImportBuilder b) {
        source = b.source;
        target = b.target;
        backendName = b.backendName;
        backend = b.backend;
        filters = List.copyOf(b.filters.isEmpty() ? DEFAULT_FILTER : b.filters);
        conflictStrategy = b.conflictStrategy;
        maxErrors = b.maxErrors;
        concurrency = b.concurrency;
        tableConcurrency = b.tableConcurrency;
        listener = b.listener;
        csv = b.csv;
        schemaMode = b.schemaMode;
        batchBytes = b.batchBytes;
        batchRows = b.batchRows;
        sqlMode = b.sqlMode;
        timeZone = b.timeZone;
        options = Map.copyOf(b.options);
        storageProviders = List.copyOf(b.storageProviders);
        formatProviders = List.copyOf(b.formatProviders);
        classLoader = b.classLoader;
        checkpoint = b.checkpoint;
        checkpointDriver = b.checkpointDriver;
        checkpointPath = b.checkpointPath;
        checkpointSchema = b.checkpointSchema;
        keepAfterSuccess = b.keepAfterSuccess;
        checkpointStores = List.copyOf(b.checkpointStores);
    }

    /** Source directory path or URL ({@code /data/dump}, {@code file:///data/dump}, {@code s3://bucket/prefix}). */
    public String source() { return source; }

    public TargetSpec target() { return target; }

    /** The backend's name as given (possibly an alias), or null when an instance was given. */
    public String backendName() { return backendName; }

    /** The backend provider, resolved by name or given by hand. */
    public BackendProvider backend() { return backend; }

    /** Table filter rules in TiDB Lightning's syntax, the last matching rule wins. */
    public List<String> filters() { return filters; }

    public ConflictStrategy conflictStrategy() { return conflictStrategy; }

    /** How many rows may be rejected before the import fails (Lightning's {@code max-error}). */
    public long maxErrors() { return maxErrors; }

    /** Chunk workers writing at once, across all tables (Lightning's {@code region-concurrency}). */
    public int concurrency() { return concurrency; }

    /** Tables imported at once (Lightning's {@code table-concurrency}). */
    public int tableConcurrency() { return tableConcurrency; }

    public ImportListener listener() { return listener; }

    public CsvOptions csv() { return csv; }

    public SchemaMode schemaMode() { return schemaMode; }

    /** Upper bound of one batch's statement size in bytes. */
    public long batchBytes() { return batchBytes; }

    /** Upper bound of rows in one batch. */
    public int batchRows() { return batchRows; }

    /** The session {@code sql_mode} used when writing. */
    public String sqlMode() { return sqlMode; }

    /** The session {@code time_zone} used when writing (dumps are written in UTC: {@code +00:00}). */
    public String timeZone() { return timeZone; }

    /** Further options by name, for backends and providers ({@code pd-addr}, ...). */
    public Map<String, String> options() { return options; }

    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    public List<StorageProvider> storageProviders() { return storageProviders; }

    public List<FormatProvider> formatProviders() { return formatProviders; }

    /** The class loader used for ServiceLoader discovery. */
    public ClassLoader classLoader() { return classLoader; }

    /** Whether progress is checkpointed so that a restarted import resumes (Lightning's {@code checkpoint.enable}). */
    public boolean checkpoint() { return checkpoint; }

    /** The checkpoint store's driver: {@code file} or {@code mysql}. */
    public String checkpointDriver() { return checkpointDriver; }

    /** The file of the {@code file} driver. */
    public String checkpointPath() { return checkpointPath; }

    /** The schema of the {@code mysql} driver on the target. */
    public String checkpointSchema() { return checkpointSchema; }

    public KeepAfterSuccess keepAfterSuccess() { return keepAfterSuccess; }

    /** Checkpoint stores registered by hand, ahead of discovered ones. */
    public List<CheckpointStoreProvider> checkpointStores() { return checkpointStores; }

    @Override
    public String toString() {
        return "ImportConfig{source=" + TargetSpec.redactUrl(source) + ", target=" + target + ", backend="
                + (backend != null ? backend.name() : backendName) + ", filters=" + filters + ", onDuplicate="
                + conflictStrategy.label() + ", maxErrors=" + maxErrors + ", concurrency=" + concurrency + "}";
    }
}
