package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The settings the physical backend reads from {@link ImportConfig#options()}, by TiDB Lightning's TOML keys.
 *
 * @param sortedKvDir     where the local engines live ({@code tikv-importer.sorted-kv-dir})
 * @param diskQuota       bytes the engines may take before the tables with the largest engines are imported early
 *                        ({@code tikv-importer.disk-quota}), 0 = none
 * @param regionSplitSize region size the cluster splits at ({@code tikv-importer.region-split-size})
 * @param regionSplitKeys region key count the cluster splits at ({@code tikv-importer.region-split-keys})
 * @param rangeConcurrency ranges ingested at once ({@code tikv-importer.range-concurrency})
 * @param checksum        {@code post-restore.checksum}
 * @param checksumViaSql  {@code post-restore.checksum-via-sql}: ADMIN CHECKSUM TABLE instead of the coprocessor
 * @param analyze         {@code post-restore.analyze}
 * @param statusAddress   TiDB's status address, {@code host:port} ({@code tidb.status-addr}, else the target
 *                        host and {@code tidb.status-port})
 * @param conflictThreshold most conflicting rows a replace/ignore import drops ({@code conflict.threshold})
 * @param conflictLogRows  dropped rows logged one by one ({@code conflict.max-record-rows})
 * @param sendKvSize       key-value bytes per Write message ({@code tikv-importer.send-kv-size})
 * @param compressKvPairs  gzip the Write streams ({@code tikv-importer.compress-kv-pairs})
 * @param storeWriteBwLimit Write bytes per second per store, 0 = unlimited ({@code tikv-importer.store-write-bwlimit})
 * @param regionSplitBatchSize split keys per split request ({@code tikv-importer.region-split-batch-size})
 * @param writerMemCacheSize upper bound of one engine writer's sort buffer
 *                         ({@code tikv-importer.local-writer-mem-cache-size})
 * @param postProcessAtLast checksum and analyze after every table was imported
 *                         ({@code post-restore.post-process-at-last}), else as each table finishes
 * @param regionSplitConcurrency split requests running at once ({@code tikv-importer.region-split-concurrency})
 * @param globalSchedulePause PD's schedulers paused cluster-wide rather than over the imported ranges
 *                        ({@code tikv-importer.pause-pd-scheduler-scope = "global"})
 * @param diskQuotaCheckMillis how often at most the engines' size is measured against the disk quota
 *                        ({@code cron.check-disk-quota})
 * @param blockSize       block size of the local engines' sorted runs ({@code tikv-importer.block-size})
 * @param engineMemCacheSize one RocksDB memtable of a local engine, which takes the small writes (large sorted runs
 *                        go in as files) ({@code tikv-importer.engine-mem-cache-size})
 * @param switchModeMillis how often TiKV's import mode is switched on again while held ({@code cron.switch-mode})
 * @param addIndexBySql   import only the record (and primary key) pairs and add the secondary indexes over SQL after
 *                        the checksum ({@code tikv-importer.add-index-by-sql})
 * @param sessionConcurrency the post-process settings: tables checksummed at once, region requests of one checksum,
 *                        and TiDB's session variables for ADMIN CHECKSUM TABLE and ANALYZE TABLE
 * @param keyspaceName    the keyspace of an API V2 cluster the keys go to ({@code tikv-importer.keyspace-name}); empty
 *                        = the keyspace TiDB runs in, if any, else API V1
 * @param regionCheckBackoffLimit lookups of a range's regions while they are not all online
 *                        ({@code tikv-importer.region-check-backoff-limit}; 0 looks once)
 * @param parallelImport  several imports into the same tables at once, coordinated through {@code metaSchemaName}
 *                        ({@code tikv-importer.parallel-import}, deprecated name {@code incremental-import})
 * @param metaSchemaName  the target's schema of the coordination tables ({@code lightning.meta-schema-name})
 */
record PhysicalOptions(Path sortedKvDir, long diskQuota, long regionSplitSize, long regionSplitKeys,
        int rangeConcurrency, Level checksum, boolean checksumViaSql, Level analyze, String statusAddress,
        long conflictThreshold, long conflictLogRows, long sendKvSize, boolean compressKvPairs,
        long storeWriteBwLimit, int regionSplitBatchSize, long writerMemCacheSize, boolean postProcessAtLast,
        int regionSplitConcurrency, boolean globalSchedulePause, long diskQuotaCheckMillis,
        PostProcessConcurrency sessionConcurrency, long blockSize, long switchModeMillis, long engineMemCacheSize,
        boolean addIndexBySql, String keyspaceName, int regionCheckBackoffLimit, boolean parallelImport,
        String metaSchemaName) {

    static final String SORTED_KV_DIR = "tikv-importer.sorted-kv-dir";
    static final String DISK_QUOTA = "tikv-importer.disk-quota";
    static final String REGION_SPLIT_SIZE = "tikv-importer.region-split-size";
    static final String REGION_SPLIT_KEYS = "tikv-importer.region-split-keys";
    static final String RANGE_CONCURRENCY = "tikv-importer.range-concurrency";
    static final String CHECKSUM = "post-restore.checksum";
    static final String CHECKSUM_VIA_SQL = "post-restore.checksum-via-sql";
    static final String ANALYZE = "post-restore.analyze";
    static final String POST_PROCESS_AT_LAST = "post-restore.post-process-at-last";
    static final String STATUS_ADDR = "tidb.status-addr";
    static final String STATUS_PORT = "tidb.status-port";
    static final String PD_ADDR = "tidb.pd-addr";
    static final String PD_HTTP_ADDR = "tidb.pd-http-addr";
    static final String CONFLICT_THRESHOLD = "conflict.threshold";
    static final String CONFLICT_MAX_RECORD_ROWS = "conflict.max-record-rows";
    static final String SEND_KV_SIZE = "tikv-importer.send-kv-size";
    static final String COMPRESS_KV_PAIRS = "tikv-importer.compress-kv-pairs";
    static final String STORE_WRITE_BWLIMIT = "tikv-importer.store-write-bwlimit";
    static final String REGION_SPLIT_BATCH_SIZE = "tikv-importer.region-split-batch-size";
    static final String REGION_SPLIT_CONCURRENCY = "tikv-importer.region-split-concurrency";
    static final String REGION_CHECK_BACKOFF_LIMIT = "tikv-importer.region-check-backoff-limit";
    static final String PAUSE_SCOPE = "tikv-importer.pause-pd-scheduler-scope";
    static final String LOCAL_WRITER_MEM_CACHE_SIZE = "tikv-importer.local-writer-mem-cache-size";
    static final String CHECK_DISK_QUOTA = "cron.check-disk-quota";
    static final String CHECKSUM_TABLE_CONCURRENCY = "tidb.checksum-table-concurrency";
    static final String DISTSQL_SCAN_CONCURRENCY = "tidb.distsql-scan-concurrency";
    static final String BUILD_STATS_CONCURRENCY = "tidb.build-stats-concurrency";
    static final String INDEX_SERIAL_SCAN_CONCURRENCY = "tidb.index-serial-scan-concurrency";
    static final String BLOCK_SIZE = "tikv-importer.block-size";
    static final String SWITCH_MODE = "cron.switch-mode";
    static final String ENGINE_MEM_CACHE_SIZE = "tikv-importer.engine-mem-cache-size";
    static final String ADD_INDEX_BY_SQL = "tikv-importer.add-index-by-sql";
    static final String KEYSPACE_NAME = "tikv-importer.keyspace-name";
    static final String PARALLEL_IMPORT = "tikv-importer.parallel-import";
    static final String INCREMENTAL_IMPORT = "tikv-importer.incremental-import";
    static final String META_SCHEMA_NAME = "lightning.meta-schema-name";

    /**
     * How much of the post-process runs at once, with TiDB Lightning's keys and defaults.
     *
     * @param tables           tables checksummed (and analyzed) at once after the last table
     *                         ({@code tidb.checksum-table-concurrency}, 2)
     * @param distsqlScan      region requests of one table's checksum at once ({@code tidb.distsql-scan-concurrency},
     *                         15)
     * @param buildStats       {@code tidb_build_stats_concurrency} of ANALYZE TABLE ({@code tidb.build-stats-concurrency},
     *                         20)
     * @param indexSerialScan  {@code tidb_index_serial_scan_concurrency} ({@code tidb.index-serial-scan-concurrency},
     *                         20)
     */
    record PostProcessConcurrency(int tables, int distsqlScan, int buildStats, int indexSerialScan) {
        /** The statements that give a TiDB session these settings before ADMIN CHECKSUM TABLE. */
        List<String> checksumSession() {
            return List.of("SET SESSION tidb_checksum_table_concurrency = " + tables,
                    "SET SESSION tidb_distsql_scan_concurrency = " + distsqlScan,
                    "SET SESSION tidb_index_serial_scan_concurrency = " + indexSerialScan);
        }

        /** The statements that give a TiDB session these settings before ANALYZE TABLE. */
        List<String> analyzeSession() {
            return List.of("SET SESSION tidb_build_stats_concurrency = " + buildStats,
                    "SET SESSION tidb_distsql_scan_concurrency = " + distsqlScan,
                    "SET SESSION tidb_index_serial_scan_concurrency = " + indexSerialScan);
        }
    }

    /** Lightning's three-way switch of the post-restore steps ({@code true} = required, {@code false} = off). */
    enum Level {
        REQUIRED, OPTIONAL, OFF;

        static Level parse(String key, String v) {
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "required", "true", "on", "1" -> REQUIRED;
                case "optional" -> OPTIONAL;
                case "off", "false", "0" -> OFF;
                default -> throw new ImportException(ErrorCode.INVALID_OPTION, key + " must be required, optional or"
                        + " off, not '" + v + "'");
            };
        }
    }

    static PhysicalOptions of(ImportConfig config) {
        String dir = config.option(SORTED_KV_DIR, config.option("sorted-kv-dir", null));
        Path sortDir = dir == null || dir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "lightning4j-sorted-kv-" + taskName(config))
                : Path.of(dir);
        String status = config.option(STATUS_ADDR, null);
        if (status == null || status.isBlank()) {
            String host = targetHost(config);
            status = host == null ? null : host + ":" + integer(config, STATUS_PORT, 10080);
        }
        boolean parallel = bool(config, PARALLEL_IMPORT, false) || bool(config, INCREMENTAL_IMPORT, false);
        boolean addIndexBySql = bool(config, ADD_INDEX_BY_SQL, false);
        if (parallel && addIndexBySql) {
            // TiDB Lightning's config check refuses the pair too: the indexes added over SQL after one import's
            // checksum would be built while other imports still ingest rows (and their index pairs).
            throw new ImportException(ErrorCode.INVALID_OPTION, ADD_INDEX_BY_SQL + " cannot be used with "
                    + PARALLEL_IMPORT + " (or its old name incremental-import): another import may still write the"
                    + " table when this one adds its indexes; turn one of them off");
        }
        String metaSchema = config.option(META_SCHEMA_NAME, "lightning_metadata");
        if (metaSchema == null || metaSchema.isBlank()) {
            metaSchema = "lightning_metadata";
        }
        return new PhysicalOptions(sortDir.toAbsolutePath(), size(config, DISK_QUOTA, 0),
                size(config, REGION_SPLIT_SIZE, 96L << 20), integer(config, REGION_SPLIT_KEYS, 1_280_000),
                (int) integer(config, RANGE_CONCURRENCY, 16),
                Level.parse(CHECKSUM, config.option(CHECKSUM, "required")),
                bool(config, CHECKSUM_VIA_SQL, false),
                Level.parse(ANALYZE, config.option(ANALYZE, "optional")), status,
                integer(config, CONFLICT_THRESHOLD, 10_000), integer(config, CONFLICT_MAX_RECORD_ROWS, 10_000),
                within(SEND_KV_SIZE, size(config, SEND_KV_SIZE, 64L << 10), 1L << 10, 64L << 20),
                compression(config.option(COMPRESS_KV_PAIRS, "")),
                size(config, STORE_WRITE_BWLIMIT, 0),
                (int) within(REGION_SPLIT_BATCH_SIZE, integer(config, REGION_SPLIT_BATCH_SIZE, 4096), 1, 1 << 20),
                within(LOCAL_WRITER_MEM_CACHE_SIZE, size(config, LOCAL_WRITER_MEM_CACHE_SIZE, 32L << 20), 64L << 10,
                        1L << 30),
                bool(config, POST_PROCESS_AT_LAST, true),
                (int) within(REGION_SPLIT_CONCURRENCY, integer(config, REGION_SPLIT_CONCURRENCY,
                        Runtime.getRuntime().availableProcessors()), 1, 1024),
                pauseScope(config.option(PAUSE_SCOPE, "table")),
                millis(config, CHECK_DISK_QUOTA, 100),
                new PostProcessConcurrency(
                        (int) within(CHECKSUM_TABLE_CONCURRENCY, integer(config, CHECKSUM_TABLE_CONCURRENCY, 2), 1, 1024),
                        (int) within(DISTSQL_SCAN_CONCURRENCY, integer(config, DISTSQL_SCAN_CONCURRENCY, 15), 1, 1024),
                        (int) within(BUILD_STATS_CONCURRENCY, integer(config, BUILD_STATS_CONCURRENCY, 20), 1, 1024),
                        (int) within(INDEX_SERIAL_SCAN_CONCURRENCY, integer(config, INDEX_SERIAL_SCAN_CONCURRENCY, 20),
                                1, 1024)),
                within(BLOCK_SIZE, size(config, BLOCK_SIZE, 32L << 10), 1L << 10, 64L << 20),
                // TiKV leaves import mode on its own after import.import-mode-timeout (10 minutes by default).
                within(SWITCH_MODE, millis(config, SWITCH_MODE, 5 * 60_000), 1000, 10 * 60_000 - 1),
                // Large runs bypass the memtable, so Lightning's 512MiB default would only reserve memory here.
                within(ENGINE_MEM_CACHE_SIZE, size(config, ENGINE_MEM_CACHE_SIZE, 32L << 20), 1L << 20, 4L << 30),
                addIndexBySql,
                config.option(KEYSPACE_NAME, config.option("keyspace-name", "")).trim(),
                (int) within(REGION_CHECK_BACKOFF_LIMIT, integer(config, REGION_CHECK_BACKOFF_LIMIT, 1800), 0,
                        1_000_000),
                parallel, metaSchema.trim());
    }

    private static long within(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new ImportException(ErrorCode.INVALID_OPTION, key + " must be between " + min + " and " + max
                    + ", not " + v);
        }
        return v;
    }

    /** Lightning's pause-pd-scheduler-scope: table (false) or global (true). */
    private static boolean pauseScope(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "", "table" -> false;
            case "global" -> true;
            default -> throw new ImportException(ErrorCode.INVALID_OPTION, PAUSE_SCOPE + " must be table or global,"
                    + " not '" + v + "'");
        };
    }

    /** Lightning's compress-kv-pairs: empty (none) or gzip / gz. */
    private static boolean compression(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "", "none", "no-compression" -> false;
            case "gzip", "gz" -> true;
            default -> throw new ImportException(ErrorCode.INVALID_OPTION, COMPRESS_KV_PAIRS + " must be gzip (or gz)"
                    + " or empty, not '" + v + "'");
        };
    }

    /**
     * A name for the task's default sort directory: stable across runs of the same import (so a resumed
     * import finds its engines), different for different targets and checkpoint files.
     */
    private static String taskName(ImportConfig config) {
        String key = String.valueOf(config.target()) + "|" + config.source() + "|" + config.checkpointPath() + "|"
                + config.checkpointSchema();
        return Integer.toHexString(key.hashCode());
    }

    /** The host of a JDBC URL target ({@code jdbc:mysql://host:port/db}), or null for a DataSource. */
    static String targetHost(ImportConfig config) {
        if (config.target() == null || config.target().jdbcUrl() == null) {
            return null;
        }
        String url = config.target().jdbcUrl();
        int start = url.indexOf("//");
        if (start < 0) {
            return null;
        }
        String rest = url.substring(start + 2);
        int end = 0;
        while (end < rest.length() && "/?,".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String hostPort = rest.substring(0, end);
        int at = hostPort.lastIndexOf('@');
        hostPort = hostPort.substring(at + 1);
        if (hostPort.startsWith("[")) {
            return hostPort.substring(0, hostPort.indexOf(']') + 1);
        }
        int colon = hostPort.indexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    /** The key's value read by its declared option's own rules (as when it was set), or {@code def} when unset. */
    private static long integer(ImportConfig config, String key, long def) {
        String v = config.option(key, null);
        if (v == null || v.isBlank()) {
            return def;
        }
        long n = ImportOptions.require(key).parseLong(v);
        if (n < 0) {
            throw new ImportException(ErrorCode.INVALID_OPTION, key + " must be a non-negative integer, not '" + v + "'");
        }
        return n;
    }

    private static boolean bool(ImportConfig config, String key, boolean def) {
        String v = config.option(key, null);
        return v == null || v.isBlank() ? def : ImportOptions.require(key).parseBoolean(v);
    }

    /** A duration such as {@code 500ms}, {@code 1s}, {@code 1m} or {@code 1h} (Go's form), in milliseconds. */
    static long millis(ImportConfig config, String key, long def) {
        String v = config.option(key, null);
        if (v == null || v.isBlank()) {
            return def;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        double unit = switch (s.substring(i).trim()) {
            case "ms" -> 1;
            case "", "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> -1;
        };
        try {
            if (i == 0 || unit < 0) {
                throw new NumberFormatException();
            }
            return (long) (Double.parseDouble(s.substring(0, i)) * unit);
        } catch (NumberFormatException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, key + " must be a duration such as 500ms, 1s or 1m,"
                    + " not '" + v + "'");
        }
    }

    static long size(ImportConfig config, String key, long def) {
        String v = config.option(key, null);
        return v == null || v.isBlank() ? def : ImportOptions.require(key).parseSize(v);
    }
}
