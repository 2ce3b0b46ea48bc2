package dev.lightning4j;

import dev.lightning4j.spi.BackendProvider;
import dev.lightning4j.spi.CompressionProvider;
import dev.lightning4j.spi.CheckpointStoreProvider;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.ImportEngine;
import dev.lightning4j.spi.StorageProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import javax.sql.DataSource;

/**
 * The entry point: collects the settings of an import, validates them in {@link #build()} and starts it.
 *
 * <pre>{@code
 * ImportResult result = ImportBuilder.create()
 *         .source("/data/dump")
 *         .target("jdbc:mysql://127.0.0.1:4000/", "root", "")
 *         .filter("shop.*", "!shop.audit_log")
 *         .onDuplicate(ConflictStrategy.REPLACE)
 *         .run();
 * }</pre>
 *
 * A builder is not thread-safe; the {@link ImportConfig} it builds is immutable.
 */
public final class ImportBuilder {
    String source;
    TargetSpec target;
    String backendName = "logical";
    BackendProvider backend;
    final List<String> filters = new ArrayList<>();
    ConflictStrategy conflictStrategy = ConflictStrategy.ERROR;
    long maxErrors = 0;
    int concurrency = Math.max(2, Runtime.getRuntime().availableProcessors());
    int tableConcurrency = 6;
    ImportListener listener = new ImportListener() { };
    CsvOptions csv = CsvOptions.DEFAULT;
    SchemaMode schemaMode = SchemaMode.CREATE;
    // source layout: splitting, character sets, routing (Lightning's [mydumper], [[routes]])
    boolean strictFormat;
    long maxRegionSize = ImportConfig.DEFAULT_MAX_REGION_SIZE;
    String dataCharacterSet = "binary";
    String dataInvalidCharReplace = "\uFFFD";
    String characterSet = "auto";
    final List<FileRule> fileRules = new ArrayList<>();
    boolean defaultFileRules = true;
    boolean caseSensitive;
    final List<TableRoute> routes = new ArrayList<>();
    final List<IgnoreColumns> ignoreColumns = new ArrayList<>();
    long batchBytes = ImportConfig.DEFAULT_BATCH_BYTES;
    int batchRows = ImportConfig.DEFAULT_BATCH_ROWS;
    String sqlMode = ImportConfig.DEFAULT_SQL_MODE;
    String timeZone = "+00:00";
    String taskInfoSchema = ImportConfig.DEFAULT_TASK_INFO_SCHEMA;
    boolean checkRequirements = true;
    TlsMode tls = TlsMode.OFF;
    Path tlsCaCert;
    final Map<String, String> options = new LinkedHashMap<>();
    final List<StorageProvider> storageProviders = new ArrayList<>();
    final List<FormatProvider> formatProviders = new ArrayList<>();
    final List<CompressionProvider> compressionProviders = new ArrayList<>();
    ClassLoader classLoader = ImportBuilder.class.getClassLoader();
    /** host, port, user, password given one at a time through {@link #set(String, String)}. */
    final Map<String, String> tidbParts = new LinkedHashMap<>();
    boolean checkpoint;
    String checkpointDriver = "file";
    String checkpointPath;
    String checkpointSchema = ImportConfig.DEFAULT_CHECKPOINT_SCHEMA;
    KeepAfterSuccess keepAfterSuccess = KeepAfterSuccess.REMOVE;
    final List<CheckpointStoreProvider> checkpointStores = new ArrayList<>();

    private ImportBuilder() {
    }

    /**
     * A builder with TiDB Lightning's defaults: logical backend, {@code on-duplicate = error},
     * {@code max-error = 0}, the default table filter, checkpoints off.
     *
     * @return a new builder; source and target must still be set
     */
    public static ImportBuilder create() {
        return new ImportBuilder();
    }

    /**
     * The source: a directory path or a URL ({@code file:}, or a scheme of a registered storage).
     *
     * @param pathOrUrl a directory ({@code /data/dump}) or URL ({@code s3://bucket/prefix}); checked when the import
     *                  starts
     * @return this builder
     */
    public ImportBuilder source(String pathOrUrl) {
        this.source = pathOrUrl;
        return this;
    }

    /**
     * The source: a local directory holding the dump.
     *
     * @param directory the directory, made absolute; null clears the source
     * @return this builder
     */
    public ImportBuilder source(Path directory) {
        this.source = directory == null ? null : directory.toAbsolutePath().toString();
        return this;
    }

    /**
     * Writes through the caller's DataSource; the caller keeps owning it.
     *
     * @param dataSource a pool serving at least {@link #concurrency(int)} plus one connections; never closed by the
     *                   import
     * @return this builder
     * @throws IllegalArgumentException when {@code dataSource} is null
     */
    public ImportBuilder target(DataSource dataSource) {
        this.target = TargetSpec.of(dataSource);
        return this;
    }

    /**
     * Writes to the server at a JDBC URL ({@code jdbc:mysql://host:port/}).
     *
     * @param jdbcUrl a {@code jdbc:} URL
     * @param user the user, or null when the URL carries it
     * @param password the password, or null; never logged
     * @return this builder
     * @throws IllegalArgumentException when the URL does not start with {@code jdbc:}
     */
    public ImportBuilder target(String jdbcUrl, String user, String password) {
        this.target = TargetSpec.of(jdbcUrl, user, password);
        return this;
    }

    /**
     * Writes to a MySQL-protocol server (TiDB, MySQL, MariaDB) by host and port.
     *
     * @param host a host name or IP address
     * @param port the port, 1 to 65535 (TiDB listens on 4000)
     * @param user the user
     * @param password the password, or null; never logged
     * @return this builder
     * @throws IllegalArgumentException when the host is blank or the port out of range
     */
    public ImportBuilder target(String host, int port, String user, String password) {
        this.target = TargetSpec.of(host, port, user, password);
        return this;
    }

    /**
     * The backend by name: {@code logical} (or {@code tidb}), {@code physical} (or {@code local}).
     *
     * @param name the backend name or alias; resolved by {@link #build()}, which fails with
     *             {@code PROVIDER_NOT_FOUND} when no module provides it
     * @return this builder
     */
    public ImportBuilder backend(String name) {
        this.backendName = name;
        this.backend = null;
        return this;
    }

    /**
     * A backend instance, bypassing discovery.
     *
     * @param provider the backend to use, not null
     * @return this builder
     * @throws NullPointerException when {@code provider} is null
     */
    public ImportBuilder backend(BackendProvider provider) {
        this.backend = Objects.requireNonNull(provider, "backend");
        this.backendName = null;
        return this;
    }

    /**
     * Adds table filter rules in TiDB Lightning's syntax ({@code db.tbl}, {@code *} and {@code ?} wildcards,
     * {@code !} to exclude; the last matching rule wins). Without any rule, every table outside the system
     * schemas is imported.
     *
     * @param rules rules added after those given before, each non-empty
     * @return this builder
     */
    public ImportBuilder filter(String... rules) {
        filters.addAll(Arrays.asList(rules));
        return this;
    }

    /**
     * What happens to a row whose primary or unique key exists on the target ({@code on-duplicate});
     * default {@link ConflictStrategy#ERROR}.
     *
     * @param strategy the strategy; null is refused by {@link #build()}
     * @return this builder
     */
    public ImportBuilder onDuplicate(ConflictStrategy strategy) {
        this.conflictStrategy = strategy;
        return this;
    }

    /**
     * Rows that may be rejected (type errors, conflicts) before the import fails; default 0.
     *
     * @param maxErrors rows that may be rejected, 0 or more ({@code max-error}); checked by {@link #build()}
     * @return this builder
     */
    public ImportBuilder maxErrors(long maxErrors) {
        this.maxErrors = maxErrors;
        return this;
    }

    /**
     * Chunk workers writing at once across all tables; default the number of processors (at least 2).
     *
     * @param workers at least 1 ({@code region-concurrency}); checked by {@link #build()}
     * @return this builder
     */
    public ImportBuilder concurrency(int workers) {
        this.concurrency = workers;
        return this;
    }

    /**
     * Tables imported at once; default 6.
     *
     * @param tables at least 1 ({@code table-concurrency}); checked by {@link #build()}
     * @return this builder
     */
    public ImportBuilder tableConcurrency(int tables) {
        this.tableConcurrency = tables;
        return this;
    }

    /**
     * Receives progress callbacks, from the import's worker threads; default a listener that does nothing.
     *
     * @param listener the listener, thread-safe; null is refused by {@link #build()}
     * @return this builder
     */
    public ImportBuilder listener(ImportListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * The CSV options ({@code [mydumper.csv]}); default {@link CsvOptions#DEFAULT}.
     *
     * @param options the options; null is refused by {@link #build()}
     * @return this builder
     */
    public ImportBuilder csv(CsvOptions options) {
        this.csv = options;
        return this;
    }

    /**
     * Whether schemas are created from the schema files or must exist; default {@link SchemaMode#CREATE}.
     *
     * @param mode the mode; null is refused by {@link #build()}
     * @return this builder
     */
    public ImportBuilder schemaMode(SchemaMode mode) {
        this.schemaMode = mode;
        return this;
    }

    /**
     * Upper bound of one batch in bytes of SQL (logical) ; default 96 KiB.
     *
     * @param bytes at least 1024; checked by {@link #build()}
     * @return this builder
     */
    public ImportBuilder batchBytes(long bytes) {
        this.batchBytes = bytes;
        return this;
    }

    /**
     * Upper bound of rows in one batch; default 65536.
     *
     * @param rows at least 1; checked by {@link #build()}
     * @return this builder
     */
    public ImportBuilder batchRows(int rows) {
        this.batchRows = rows;
        return this;
    }

    /**
     * How the logical backend sends rows: {@code auto} (default) streams them with {@code LOAD DATA LOCAL
     * INFILE} when the server allows it and INSERTs otherwise, {@code on} requires it, {@code off} always
     * INSERTs. Same as {@code option("logical-load-data", mode)}. With checkpoints on, rows are INSERTed so
     * that each batch commits with its checkpoint.
     *
     * @param mode {@code auto}, {@code on} or {@code off}
     * @return this builder
     */
    public ImportBuilder loadData(String mode) {
        return option("logical-load-data", Objects.requireNonNull(mode, "loadData mode"));
    }

    /**
     * The session {@code sql_mode} rows are written under ({@code tidb.sql-mode}); default
     * {@link ImportConfig#DEFAULT_SQL_MODE}, under which a value that does not fit its column is a row error.
     *
     * @param sqlMode comma-separated modes as the server accepts them
     * @return this builder
     */
    public ImportBuilder sqlMode(String sqlMode) {
        this.sqlMode = sqlMode;
        return this;
    }

    /**
     * The session time zone for TIMESTAMP values; default {@code +00:00} as dumps are written in UTC.
     *
     * @param timeZone a {@code time_zone} value the server accepts, such as {@code +08:00} or {@code SYSTEM}
     * @return this builder
     */
    public ImportBuilder timeZone(String timeZone) {
        this.timeZone = timeZone;
        return this;
    }

    /**
     * The schema on the target where rejected rows are recorded ({@code type_error_v1},
     * {@code conflict_records}), as Lightning's {@code task-info-schema-name}; default
     * {@code lightning_task_info}. Null or empty turns recording off. Rows are recorded only when
     * {@link #maxErrors(long)} allows some.
     *
     * @param schema the schema name, 1 to 64 characters; null or empty turns recording off
     * @return this builder
     */
    public ImportBuilder taskInfoSchema(String schema) {
        this.taskInfoSchema = schema;
        return this;
    }

    /**
     * Whether the pre-checks run before anything is written (Lightning's {@code check-requirements}); default true.
     *
     * @param check false to skip the pre-checks
     * @return this builder
     */
    public ImportBuilder checkRequirements(boolean check) {
        this.checkRequirements = check;
        return this;
    }

    /**
     * Encryption of the target connection for a URL or host target (a caller's DataSource is configured by the
     * caller). {@code caCert} is the PEM file of the CA that signed the server's certificate, required for
     * {@link TlsMode#VERIFY_CA} and {@link TlsMode#VERIFY_FULL}.
     *
     * @param mode the TLS mode; null is refused by {@link #build()}
     * @param caCert the CA's PEM file, or null; {@link #build()} checks that it is readable
     * @return this builder
     */
    public ImportBuilder tls(TlsMode mode, Path caCert) {
        this.tls = mode;
        this.tlsCaCert = caCert;
        return this;
    }

    /**
     * A further option by name, read by backends and providers.
     *
     * @param name the option name, not null
     * @param value the value as text; replaces an earlier value
     * @return this builder
     * @throws NullPointerException when {@code name} is null
     */
    public ImportBuilder option(String name, String value) {
        options.put(Objects.requireNonNull(name, "option name"), value);
        return this;
    }

    /**
     * Sets one option by its TiDB Lightning key path, validated by its declaration in {@link ImportOptions}:
     * {@code set("mydumper.csv.separator", "|")} is the same as changing the CSV options by hand. Options that
     * are accepted but not applied yet are kept in {@link ImportConfig#options()} under their key.
     *
     * @param key   the dotted key, for example {@code lightning.max-error}
     * @param value the value as text; a {@link ImportOption.Type#LIST} option takes a comma-separated text
     * @return this builder
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} naming the key (and the closest known key)
     *                         when the key is unknown or the value is not valid
     */
    public ImportBuilder set(String key, String value) {
        ImportOption option = ImportOptions.require(key);
        List<String> values = option.type() == ImportOption.Type.LIST && value != null
                ? Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList()
                : java.util.Collections.singletonList(value);
        option.apply(this, values);
        return this;
    }

    /**
     * Sets one list option by its key, for example every {@code mydumper.filter} rule at once.
     *
     * @param key    the dotted key
     * @param values the values
     * @return this builder
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} naming the key when it is unknown or a value
     *                         is not valid
     */
    public ImportBuilder set(String key, List<String> values) {
        ImportOptions.require(key).apply(this, values);
        return this;
    }

    /**
     * Sets several options by key, in the map's iteration order, as {@link #set(String, String)}.
     *
     * @param options keys and values
     * @return this builder
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} naming the first unknown key or bad value
     */
    public ImportBuilder configure(Map<String, String> options) {
        options.forEach(this::set);
        return this;
    }

    /** Keeps one part of the target address and rebuilds the target from the parts given so far. */
    ImportBuilder tidbPart(String part, String value) {
        tidbParts.put(part, value);
        this.target = TargetSpec.of(tidbParts.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(tidbParts.getOrDefault("port", "4000")), tidbParts.getOrDefault("user", "root"),
                tidbParts.getOrDefault("password", ""));
        return this;
    }

    /**
     * Registers a storage by hand, ahead of discovered ones.
     *
     * @param provider the storage provider, not null
     * @return this builder
     * @throws NullPointerException when {@code provider} is null
     */
    public ImportBuilder register(StorageProvider provider) {
        storageProviders.add(Objects.requireNonNull(provider));
        return this;
    }

    /**
     * Registers a format by hand, ahead of discovered ones.
     *
     * @param provider the format provider, not null
     * @return this builder
     * @throws NullPointerException when {@code provider} is null
     */
    public ImportBuilder register(FormatProvider provider) {
        formatProviders.add(Objects.requireNonNull(provider));
        return this;
    }

    /**
     * Registers a decompressor by hand, ahead of discovered ones.
     *
     * @param provider the decompressor, not null
     * @return this builder
     * @throws NullPointerException when {@code provider} is null
     */
    public ImportBuilder register(CompressionProvider provider) {
        compressionProviders.add(Objects.requireNonNull(provider));
        return this;
    }

    /**
     * Records progress so that a restarted import resumes where this one stopped, with no row lost or written
     * twice; default off (TiDB Lightning has it on).
     *
     * @param enabled true to record and resume from checkpoints
     * @return this builder
     */
    public ImportBuilder checkpoint(boolean enabled) {
        this.checkpoint = enabled;
        return this;
    }

    /**
     * Where checkpoints live: {@code file} (a local file, the default) or {@code mysql} (tables on the target,
     * written in the same transaction as the rows, so a resume is exact for every table).
     *
     * @param driver {@code file} or {@code mysql}, or the name of a registered store; blank is refused by
     *               {@link #build()}
     * @return this builder
     */
    public ImportBuilder checkpointDriver(String driver) {
        this.checkpointDriver = driver;
        return this;
    }

    /**
     * The file of the {@code file} driver; default {@code lightning4j_checkpoint.txt} in the temporary directory.
     *
     * @param path the checkpoint file, or null for the default
     * @return this builder
     */
    public ImportBuilder checkpointPath(String path) {
        this.checkpointPath = path;
        return this;
    }

    /**
     * The schema of the {@code mysql} driver; default {@code lightning_checkpoints}.
     *
     * @param schema a plain identifier (letters, digits, {@code _} and {@code $}); checked by {@link #build()}
     * @return this builder
     */
    public ImportBuilder checkpointSchema(String schema) {
        this.checkpointSchema = schema;
        return this;
    }

    /**
     * What to do with checkpoints after success; default {@link KeepAfterSuccess#REMOVE}.
     *
     * @param keep remove, rename or keep as they are; null is refused by {@link #build()}
     * @return this builder
     */
    public ImportBuilder keepAfterSuccess(KeepAfterSuccess keep) {
        this.keepAfterSuccess = keep;
        return this;
    }

    /**
     * Registers a checkpoint store by hand, ahead of discovered ones.
     *
     * @param provider the checkpoint store provider, not null
     * @return this builder
     * @throws NullPointerException when {@code provider} is null
     */
    public ImportBuilder register(CheckpointStoreProvider provider) {
        checkpointStores.add(Objects.requireNonNull(provider));
        return this;
    }

    /**
     * The checkpoints this builder's import uses, to list or clear them. Needs the target and checkpoint
     * settings (the source is not read). The caller closes it.
     *
     * @return a handle on the checkpoint store
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} when the settings are invalid,
     *                         {@link ErrorCode#PROVIDER_NOT_FOUND} when no engine is on the class path, or
     *                         {@link ErrorCode#CHECKPOINT} when the store cannot be opened
     */
    public Checkpoints checkpoints() {
        ImportConfig config = build(false);
        return engine(config).checkpoints(config);
    }

    /**
     * The class loader used to discover engines, backends, storages and formats.
     *
     * @param loader the class loader; default the one that loaded this class
     * @return this builder
     * @throws NullPointerException when {@code loader} is null
     */
    public ImportBuilder classLoader(ClassLoader loader) {
        this.classLoader = Objects.requireNonNull(loader, "classLoader");
        return this;
    }

    /**
     * Lightning's {@code strict-format}: the promise that no quoted value holds a line break, so that large
     * uncompressed CSV and SQL files can be cut into chunks at line boundaries and imported in parallel.
     * Default false (every file is one chunk).
     *
     * @param strict true to allow splitting large files
     * @return this builder
     */
    public ImportBuilder strictFormat(boolean strict) {
        this.strictFormat = strict;
        return this;
    }

    /**
     * The chunk size files are cut to under {@link #strictFormat}; default 256 MiB.
     *
     * @param bytes the chunk size in bytes, at least 1024; checked by {@link #build()}
     * @return this builder
     */
    public ImportBuilder maxRegionSize(long bytes) {
        this.maxRegionSize = bytes;
        return this;
    }

    /**
     * The character set of CSV and SQL data ({@code data-character-set}): {@code binary} (default: bytes as
     * they are), {@code utf8mb4}, {@code gbk}, {@code gb18030}, {@code latin1} or {@code ascii}; text is
     * converted to UTF-8 for the target.
     *
     * @param charset one of {@link ImportConfig#DATA_CHARACTER_SETS}, case-insensitive; checked by {@link #build()}
     * @return this builder
     */
    public ImportBuilder dataCharacterSet(String charset) {
        this.dataCharacterSet = charset;
        return this;
    }

    /**
     * What replaces each invalid byte sequence in converted data ({@code data-invalid-char-replace}, default
     * U+FFFD); null makes invalid bytes an error naming the file and byte offset.
     *
     * @param replacement the replacement text, or null for an error
     * @return this builder
     */
    public ImportBuilder dataInvalidCharReplace(String replacement) {
        this.dataInvalidCharReplace = replacement;
        return this;
    }

    /**
     * The character set of schema files ({@code character-set}): {@code auto} (default: UTF-8, else GB18030),
     * {@code utf8mb4}, {@code gb18030}, {@code latin1} or {@code binary}.
     *
     * @param charset one of {@link ImportConfig#SCHEMA_CHARACTER_SETS}, case-insensitive; checked by {@link #build()}
     * @return this builder
     */
    public ImportBuilder characterSet(String charset) {
        this.characterSet = charset;
        return this;
    }

    /**
     * Adds a custom file routing rule ({@code [[mydumper.files]]}), tried before the default rules.
     *
     * @param rule the rule, not null; rules are tried in the order added
     * @return this builder
     * @throws NullPointerException when {@code rule} is null
     */
    public ImportBuilder fileRule(FileRule rule) {
        fileRules.add(Objects.requireNonNull(rule, "file rule"));
        return this;
    }

    /**
     * Adds a file rule by regular expression or exact path (a pattern when it holds regex characters other
     * than '.', '/', '-' and '_' is taken as is; use {@link #fileRule(FileRule)} to be explicit).
     *
     * @param patternOrPath a regular expression over the relative path, or an exact relative path
     * @param schema target database (template)
     * @param table target table (template)
     * @param type one of {@link FileRule#TYPES}
     * @param key the sort key (template), or null
     * @param compression the compression (template), or null for none
     * @return this builder
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} when the rule is incomplete or its type unknown
     */
    public ImportBuilder fileRule(String patternOrPath, String schema, String table, String type, String key,
            String compression) {
        boolean literal = patternOrPath != null && patternOrPath.matches("[A-Za-z0-9_./-]+")
                && !patternOrPath.contains("..");
        try {
            return fileRule(literal ? new FileRule(null, patternOrPath, schema, table, type, key, compression)
                    : new FileRule(patternOrPath, null, schema, table, type, key, compression));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * Whether the default Dumpling / mydumper rules apply after the custom ones; default true.
     *
     * @param enabled false to use only the custom rules
     * @return this builder
     */
    public ImportBuilder defaultFileRules(boolean enabled) {
        this.defaultFileRules = enabled;
        return this;
    }

    /**
     * Whether file rule patterns match case-sensitively ({@code mydumper.case-sensitive}); default false.
     *
     * @param sensitive true to match file rule patterns case-sensitively
     * @return this builder
     */
    public ImportBuilder caseSensitive(boolean sensitive) {
        this.caseSensitive = sensitive;
        return this;
    }

    /**
     * Adds a table route ({@code [[routes]]}): renames tables or merges shards into one target table.
     *
     * @param route the route, not null; the first matching route wins
     * @return this builder
     * @throws NullPointerException when {@code route} is null
     */
    public ImportBuilder route(TableRoute route) {
        routes.add(Objects.requireNonNull(route, "route"));
        return this;
    }

    /**
     * Adds a table route ({@code [[routes]]}) by its parts, as {@link TableRoute}.
     *
     * @param schemaPattern source database pattern ({@code *} and {@code ?} wildcards)
     * @param tablePattern source table pattern, or null / empty for every table
     * @param targetSchema the target database
     * @param targetTable the target table, or null / empty to keep the source name
     * @return this builder
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} when the schema pattern or target schema is missing
     */
    public ImportBuilder route(String schemaPattern, String tablePattern, String targetSchema, String targetTable) {
        try {
            return route(new TableRoute(schemaPattern, tablePattern, targetSchema, targetTable));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(e.getMessage());
        }
    }

    /**
     * Drops source columns ({@code [[mydumper.ignore-data-columns]]}) of the target tables matching the patterns.
     *
     * @param schemaPattern target database pattern
     * @param tablePattern target table pattern
     * @param columns column names, case-insensitive; at least one
     * @return this builder
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} when a pattern is missing or no column is named
     */
    public ImportBuilder ignoreColumns(String schemaPattern, String tablePattern, String... columns) {
        try {
            ignoreColumns.add(new IgnoreColumns(schemaPattern, tablePattern, Arrays.asList(columns)));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid(e.getMessage());
        }
        return this;
    }

    /**
     * Validates the settings and freezes them.
     *
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} naming the option
     * @return an immutable configuration; later changes to this builder do not affect it
     */
    public ImportConfig build() {
        return build(true);
    }

    private ImportConfig build(boolean needSource) {
        if (needSource && (source == null || source.isBlank())) {
            throw invalid("source (data-source-dir) is required: a directory path or a URL");
        }
        if (target == null) {
            throw invalid("target is required: a DataSource, a JDBC URL, or tidb-host and tidb-port");
        }
        if (conflictStrategy == null) {
            throw invalid("on-duplicate must not be null");
        }
        if (maxErrors < 0) {
            throw invalid("max-error must be 0 or more, not " + maxErrors);
        }
        if (concurrency < 1) {
            throw invalid("concurrency must be at least 1, not " + concurrency);
        }
        if (tableConcurrency < 1) {
            throw invalid("table-concurrency must be at least 1, not " + tableConcurrency);
        }
        if (batchBytes < 1024) {
            throw invalid("batch-bytes must be at least 1024, not " + batchBytes);
        }
        if (batchRows < 1) {
            throw invalid("batch-rows must be at least 1, not " + batchRows);
        }
        if (listener == null) {
            throw invalid("listener must not be null");
        }
        if (csv == null) {
            throw invalid("csv must not be null");
        }
        if (schemaMode == null) {
            throw invalid("schema mode must not be null");
        }
        if (tls == null) {
            throw invalid("tls must not be null");
        }
        if ((tls == TlsMode.VERIFY_CA || tls == TlsMode.VERIFY_FULL) && tlsCaCert == null) {
            throw invalid("tls " + tls.label() + " needs the CA certificate (tls-ca): the PEM file of the CA that"
                    + " signed the server's certificate");
        }
        if (tlsCaCert != null && !java.nio.file.Files.isReadable(tlsCaCert)) {
            throw invalid("tls-ca: cannot read " + tlsCaCert);
        }
        if (taskInfoSchema != null && !taskInfoSchema.isEmpty()
                && (taskInfoSchema.length() > 64 || taskInfoSchema.indexOf('\0') >= 0 || taskInfoSchema.isBlank())) {
            throw invalid("task-info-schema-name must be 1 to 64 characters without NUL");
        }
        if (checkpointDriver == null || checkpointDriver.isBlank()) {
            throw invalid("checkpoint driver must be given: file or mysql");
        }
        if (checkpointSchema == null || !checkpointSchema.matches("[A-Za-z0-9_$]{1,64}")) {
            throw invalid("checkpoint schema must be a plain identifier (letters, digits, _ and $), not '"
                    + checkpointSchema + "'");
        }
        if (keepAfterSuccess == null) {
            throw invalid("keep-after-success must not be null");
        }
        for (String rule : filters) {
            if (rule == null || rule.isBlank()) {
                throw invalid("filter: a rule must not be empty");
            }
        }
        if (maxRegionSize < 1024) {
            throw invalid("max-region-size must be at least 1024 bytes, not " + maxRegionSize);
        }
        if (dataCharacterSet == null || !ImportConfig.DATA_CHARACTER_SETS.contains(
                dataCharacterSet.trim().toLowerCase(Locale.ROOT))) {
            throw invalid("data-character-set '" + dataCharacterSet + "' is not supported; use one of "
                    + ImportConfig.DATA_CHARACTER_SETS);
        }
        if (characterSet == null || !ImportConfig.SCHEMA_CHARACTER_SETS.contains(
                characterSet.trim().toLowerCase(Locale.ROOT))) {
            throw invalid("character-set '" + characterSet + "' is not supported; use one of "
                    + ImportConfig.SCHEMA_CHARACTER_SETS);
        }
        for (FileRule rule : fileRules) {
            if (rule.pattern() != null) {
                try {
                    java.util.regex.Pattern.compile(rule.pattern());
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw invalid("mydumper.files: pattern '" + rule.pattern() + "' is not a regular expression: "
                            + e.getDescription());
                }
            }
        }
        BackendProvider saved = backend;
        if (backend == null) {
            backend = findBackend(backendName);
        }
        try {
            return new ImportConfig(this);
        } finally {
            backend = saved;
        }
    }

    /**
     * Builds and starts the import; it runs on threads of its own.
     *
     * @return the running job; returns without waiting for the import
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} or {@link ErrorCode#PROVIDER_NOT_FOUND} when the
     *                         settings are refused, before anything is written
     */
    public ImportJob start() {
        ImportConfig config = build();
        return engine(config).start(config);
    }

    private static ImportEngine engine(ImportConfig config) {
        return ServiceLoader.load(ImportEngine.class, config.classLoader()).findFirst()
                .orElseThrow(() -> new ImportException(ErrorCode.PROVIDER_NOT_FOUND,
                        "no import engine on the class path: add the lightning-core module"));
    }

    /**
     * Runs the pre-checks alone, a dry run: reads the source and the target's metadata, changes nothing,
     * and reports every finding with what to do. An import with {@link #checkRequirements(boolean)} on runs
     * the same checks first and stops on an error finding.
     *
     * @return every finding; {@link PrecheckReport#passed()} tells whether an import would start
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} or {@link ErrorCode#PROVIDER_NOT_FOUND} when the
     *                         settings are refused
     */
    public PrecheckReport precheck() {
        ImportConfig config = build();
        return engine(config).precheck(config);
    }

    /**
     * Builds, starts and waits for the import.
     *
     * @return the result when every table was imported within the error budget
     * @throws ImportException when the settings are refused, the import failed, or the calling thread was interrupted
     *                         ({@link ErrorCode#CANCELLED})
     */
    public ImportResult run() {
        try (ImportJob job = start()) {
            return job.await();
        }
    }

    private BackendProvider findBackend(String name) {
        if (name == null || name.isBlank()) {
            throw invalid("backend must be given: logical or physical");
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        List<String> known = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, classLoader)) {
            if (p.name().equals(wanted) || p.aliases().contains(wanted)) {
                return p;
            }
            known.add(p.name());
        }
        throw new ImportException(ErrorCode.PROVIDER_NOT_FOUND, "backend '" + name + "' is not available"
                + (known.isEmpty() ? "; no backend module is on the class path (add lightning-logical)"
                        : "; available: " + String.join(", ", known)));
    }

    private static ImportException invalid(String message) {
        return new ImportException(ErrorCode.INVALID_OPTION, message);
    }
}
