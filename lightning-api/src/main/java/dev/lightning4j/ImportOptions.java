package dev.lightning4j;

import dev.lightning4j.ImportOption.Status;
import dev.lightning4j.ImportOption.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Every option an import understands, declared once with TiDB Lightning's TOML key paths. The TOML loader, the
 * command line, {@link ImportBuilder#set(String, String)} and the generated {@code docs/options.md} all read
 * this table, so a name, default or description is written in one place only.
 *
 * <p>Options marked {@link Status#NOT_YET_APPLIED} are accepted so that an existing {@code tidb-lightning.toml}
 * loads, and are kept in {@link ImportConfig#options()} under their key for modules that act on them; loaders
 * report them as warnings rather than dropping them silently.
 */
public final class ImportOptions {
    private static final Map<String, ImportOption> OPTIONS = declare();

    private ImportOptions() {
    }

    /**
     * Every declared option, in documentation order.
     *
     * @return the declarations
     */
    public static Collection<ImportOption> all() {
        return Collections.unmodifiableCollection(OPTIONS.values());
    }

    /**
     * Looks an option up by its TOML key path (case-insensitive).
     *
     * @param key the dotted key, for example {@code mydumper.csv.separator}
     * @return the declaration, or empty when no option has that key
     */
    public static Optional<ImportOption> find(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(OPTIONS.get(key.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * Looks an option up by key and fails when there is none, naming the key and the closest known one.
     *
     * @param key the dotted key
     * @return the declaration
     * @throws ImportException with {@link ErrorCode#INVALID_OPTION} when the key is unknown
     */
    public static ImportOption require(String key) {
        return find(key).orElseThrow(() -> unknown(key));
    }

    /**
     * The error for an unknown key: names it and suggests the closest declared key.
     *
     * @param key the key that is not declared
     * @return the exception to throw
     */
    public static ImportException unknown(String key) {
        String hint = closest(key).map(k -> "; did you mean '" + k + "'?").orElse("");
        return new ImportException(ErrorCode.INVALID_OPTION, "unknown option '" + key + "'" + hint);
    }

    /**
     * The declared key nearest to a mistyped one, by edit distance.
     *
     * @param key the mistyped key
     * @return the closest key, or empty when none is close
     */
    public static Optional<String> closest(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String k = key.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : OPTIONS.keySet()) {
            int d = distance(k, candidate);
            String lastPart = candidate.substring(candidate.lastIndexOf('.') + 1);
            // "separator" alone, or under the wrong table, should still find mydumper.csv.separator
            if (k.equals(lastPart) || k.endsWith("." + lastPart)) {
                d = Math.min(d, 1);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, k.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Map<String, ImportOption> declare() {
        Decl d = new Decl();
        // [lightning]
        d.skip("lightning.level", Type.ENUM, "info", "Log level: debug, info, warn, error.",
                "debug", "info", "warn", "warning", "error", "fatal");
        d.skip("lightning.file", Type.STRING, "", "Log file; '-' means standard output.");
        d.add("lightning.region-concurrency", Type.INTEGER, "number of processors",
                "Chunk workers writing at once, across all tables.", "--region-concurrency",
                (b, v) -> b.concurrency(d.option("lightning.region-concurrency").parseInt(v.get(0))));
        d.add("lightning.table-concurrency", Type.INTEGER, "6", "Tables imported at once.", "--table-concurrency",
                (b, v) -> b.tableConcurrency(d.option("lightning.table-concurrency").parseInt(v.get(0))));
        d.skip("lightning.index-concurrency", Type.INTEGER, "2", "Indexes built at once (physical backend).");
        d.skip("lightning.io-concurrency", Type.INTEGER, "5", "Concurrent reads of source files.");
        d.add("lightning.max-error", Type.INTEGER, "0",
                "Rows that may be rejected (type errors, conflicts) before the import fails; also lightning.max-error.type.",
                "--max-error", (b, v) -> b.maxErrors(d.option("lightning.max-error").parseLong(v.get(0))));
        d.add("lightning.max-error.type", Type.INTEGER, "0", "Same as lightning.max-error ({type = N} form).", null,
                (b, v) -> b.maxErrors(d.option("lightning.max-error.type").parseLong(v.get(0))));
        d.add("lightning.check-requirements", Type.BOOLEAN, "true",
                "Run the pre-checks before anything is written; the import stops on a failed check.",
                "--check-requirements",
                (b, v) -> b.checkRequirements(d.option("lightning.check-requirements").parseBoolean(v.get(0))));
        d.kept("lightning.meta-schema-name", Type.STRING, "lightning_metadata",
                "Schema on the target where parallel imports coordinate (task_meta, table_meta) (physical).", null);
        d.add("lightning.task-info-schema-name", Type.STRING, "lightning_task_info",
                "Schema where rejected rows are recorded (type_error_v1, conflict_records); empty turns recording off.",
                "--task-info-schema-name", (b, v) -> b.taskInfoSchema(v.get(0)));
        d.skip("lightning.status-addr", Type.STRING, "", "Address of the status HTTP server.");
        // [tikv-importer]
        d.add("tikv-importer.backend", Type.STRING, "logical",
                "Backend: logical (alias tidb, batched INSERTs over SQL) or physical (alias local, SST ingest).",
                "--backend", (b, v) -> b.backend(v.get(0).trim().toLowerCase(Locale.ROOT)));
        d.kept("tikv-importer.sorted-kv-dir", Type.STRING, "a directory under java.io.tmpdir named for the task",
                "Local directory for sorted key-value pairs (physical); engines left there let a resumed import skip"
                        + " finished chunks.", "--sorted-kv-dir");
        d.kept("tikv-importer.disk-quota", Type.SIZE, "", "Soft limit of sorted-kv-dir (physical).", "--disk-quota");
        d.add("tikv-importer.on-duplicate", Type.ENUM, "error",
                "Deprecated name of conflict.strategy: error, replace or ignore.", "--on-duplicate",
                (b, v) -> b.onDuplicate(ConflictStrategy.parse(v.get(0))), "error", "replace", "ignore", "");
        d.skip("tikv-importer.duplicate-resolution", Type.STRING, "", "Deprecated physical-mode conflict handling.");
        d.skip("tikv-importer.max-record-rows", Type.INTEGER, "", "Deprecated; conflict.threshold replaces it.");
        d.add("tikv-importer.logical-import-batch-size", Type.SIZE, "96KiB",
                "Upper bound of one INSERT statement in bytes (logical).", "--batch-bytes",
                (b, v) -> b.batchBytes(d.option("tikv-importer.logical-import-batch-size").parseSize(v.get(0))));
        d.add("tikv-importer.logical-import-batch-rows", Type.INTEGER, "65536", "Upper bound of rows in one INSERT.",
                "--batch-rows",
                (b, v) -> b.batchRows(d.option("tikv-importer.logical-import-batch-rows").parseInt(v.get(0))));
        d.add("tikv-importer.logical-load-data", Type.ENUM, "auto",
                "An extension: stream rows with LOAD DATA LOCAL INFILE when the server allows it (auto), always (on)"
                        + " or never (off); rows that LOAD would store differently still go through INSERT.",
                "--load-data", (b, v) -> b.loadData(v.get(0)), "auto", "on", "off");
        d.kept("tikv-importer.region-split-size", Type.SIZE, "96MiB", "Region size of ingested SST ranges (physical).",
                "--region-split-size");
        d.kept("tikv-importer.region-split-keys", Type.INTEGER, "1280000", "Most keys in one ingested region (physical).",
                null);
        d.kept("tikv-importer.range-concurrency", Type.INTEGER, "16", "Region jobs written and ingested at once"
                + " (physical).", "--range-concurrency");
        d.kept("tikv-importer.parallel-import", Type.BOOLEAN, "false", "Several imports into the same tables of one"
                + " cluster at once, coordinated through lightning.meta-schema-name; target tables need not be empty"
                + " (physical).", null);
        d.kept("tikv-importer.send-kv-size", Type.SIZE, "64KiB", "Key-value bytes in one ImportSST Write message"
                + " (physical).", null);
        d.kept("tikv-importer.compress-kv-pairs", Type.ENUM, "", "Compression of the Write streams to TiKV: gzip (or"
                + " gz) or none (physical).", null, "", "gzip", "gz");
        d.kept("tikv-importer.store-write-bwlimit", Type.SIZE, "0", "Write bandwidth limit per TiKV store, bytes per"
                + " second; 0 = unlimited (physical).", null);
        d.kept("tikv-importer.region-split-batch-size", Type.INTEGER, "4096", "Split keys sent in one split request"
                + " (physical).", null);
        d.kept("tikv-importer.local-writer-mem-cache-size", Type.SIZE, "32MiB", "Upper bound of one engine writer's"
                + " sort buffer; all writers together never take more than a quarter of the heap (physical).", null);
        d.kept("tikv-importer.block-size", Type.SIZE, "32KiB", "Block size of the local engines' sorted runs"
                + " (physical; TiDB Lightning's default is 16KiB).", null);
        d.kept("tikv-importer.engine-mem-cache-size", Type.SIZE, "32MiB", "Memtable of one local engine, which takes"
                + " its small writes (physical; TiDB Lightning's default is 512MiB, but sorted runs bypass it here).",
                null);
        d.kept("tikv-importer.region-split-concurrency", Type.INTEGER, "number of processors",
                "Split requests to different regions running at once (physical).", null);
        d.kept("tikv-importer.region-check-backoff-limit", Type.INTEGER, "1800",
                "Lookups of a range's regions while some are not online yet (just split, no leader), with back-off"
                        + " from 10ms to 2s (physical).", null);
        d.kept("tikv-importer.pause-pd-scheduler-scope", Type.ENUM, "table",
                "Scheduling pause: table (a region-label rule over the table's ranges, PD 6.1+) or global (PD's"
                        + " balance schedulers paused cluster-wide) (physical).", null, "table", "global");
        d.skip("tikv-importer.max-kv-pairs", Type.INTEGER, "4096", "Deprecated: pairs encoded per batch.");
        d.skip("tikv-importer.send-kv-pairs", Type.INTEGER, "32768", "Deprecated: send-kv-size replaces it.");
        d.kept("tikv-importer.incremental-import", Type.BOOLEAN, "false", "Deprecated name of parallel-import.",
                null);
        d.kept("tikv-importer.keyspace-name", Type.STRING, "",
                "Keyspace of a TiKV cluster in API V2 (multi-tenant): its keys are written under the keyspace's"
                        + " prefix; empty = the keyspace of the TiDB server (SHOW CONFIG keyspace-name), none = API V1"
                        + " (physical).", null);
        d.kept("tikv-importer.add-index-by-sql", Type.BOOLEAN, "false",
                "Import only the record and primary key pairs and add the secondary indexes over SQL after the"
                        + " checksum (physical).", null);
        // [conflict]
        d.add("conflict.strategy", Type.ENUM, "error",
                "What to do with a row whose key exists: error (also empty), replace or ignore.", null,
                (b, v) -> b.onDuplicate(ConflictStrategy.parse(v.get(0))), "error", "replace", "ignore", "");
        d.kept("conflict.threshold", Type.INTEGER, "10000",
                "Conflicting rows the physical backend's replace and ignore strategies may drop in the whole import"
                        + " (all tables together); the logical backend counts conflicts against lightning.max-error.",
                null);
        d.kept("conflict.max-record-rows", Type.INTEGER, "10000", "Conflicting rows reported one by one (physical).",
                null);
        d.kept("conflict.precheck-conflict-before-import", Type.BOOLEAN, "false",
                "Detect conflicting rows before importing (physical). Always done here, whatever the value: the"
                        + " physical backend finds rows with the same primary or unique key among the source rows"
                        + " before the ingest; with parallel-import, duplicates between imports show as a checksum"
                        + " mismatch.", null);
        // [mydumper]
        d.add("mydumper.data-source-dir", Type.STRING, "", "Export directory or URL (required).", "--data-source-dir",
                (b, v) -> b.source(v.get(0)));
        d.add("mydumper.filter", Type.LIST, "*.*, !mysql.*, !sys.*, ...",
                "Table filter rules; the last matching rule wins.", "--filter",
                (b, v) -> b.filter(v.toArray(String[]::new)));
        d.add("mydumper.no-schema", Type.BOOLEAN, "false",
                "When true no schema file is run and every table must already exist.", "--no-schema",
                (b, v) -> b.schemaMode(d.option("mydumper.no-schema").parseBoolean(v.get(0))
                        ? SchemaMode.EXISTING : SchemaMode.CREATE));
        d.add("mydumper.character-set", Type.STRING, "auto",
                "Character set of the schema files: auto (UTF-8, else GB18030), utf8mb4, gb18030, latin1, binary.",
                "--character-set", (b, v) -> b.characterSet(v.get(0)));
        d.add("mydumper.data-character-set", Type.STRING, "binary",
                "Character set of CSV and SQL data: binary (bytes as they are), utf8mb4, gbk, gb18030, latin1, ascii.",
                "--data-character-set", (b, v) -> b.dataCharacterSet(v.get(0)));
        d.add("mydumper.data-invalid-char-replace", Type.STRING, "\uFFFD",
                "Replacement of byte sequences invalid in data-character-set.", "--data-invalid-char-replace",
                (b, v) -> b.dataInvalidCharReplace(v.get(0)));
        d.add("mydumper.strict-format", Type.BOOLEAN, "false",
                "The promise that quoted values hold no line breaks, which allows cutting large CSV and SQL files.",
                "--strict-format", (b, v) -> b.strictFormat(d.option("mydumper.strict-format").parseBoolean(v.get(0))));
        d.add("mydumper.max-region-size", Type.SIZE, "256MiB", "Chunk size when cutting large files (strict-format).",
                "--max-region-size",
                (b, v) -> b.maxRegionSize(d.option("mydumper.max-region-size").parseSize(v.get(0))));
        d.skip("mydumper.read-block-size", Type.SIZE, "64KiB", "Read buffer size.");
        d.skip("mydumper.batch-size", Type.SIZE, "", "Deprecated engine batch size.");
        d.add("mydumper.case-sensitive", Type.BOOLEAN, "false", "Whether file rules match names case-sensitively.",
                null, (b, v) -> b.caseSensitive(d.option("mydumper.case-sensitive").parseBoolean(v.get(0))));
        d.add("mydumper.default-file-rules", Type.BOOLEAN, "true", "Whether Dumpling's file name rules apply.", null,
                (b, v) -> b.defaultFileRules(d.option("mydumper.default-file-rules").parseBoolean(v.get(0))));
        d.add("mydumper.files", Type.TABLE, "",
                "[[mydumper.files]] custom file routing rules (pattern or path, schema, table, type, key, compression);"
                        + " in code: fileRule(..).", null, tableOnly("mydumper.files", "fileRule"));
        d.add("mydumper.ignore-data-columns", Type.TABLE, "",
                "[[mydumper.ignore-data-columns]] source columns dropped (db, table, columns); in code: ignoreColumns(..).",
                null, tableOnly("mydumper.ignore-data-columns", "ignoreColumns"));
        // [mydumper.csv]
        d.add("mydumper.csv.separator", Type.STRING, ",", "Field separator, one or more characters.",
                "--csv-separator", csv(c -> c, (c, v) -> c.separator(v.get(0))));
        d.add("mydumper.csv.delimiter", Type.STRING, "\"", "Quoting character(s); empty means never quoted.",
                "--csv-delimiter", csv(c -> c, (c, v) -> c.delimiter(v.get(0))));
        d.add("mydumper.csv.terminator", Type.STRING, "", "Line terminator; empty means \\n or \\r\\n.",
                "--csv-terminator", csv(c -> c, (c, v) -> c.terminator(v.get(0))));
        d.add("mydumper.csv.header", Type.BOOLEAN, "true", "Whether each file starts with a header line.",
                "--csv-header", csv(c -> c, (c, v) -> c.header(d.option("mydumper.csv.header").parseBoolean(v.get(0)))));
        d.add("mydumper.csv.header-schema-match", Type.BOOLEAN, "true",
                "Whether the header maps columns by name (otherwise it is skipped).", null,
                csv(c -> c, (c, v) -> c.headerSchemaMatch(
                        d.option("mydumper.csv.header-schema-match").parseBoolean(v.get(0)))));
        d.add("mydumper.csv.null", Type.LIST, "\\N", "Field text(s) that mean NULL.", "--csv-null",
                csv(c -> c, (c, v) -> c.nullValues(v)));
        d.add("mydumper.csv.backslash-escape", Type.BOOLEAN, "true", "Whether \\ escapes the next character.",
                "--csv-backslash-escape", csv(c -> c, (c, v) -> c.backslashEscape(
                        d.option("mydumper.csv.backslash-escape").parseBoolean(v.get(0)))));
        d.add("mydumper.csv.not-null", Type.BOOLEAN, "false", "When true no field is ever NULL.", "--csv-not-null",
                csv(c -> c, (c, v) -> c.notNull(d.option("mydumper.csv.not-null").parseBoolean(v.get(0)))));
        d.add("mydumper.csv.trim-last-separator", Type.BOOLEAN, "false",
                "A separator at the end of a line ends the row instead of opening an empty field.", null,
                csv(c -> c, (c, v) -> c.trimLastSeparator(d.option("mydumper.csv.trim-last-separator")
                        .parseBoolean(v.get(0)))));
        d.add("mydumper.csv.escaped-by", Type.STRING, "\\", "Escape character when backslash-escape is on.", null,
                csv(c -> c, (c, v) -> c.escapedBy(v.get(0))));
        // [[routes]]
        d.add("routes", Type.TABLE, "",
                "[[routes]] rules that rename or merge sharded tables (schema-pattern, table-pattern, target-schema,"
                        + " target-table); in code: route(..).", null, tableOnly("routes", "route"));
        // [tidb]
        d.add("tidb.host", Type.STRING, "127.0.0.1", "Target host.", "--tidb-host", (b, v) -> b.tidbPart("host", v.get(0)));
        d.add("tidb.port", Type.INTEGER, "4000", "Target port.", "--tidb-port",
                (b, v) -> b.tidbPart("port", String.valueOf(d.option("tidb.port").parseInt(v.get(0)))));
        d.add("tidb.user", Type.STRING, "root", "Target user.", "--tidb-user", (b, v) -> b.tidbPart("user", v.get(0)));
        d.add("tidb.password", Type.STRING, "", "Target password (or LIGHTNING_TIDB_PASSWORD for the command line).",
                "--tidb-password", (b, v) -> b.tidbPart("password", v.get(0)));
        d.kept("tidb.status-port", Type.INTEGER, "10080",
                "TiDB's status port on the target host (the physical backend reads table metadata there).",
                "--status-port");
        d.kept("tidb.status-addr", Type.STRING, "",
                "An extension: TiDB's status address host:port when it is not the target host and status-port.",
                null);
        d.kept("tidb.pd-addr", Type.STRING, "", "PD address host:port, comma-separated for several (physical backend;"
                + " required there).", "--pd-urls");
        d.kept("tidb.pd-http-addr", Type.STRING, "", "An extension: PD's HTTP API address when it is not"
                + " http://pd-addr (scheduling pauses).", null);
        d.add("tidb.sql-mode", Type.STRING, ImportConfig.DEFAULT_SQL_MODE, "Session sql_mode while writing.",
                "--sql-mode", (b, v) -> b.sqlMode(v.get(0)));
        d.add("tidb.time-zone", Type.STRING, "+00:00",
                "Session time_zone while writing (an extension: dumps are written in UTC).", "--time-zone",
                (b, v) -> b.timeZone(v.get(0)));
        d.add("tidb.tls", Type.STRING, "off",
                "TLS to the target: off, preferred, required, verify-ca, verify-full (also Lightning's false,"
                        + " skip-verify, cluster).", "--tls", (b, v) -> b.tls(TlsMode.parse(v.get(0)), b.tlsCaCert));
        d.add("tidb.security.ca-path", Type.STRING, "",
                "PEM file of the CA that signed the server's certificate; alone it means verify-ca.", "--tls-ca",
                (b, v) -> b.tls(b.tls == TlsMode.OFF ? TlsMode.VERIFY_CA : b.tls, java.nio.file.Path.of(v.get(0))));
        d.skip("tidb.security.cert-path", Type.STRING, "", "Client certificate for the SQL connection.");
        d.skip("tidb.security.key-path", Type.STRING, "", "Client key for the SQL connection.");
        d.skip("tidb.log-level", Type.STRING, "error", "TiDB library log level.");
        d.kept("tidb.build-stats-concurrency", Type.INTEGER, "20", "ANALYZE concurrency on TiDB"
                + " (tidb_build_stats_concurrency of the physical backend's ANALYZE TABLE).", null);
        d.kept("tidb.distsql-scan-concurrency", Type.INTEGER, "15", "Checksum scan concurrency: region requests of"
                + " the physical backend's checksum at once (tidb_distsql_scan_concurrency of ADMIN CHECKSUM TABLE).",
                null);
        d.kept("tidb.index-serial-scan-concurrency", Type.INTEGER, "20", "tidb_index_serial_scan_concurrency of the"
                + " physical backend's ADMIN CHECKSUM TABLE and ANALYZE TABLE on TiDB.", null);
        d.kept("tidb.checksum-table-concurrency", Type.INTEGER, "2", "Tables checksummed at once by the physical"
                + " backend when post-process-at-last (also tidb_checksum_table_concurrency of ADMIN CHECKSUM TABLE).",
                null);
        // [checkpoint]
        d.add("checkpoint.enable", Type.BOOLEAN, "false",
                "Save progress so a restarted import resumes with no row lost or written twice (off by default here;"
                        + " Lightning has it on).", "--checkpoint",
                (b, v) -> b.checkpoint(d.option("checkpoint.enable").parseBoolean(v.get(0))));
        d.add("checkpoint.driver", Type.ENUM, "file",
                "Where checkpoints live: file (a local file) or mysql (tables on the target, written in the same"
                        + " transaction as the rows).", "--checkpoint-driver", (b, v) -> b.checkpointDriver(v.get(0)),
                "file", "mysql");
        d.add("checkpoint.dsn", Type.STRING, "", "The checkpoint file of the file driver.", "--checkpoint-path",
                (b, v) -> b.checkpointPath(v.get(0)));
        d.add("checkpoint.schema", Type.STRING, ImportConfig.DEFAULT_CHECKPOINT_SCHEMA,
                "Schema of the mysql driver's tables on the target.", "--checkpoint-schema",
                (b, v) -> b.checkpointSchema(v.get(0)));
        d.add("checkpoint.keep-after-success", Type.ENUM, "remove",
                "What happens to checkpoints after success: remove, rename or origin.",
                "--checkpoint-keep-after-success", (b, v) -> b.keepAfterSuccess(
                        KeepAfterSuccess.valueOf(v.get(0).trim().toUpperCase(java.util.Locale.ROOT))),
                "remove", "rename", "origin");
        // [post-restore]
        d.kept("post-restore.checksum", Type.ENUM, "required",
                "Compare the local checksum with the target's after a physical import: required, optional, off.",
                "--checksum", "required", "optional", "off", "true", "false");
        d.kept("post-restore.checksum-via-sql", Type.BOOLEAN, "false",
                "Take the target's checksum with ADMIN CHECKSUM TABLE instead of TiKV's checksum coprocessor.", null);
        d.kept("post-restore.analyze", Type.ENUM, "optional",
                "ANALYZE TABLE after a physical import: required, optional, off.", "--analyze",
                "required", "optional", "off", "true", "false");
        d.kept("post-restore.post-process-at-last", Type.BOOLEAN, "true",
                "Checksum and analyze of a physical import after every table was imported (true), or as each table"
                        + " finishes (false).", null);
        // [cron]
        d.kept("cron.switch-mode", Type.STRING, "5m", "How often TiKV's import mode is switched on again while the"
                + " physical backend imports (below TiKV's 10m import-mode timeout).", null);
        d.skip("cron.log-progress", Type.STRING, "5m", "How often progress is logged.");
        d.kept("cron.check-disk-quota", Type.STRING, "100ms",
                "How often at most the physical backend measures sorted-kv-dir against disk-quota.", null);
        return Collections.unmodifiableMap(d.map);
    }

    /** Applies a change to the builder's current CSV options, keeping the others. */
    /** Arrays of tables are read by the TOML loader, which calls the builder method; as text they make no sense. */
    private static BiConsumer<ImportBuilder, List<String>> tableOnly(String key, String method) {
        return (b, v) -> {
            throw new ImportException(ErrorCode.INVALID_OPTION, key + " is an array of tables: give it in a"
                    + " configuration file ([[" + key + "]]) or call ImportBuilder." + method + "(..)");
        };
    }

    private static BiConsumer<ImportBuilder, List<String>> csv(UnaryOperator<CsvOptions.Builder> start,
            BiConsumer<CsvOptions.Builder, List<String>> change) {
        return (b, v) -> {
            CsvOptions.Builder c = start.apply(b.csv.toBuilder());
            change.accept(c, v);
            b.csv(c.build());
        };
    }

    /** Collects declarations in order. */
    private static final class Decl {
        final Map<String, ImportOption> map = new LinkedHashMap<>();

        ImportOption option(String key) {
            return map.get(key);
        }

        void add(String key, Type type, String def, String doc, String flag,
                BiConsumer<ImportBuilder, List<String>> applier, String... choices) {
            put(new ImportOption(key, type, def, List.of(choices), doc, Status.APPLIED, flag, applier));
        }

        /** Applied by a module (a backend) that reads the validated value from {@link ImportConfig#options()}. */
        void kept(String key, Type type, String def, String doc, String flag, String... choices) {
            add(key, type, def, doc, flag, (b, v) -> b.option(key, String.join(",", v)), choices);
        }

        void skip(String key, Type type, String def, String doc, String... choices) {
            put(new ImportOption(key, type, def, List.of(choices), doc, Status.NOT_YET_APPLIED, null, null));
        }

        private void put(ImportOption o) {
            if (map.put(o.key(), o) != null) {
                throw new IllegalStateException("option declared twice: " + o.key());
            }
        }
    }

    /**
     * The keys of the options that are accepted but not applied yet, among those given.
     *
     * @param keys keys that were set
     * @return the subset whose status is {@link Status#NOT_YET_APPLIED}, in the given order
     */
    public static List<String> notYetApplied(Collection<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            find(k).filter(o -> o.status() == Status.NOT_YET_APPLIED).ifPresent(o -> out.add(o.key()));
        }
        return out;
    }

    /**
     * The reference of every option as Markdown, the text of {@code docs/options.md}. A test compares that file
     * with this output, so the documentation cannot drift from the declarations.
     *
     * @return the Markdown text
     */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Import options\n\n")
                .append("Generated from `dev.lightning4j.ImportOptions`; do not edit by hand. Each option has TiDB ")
                .append("Lightning's TOML key path and is accepted by `tidb-lightning.toml` (`lightning --config`), ")
                .append("by `ImportBuilder.set(key, value)` and, where a flag is shown, on the command line.\n\n")
                .append("Options marked *not yet applied* are accepted and kept in `ImportConfig.options()` under ")
                .append("their key; loaders warn `accepted, not yet applied: <key>`.\n");
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        for (ImportOption o : OPTIONS.values()) {
            // a key's table is its first two parts at most: [mydumper.csv], [tidb.security]
            String[] parts = o.key().split("\\.");
            String table = parts.length == 1 ? parts[0] : parts.length == 2 || parts[0].equals("lightning")
                    ? parts[0] : parts[0] + "." + parts[1];
            StringBuilder rows = sections.computeIfAbsent(table, t -> new StringBuilder());
            String type = o.type().name().toLowerCase(Locale.ROOT)
                    + (o.choices().isEmpty() ? "" : ": " + String.join(", ", o.choices().stream()
                            .map(c -> c.isEmpty() ? "\"\"" : c).toList()));
            rows.append("| `").append(o.key()).append("` | ").append(cell(type)).append(" | ")
                    .append(o.defaultValue().isEmpty() ? "" : "`" + cell(o.defaultValue()) + "`").append(" | ")
                    .append(o.cliFlag() == null ? "" : "`" + o.cliFlag() + "`").append(" | ")
                    .append(o.status() == Status.APPLIED ? "yes" : "not yet applied").append(" | ")
                    .append(cell(o.doc())).append(" |\n");
        }
        sections.forEach((table, rows) -> sb.append("\n## `[").append(table).append("]`\n\n")
                .append("| key | type | default | flag | applied | description |\n")
                .append("|---|---|---|---|---|---|\n").append(rows));
        return sb.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
