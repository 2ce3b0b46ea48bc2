package dev.lightning4j;

import dev.lightning4j.spi.BackendProvider;
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
    long batchBytes = ImportConfig.DEFAULT_BATCH_BYTES;
    int batchRows = ImportConfig.DEFAULT_BATCH_ROWS;
    String sqlMode = ImportConfig.DEFAULT_SQL_MODE;
    String timeZone = "+00:00";
    final Map<String, String> options = new LinkedHashMap<>();
    final List<StorageProvider> storageProviders = new ArrayList<>();
    final List<FormatProvider> formatProviders = new ArrayList<>();
    ClassLoader classLoader = ImportBuilder.class.getClassLoader();

    private ImportBuilder() {
    }

    public static ImportBuilder create() {
        return new ImportBuilder();
    }

    /** The source: a directory path or a URL ({@code file:}, or a scheme of a registered storage). */
    public ImportBuilder source(String pathOrUrl) {
        this.source = pathOrUrl;
        return this;
    }

    public ImportBuilder source(Path directory) {
        this.source = directory == null ? null : directory.toAbsolutePath().toString();
        return this;
    }

    /** Writes through the caller's DataSource; the caller keeps owning it. */
    public ImportBuilder target(DataSource dataSource) {
        this.target = TargetSpec.of(dataSource);
        return this;
    }

    /** Writes to the server at a JDBC URL ({@code jdbc:mysql://host:port/}). */
    public ImportBuilder target(String jdbcUrl, String user, String password) {
        this.target = TargetSpec.of(jdbcUrl, user, password);
        return this;
    }

    /** Writes to a MySQL-protocol server (TiDB, MySQL, MariaDB) by host and port. */
    public ImportBuilder target(String host, int port, String user, String password) {
        this.target = TargetSpec.of(host, port, user, password);
        return this;
    }

    /** The backend by name: {@code logical} (or {@code tidb}), {@code physical} (or {@code local}). */
    public ImportBuilder backend(String name) {
        this.backendName = name;
        this.backend = null;
        return this;
    }

    /** A backend instance, bypassing discovery. */
    public ImportBuilder backend(BackendProvider provider) {
        this.backend = Objects.requireNonNull(provider, "backend");
        this.backendName = null;
        return this;
    }

    /**
     * Adds table filter rules in TiDB Lightning's syntax ({@code db.tbl}, {@code *} and {@code ?} wildcards,
     * {@code !} to exclude; the last matching rule wins). Without any rule, every table outside the system
     * schemas is imported.
     */
    public ImportBuilder filter(String... rules) {
        filters.addAll(Arrays.asList(rules));
        return this;
    }

    public ImportBuilder onDuplicate(ConflictStrategy strategy) {
        this.conflictStrategy = strategy;
        return this;
    }

    /** Rows that may be rejected (type errors, conflicts) before the import fails; default 0. */
    public ImportBuilder maxErrors(long maxErrors) {
        this.maxErrors = maxErrors;
        return this;
    }

    /** Chunk workers writing at once across all tables; default the number of processors (at least 2). */
    public ImportBuilder concurrency(int workers) {
        this.concurrency = workers;
        return this;
    }

    /** Tables imported at once; default 6. */
    public ImportBuilder tableConcurrency(int tables) {
        this.tableConcurrency = tables;
        return this;
    }

    public ImportBuilder listener(ImportListener listener) {
        this.listener = listener;
        return this;
    }

    public ImportBuilder csv(CsvOptions options) {
        this.csv = options;
        return this;
    }

    public ImportBuilder schemaMode(SchemaMode mode) {
        this.schemaMode = mode;
        return this;
    }

    /** Upper bound of one batch in bytes of SQL (logical) ; default 96 KiB. */
    public ImportBuilder batchBytes(long bytes) {
        this.batchBytes = bytes;
        return this;
    }

    /** Upper bound of rows in one batch; default 65536. */
    public ImportBuilder batchRows(int rows) {
        this.batchRows = rows;
        return this;
    }

    /**
     * How the logical backend sends rows: {@code auto} (default) streams them with {@code LOAD DATA LOCAL
     * INFILE} when the server allows it and INSERTs otherwise, {@code on} requires it, {@code off} always
     * INSERTs. Same as {@code option("logical-load-data", mode)}.
     */
    public ImportBuilder loadData(String mode) {
        return option("logical-load-data", Objects.requireNonNull(mode, "loadData mode"));
    }

    public ImportBuilder sqlMode(String sqlMode) {
        this.sqlMode = sqlMode;
        return this;
    }

    /** The session time zone for TIMESTAMP values; default {@code +00:00} as dumps are written in UTC. */
    public ImportBuilder timeZone(String timeZone) {
        this.timeZone = timeZone;
        return this;
    }

    /** A further option by name, read by backends and providers. */
    public ImportBuilder option(String name, String value) {
        options.put(Objects.requireNonNull(name, "option name"), value);
        return this;
    }

    /** Registers a storage by hand, ahead of discovered ones. */
    public ImportBuilder register(StorageProvider provider) {
        storageProviders.add(Objects.requireNonNull(provider));
        return this;
    }

    /** Registers a format by hand, ahead of discovered ones. */
    public ImportBuilder register(FormatProvider provider) {
        formatProviders.add(Objects.requireNonNull(provider));
        return this;
    }

    /** The class loader used to discover engines, backends, storages and formats. */
    public ImportBuilder classLoader(ClassLoader loader) {
        this.classLoader = Objects.requireNonNull(loader, "classLoader");
        return this;
    }

    /**
     * Validates the settings and freezes them.
     *
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} naming the option
     */
    public ImportConfig build() {
        if (source == null || source.isBlank()) {
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
        for (String rule : filters) {
            if (rule == null || rule.isBlank()) {
                throw invalid("filter: a rule must not be empty");
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

    /** Builds and starts the import; it runs on threads of its own. */
    public ImportJob start() {
        ImportConfig config = build();
        ImportEngine engine = ServiceLoader.load(ImportEngine.class, config.classLoader()).findFirst()
                .orElseThrow(() -> new ImportException(ErrorCode.PROVIDER_NOT_FOUND,
                        "no import engine on the class path: add the lightning-core module"));
        return engine.start(config);
    }

    /** Builds, starts and waits for the import. */
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
