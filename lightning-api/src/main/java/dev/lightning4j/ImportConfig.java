package dev.lightning4j;

import dev.lightning4j.spi.BackendProvider;
import dev.lightning4j.spi.CompressionProvider;
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
    /** Lightning's {@code max-region-size}: 256 MiB. */
    public static final long DEFAULT_MAX_REGION_SIZE = 256L * 1024 * 1024;
    /** Values of {@code data-character-set}. */
    public static final List<String> DATA_CHARACTER_SETS =
            List.of("binary", "utf8mb4", "utf8", "gbk", "gb18030", "latin1", "ascii");
    /** Values of {@code character-set} (schema files). */
    public static final List<String> SCHEMA_CHARACTER_SETS = List.of("auto", "utf8mb4", "utf8", "gb18030", "latin1",
            "binary");
    /** Default schema of the {@code mysql} checkpoint driver, as Lightning's. */
    public static final String DEFAULT_CHECKPOINT_SCHEMA = "lightning_checkpoints";
    /** Default file of the {@code file} checkpoint driver. */
    public static final String DEFAULT_CHECKPOINT_FILE = "lightning4j_checkpoint.txt";
    /** Lightning's strict SQL mode less the modes that newer servers removed. */
    public static final String DEFAULT_SQL_MODE =
            "STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

    /** Lightning's {@code task-info-schema-name} default. */
    public static final String DEFAULT_TASK_INFO_SCHEMA = "lightning_task_info";

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
    private final boolean strictFormat;
    private final long maxRegionSize;
    private final String dataCharacterSet;
    private final String dataInvalidCharReplace;
    private final String characterSet;
    private final List<FileRule> fileRules;
    private final boolean defaultFileRules;
    private final boolean caseSensitive;
    private final List<TableRoute> routes;
    private final List<IgnoreColumns> ignoreColumns;
    private final Map<String, String> options;
    private final List<StorageProvider> storageProviders;
    private final List<FormatProvider> formatProviders;
    private final List<CompressionProvider> compressionProviders;
    private final ClassLoader classLoader;
    private final String taskInfoSchema;
    private final boolean checkRequirements;
    private final TlsMode tls;
    private final java.nio.file.Path tlsCaCert;
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
        strictFormat = b.strictFormat;
        maxRegionSize = b.maxRegionSize;
        dataCharacterSet = b.dataCharacterSet.trim().toLowerCase(java.util.Locale.ROOT);
        dataInvalidCharReplace = b.dataInvalidCharReplace;
        characterSet = b.characterSet.trim().toLowerCase(java.util.Locale.ROOT);
        fileRules = List.copyOf(b.fileRules);
        defaultFileRules = b.defaultFileRules;
        caseSensitive = b.caseSensitive;
        routes = List.copyOf(b.routes);
        ignoreColumns = List.copyOf(b.ignoreColumns);
        options = Map.copyOf(b.options);
        storageProviders = List.copyOf(b.storageProviders);
        formatProviders = List.copyOf(b.formatProviders);
        compressionProviders = List.copyOf(b.compressionProviders);
        classLoader = b.classLoader;
        taskInfoSchema = b.taskInfoSchema == null || b.taskInfoSchema.isEmpty() ? null : b.taskInfoSchema;
        checkRequirements = b.checkRequirements;
        tls = b.tls;
        tlsCaCert = b.tlsCaCert;
        checkpoint = b.checkpoint;
        checkpointDriver = b.checkpointDriver;
        checkpointPath = b.checkpointPath;
        checkpointSchema = b.checkpointSchema;
        keepAfterSuccess = b.keepAfterSuccess;
        checkpointStores = List.copyOf(b.checkpointStores);
    }

    /** {@return the source directory path or URL ({@code /data/dump}, {@code file:///data/dump}, {@code s3://bucket/prefix})} */
    public String source() { return source; }

    /** {@return where rows go: the caller's DataSource or a JDBC URL with credentials} */
    public TargetSpec target() { return target; }

    /** {@return the backend's name as given (possibly an alias), or null when an instance was given} */
    public String backendName() { return backendName; }

    /** {@return the backend provider, given by hand or found by name when the configuration was built; never null} */
    public BackendProvider backend() { return backend; }

    /** {@return the table filter rules in TiDB Lightning's syntax, the last matching rule wins; never empty} */
    public List<String> filters() { return filters; }

    /** {@return what happens to a row whose key exists ({@code on-duplicate}); default {@link ConflictStrategy#ERROR}} */
    public ConflictStrategy conflictStrategy() { return conflictStrategy; }

    /** {@return how many rows may be rejected before the import fails (Lightning's {@code max-error}); default 0} */
    public long maxErrors() { return maxErrors; }

    /** {@return the chunk workers writing at once, across all tables (Lightning's {@code region-concurrency})} */
    public int concurrency() { return concurrency; }

    /** {@return how many tables are imported at once (Lightning's {@code table-concurrency}); default 6} */
    public int tableConcurrency() { return tableConcurrency; }

    /** {@return the progress listener, called from worker threads; a no-op listener when none was set} */
    public ImportListener listener() { return listener; }

    /** {@return the CSV options ({@code [mydumper.csv]}); {@link CsvOptions#DEFAULT} unless set} */
    public CsvOptions csv() { return csv; }

    /** {@return whether schemas are created from the schema files or must already exist} */
    public SchemaMode schemaMode() { return schemaMode; }

    /** {@return the upper bound of one batch's statement size in bytes} */
    public long batchBytes() { return batchBytes; }

    /** {@return the upper bound of rows in one batch} */
    public int batchRows() { return batchRows; }

    /** {@return the session {@code sql_mode} used when writing} */
    public String sqlMode() { return sqlMode; }

    /** {@return the session {@code time_zone} used when writing (dumps are written in UTC: {@code +00:00})} */
    public String timeZone() { return timeZone; }

    /** {@return Lightning's {@code strict-format}: whether large uncompressed CSV and SQL files may be cut at line boundaries} */
    public boolean strictFormat() { return strictFormat; }

    /** {@return the chunk size in bytes large files are cut to under {@link #strictFormat()} ({@code max-region-size})} */
    public long maxRegionSize() { return maxRegionSize; }

    /** {@return the character set of CSV and SQL data ({@code data-character-set}), lower case} */
    public String dataCharacterSet() { return dataCharacterSet; }

    /** {@return the replacement of invalid bytes in converted data, or null when they are an error} */
    public String dataInvalidCharReplace() { return dataInvalidCharReplace; }

    /** {@return the character set of schema files ({@code character-set}), lower case} */
    public String characterSet() { return characterSet; }

    /** {@return the custom file routing rules ({@code [[mydumper.files]]}), tried in order before the default rules} */
    public List<FileRule> fileRules() { return fileRules; }

    /** {@return whether the default Dumpling rules apply ({@code default-file-rules})} */
    public boolean defaultFileRules() { return defaultFileRules; }

    /** {@return whether file rule patterns are case-sensitive ({@code case-sensitive})} */
    public boolean caseSensitive() { return caseSensitive; }

    /** {@return the table routes ({@code [[routes]]}), the first matching route wins} */
    public List<TableRoute> routes() { return routes; }

    /** {@return the ignored source columns ({@code [[mydumper.ignore-data-columns]]})} */
    public List<IgnoreColumns> ignoreColumns() { return ignoreColumns; }

    /** {@return further options by name, for backends and providers ({@code pd-addr}, ...); unmodifiable} */
    public Map<String, String> options() { return options; }

    /**
     * One of the further {@link #options()}.
     *
     * @param name         the option's name, as given to the builder
     * @param defaultValue what to return when the option was not set (may be null)
     * @return the option's value, or {@code defaultValue}
     */
    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    /** {@return the storage providers registered by hand, tried before discovered ones} */
    public List<StorageProvider> storageProviders() { return storageProviders; }

    /** {@return the format providers registered by hand, tried before discovered ones} */
    public List<FormatProvider> formatProviders() { return formatProviders; }

    /** {@return the decompressors registered by hand} */
    public List<CompressionProvider> compressionProviders() { return compressionProviders; }

    /** {@return the class loader used for ServiceLoader discovery} */
    public ClassLoader classLoader() { return classLoader; }

    /** {@return the schema where rejected rows are recorded on the target, or null when recording is off} */
    public String taskInfoSchema() { return taskInfoSchema; }

    /** {@return whether pre-checks run before the import writes anything} */
    public boolean checkRequirements() { return checkRequirements; }

    /** {@return how the connection to the target is encrypted; default {@link TlsMode#OFF}} */
    public TlsMode tls() { return tls; }

    /** {@return the PEM file of the CA for {@link TlsMode#VERIFY_CA}/{@link TlsMode#VERIFY_FULL}, or null} */
    public java.nio.file.Path tlsCaCert() { return tlsCaCert; }
    /** {@return whether progress is checkpointed so that a restarted import resumes (Lightning's {@code checkpoint.enable})} */
    public boolean checkpoint() { return checkpoint; }

    /** {@return the checkpoint store's driver: {@code file} or {@code mysql}} */
    public String checkpointDriver() { return checkpointDriver; }

    /** {@return the file of the {@code file} driver, or null for {@link #DEFAULT_CHECKPOINT_FILE} in the temporary directory} */
    public String checkpointPath() { return checkpointPath; }

    /** {@return the schema of the {@code mysql} driver on the target} */
    public String checkpointSchema() { return checkpointSchema; }

    /** {@return what happens to checkpoints after a successful import ({@code checkpoint.keep-after-success})} */
    public KeepAfterSuccess keepAfterSuccess() { return keepAfterSuccess; }

    /** {@return the checkpoint stores registered by hand, ahead of discovered ones} */
    public List<CheckpointStoreProvider> checkpointStores() { return checkpointStores; }

    @Override
    public String toString() {
        return "ImportConfig{source=" + TargetSpec.redactUrl(source) + ", target=" + target + ", backend="
                + (backend != null ? backend.name() : backendName) + ", filters=" + filters + ", onDuplicate="
                + conflictStrategy.label() + ", maxErrors=" + maxErrors + ", concurrency=" + concurrency + ", tls="
                + tls.label() + ", options=" + redactedOptions() + "}";
    }

    /** Options whose names suggest a secret (password, key, token) are shown as {@code ***}. */
    private Map<String, String> redactedOptions() {
        Map<String, String> out = new java.util.TreeMap<>();
        options.forEach((k, v) -> out.put(k, k.matches("(?i).*(password|secret|key|token|credential).*") ? "***"
                : TargetSpec.redactUrl(v)));
        return out;
    }
}
