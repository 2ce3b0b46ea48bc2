package dev.lightning4j.physical.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link TikvCluster}: where PD is, how regions are cut, how much runs at once and how
 * failures are retried. Build with {@link #of(String)} and the {@code with...} methods.
 *
 * @param pdAddress           PD's gRPC address {@code host:port}, or several separated by commas
 * @param pdHttpAddress       PD's HTTP API base URL (for region label rules)
 * @param regionSplitSize     most key+value bytes per region after splitting
 * @param regionSplitKeys     most pairs per region after splitting
 * @param rangeConcurrency    region jobs (write + ingest) running at once
 * @param perStoreConcurrency region jobs writing to one store at once
 * @param writeBatchBytes     key+value bytes per Write message
 * @param maxRetries          retries of one region job (or one split, scatter or checksum step) before failing
 * @param backoff             first back-off wait; doubles per retry up to {@code maxBackoff}
 * @param maxBackoff          longest back-off wait
 * @param importModeTimeout   how long a store stays in import mode without a refresh (TiKV's own limit)
 * @param importModeRefresh   how often import mode is switched on again while held
 * @param scheduleLabelTtl    time to live of the scheduling pause label, refreshed at a third of it
 * @param scatterWait         longest total wait for scatter operators to finish
 * @param rpcTimeout          deadline of one PD call, split, switch-mode or checksum request
 * @param writeTimeout        deadline of one Write stream and of one MultiIngest call
 * @param splitBatchKeys      most split keys sent in one split request
 * @param storeWriteBytesPerSecond Write bytes per second sent to one store, 0 = unlimited
 * @param compressWrites      whether Write streams are gzip-compressed
 * @param splitConcurrency    split requests (to different regions) running at once
 * @param globalSchedulePause pause PD's balance schedulers cluster-wide instead of labelling the imported ranges
 * @param regionCheckAttempts lookups of a range's regions while one is missing or has no leader yet (just split,
 *                            not yet online), with back-off from 10 ms to 2 s ({@code region-check-backoff-limit})
 */
public record TikvClusterOptions(
        String pdAddress,
        String pdHttpAddress,
        long regionSplitSize,
        long regionSplitKeys,
        int rangeConcurrency,
        int perStoreConcurrency,
        int writeBatchBytes,
        int maxRetries,
        Duration backoff,
        Duration maxBackoff,
        Duration importModeTimeout,
        Duration importModeRefresh,
        Duration scheduleLabelTtl,
        Duration scatterWait,
        Duration rpcTimeout,
        Duration writeTimeout,
        int splitBatchKeys,
        long storeWriteBytesPerSecond,
        boolean compressWrites,
        int splitConcurrency,
        boolean globalSchedulePause,
        int regionCheckAttempts) {

    /** Checks every setting. */
    public TikvClusterOptions {
        Objects.requireNonNull(pdAddress, "pdAddress");
        if (pdAddress.isBlank()) {
            throw new IllegalArgumentException("pdAddress is empty: give PD's host:port");
        }
        if (pdHttpAddress == null || pdHttpAddress.isBlank()) {
            String first = pdAddress.split(",")[0].trim();
            pdHttpAddress = first.contains("://") ? first : "http://" + first;
        }
        while (pdHttpAddress.endsWith("/")) {
            pdHttpAddress = pdHttpAddress.substring(0, pdHttpAddress.length() - 1);
        }
        positive("regionSplitSize", regionSplitSize);
        positive("regionSplitKeys", regionSplitKeys);
        positive("rangeConcurrency", rangeConcurrency);
        positive("perStoreConcurrency", perStoreConcurrency);
        positive("splitBatchKeys", splitBatchKeys);
        positive("splitConcurrency", splitConcurrency);
        positive("regionCheckAttempts", regionCheckAttempts);
        if (storeWriteBytesPerSecond < 0) {
            throw new IllegalArgumentException("storeWriteBytesPerSecond must not be negative, was "
                    + storeWriteBytesPerSecond);
        }
        if (writeBatchBytes < 1024 || writeBatchBytes > 64 << 20) {
            throw new IllegalArgumentException("writeBatchBytes must be 1 KiB..64 MiB, was " + writeBatchBytes);
        }
        if (maxRetries < 0 || maxRetries > 1000) {
            throw new IllegalArgumentException("maxRetries must be 0..1000, was " + maxRetries);
        }
        for (Duration d : new Duration[] {backoff, maxBackoff, importModeTimeout, importModeRefresh, scheduleLabelTtl,
                scatterWait, rpcTimeout, writeTimeout}) {
            Objects.requireNonNull(d, "a duration option is null");
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative: " + d);
            }
        }
        if (importModeRefresh.isZero() || importModeRefresh.compareTo(importModeTimeout) >= 0) {
            throw new IllegalArgumentException("importModeRefresh (" + importModeRefresh
                    + ") must be positive and shorter than importModeTimeout (" + importModeTimeout + ")");
        }
        if (scheduleLabelTtl.toSeconds() < 3) {
            throw new IllegalArgumentException("scheduleLabelTtl must be at least 3 s, was " + scheduleLabelTtl);
        }
    }

    private static void positive(String name, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + v);
        }
    }

    /**
     * The defaults (TiDB Lightning's: 96 MiB and 1,280,000 keys per region, 16 ranges at once) for PD at
     * {@code pdAddress}.
     *
     * @param pdAddress PD's gRPC address {@code host:port}
     * @return the options
     */
    public static TikvClusterOptions of(String pdAddress) {
        return new TikvClusterOptions(pdAddress, null, 96L << 20, 1_280_000, 16, 4, 64 << 10, 20,
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(10),
                4096, 0, false, Math.max(1, Runtime.getRuntime().availableProcessors()), false, 1800);
    }

    /** A copy with another PD HTTP base URL. */
    public TikvClusterOptions withPdHttpAddress(String v) {
        return copy(c -> {
            c.pdHttpAddress = v;
        });
    }

    /** A copy with other region split limits. */
    public TikvClusterOptions withRegionSplit(long size, long keys) {
        return copy(c -> {
            c.regionSplitSize = size;
            c.regionSplitKeys = keys;
        });
    }

    /** A copy with other concurrency limits. */
    public TikvClusterOptions withConcurrency(int ranges, int perStore) {
        return copy(c -> {
            c.rangeConcurrency = ranges;
            c.perStoreConcurrency = perStore;
        });
    }

    /** A copy with another Write batch size. */
    public TikvClusterOptions withWriteBatchBytes(int v) {
        return copy(c -> {
            c.writeBatchBytes = v;
        });
    }

    /** A copy with other retry limits. */
    public TikvClusterOptions withRetries(int retries, Duration firstBackoff, Duration longestBackoff) {
        return copy(c -> {
            c.maxRetries = retries;
            c.backoff = firstBackoff;
            c.maxBackoff = longestBackoff;
        });
    }

    /** A copy with other import mode timings. */
    public TikvClusterOptions withImportMode(Duration timeout, Duration refresh) {
        return copy(c -> {
            c.importModeTimeout = timeout;
            c.importModeRefresh = refresh;
        });
    }

    /** A copy with other waits: scheduling label TTL, scatter wait, unary and Write deadlines. */
    public TikvClusterOptions withTimeouts(Duration labelTtl, Duration scatter, Duration rpc, Duration write) {
        return copy(c -> {
            c.scheduleLabelTtl = labelTtl;
            c.scatterWait = scatter;
            c.rpcTimeout = rpc;
            c.writeTimeout = write;
        });
    }

    /**
     * A copy with other Write stream settings.
     *
     * @param splitKeys        most split keys in one split request
     * @param bytesPerSecond   Write bytes per second to one store, 0 = unlimited
     * @param compress         gzip the Write streams
     * @return the options
     */
    public TikvClusterOptions withWriteLimits(int splitKeys, long bytesPerSecond, boolean compress) {
        return copy(c -> {
            c.splitBatchKeys = splitKeys;
            c.storeWriteBytesPerSecond = bytesPerSecond;
            c.compressWrites = compress;
        });
    }

    /**
     * A copy with another number of split requests running at once.
     *
     * @param concurrency split requests to different regions at once, at least 1
     * @return the options
     */
    public TikvClusterOptions withSplitConcurrency(int concurrency) {
        return copy(c -> {
            c.splitConcurrency = concurrency;
        });
    }

    /**
     * A copy with another scope of the scheduling pause.
     *
     * @param global pause PD's balance schedulers cluster-wide ({@code pause-pd-scheduler-scope = "global"})
     *               instead of a region-label rule over the imported ranges
     * @return the options
     */
    public TikvClusterOptions withGlobalSchedulePause(boolean global) {
        return copy(c -> {
            c.globalSchedulePause = global;
        });
    }

    /**
     * A copy with another number of region lookups while a range's regions are not all online.
     *
     * @param attempts lookups before failing, at least 1 ({@code tikv-importer.region-check-backoff-limit})
     * @return the options
     */
    public TikvClusterOptions withRegionCheckAttempts(int attempts) {
        return copy(c -> c.regionCheckAttempts = attempts);
    }

    private TikvClusterOptions copy(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The settings as mutable fields, for the {@code with...} copies. */
    private static final class Copy {
        private String pdAddress;
        private String pdHttpAddress;
        private long regionSplitSize;
        private long regionSplitKeys;
        private int rangeConcurrency;
        private int perStoreConcurrency;
        private int writeBatchBytes;
        private int maxRetries;
        private Duration backoff;
        private Duration maxBackoff;
        private Duration importModeTimeout;
        private Duration importModeRefresh;
        private Duration scheduleLabelTtl;
        private Duration scatterWait;
        private Duration rpcTimeout;
        private Duration writeTimeout;
        private int splitBatchKeys;
        private long storeWriteBytesPerSecond;
        private boolean compressWrites;
        private int splitConcurrency;
        private boolean globalSchedulePause;
        private int regionCheckAttempts;

        Copy(TikvClusterOptions o) {
            pdAddress = o.pdAddress;
            pdHttpAddress = o.pdHttpAddress;
            regionSplitSize = o.regionSplitSize;
            regionSplitKeys = o.regionSplitKeys;
            rangeConcurrency = o.rangeConcurrency;
            perStoreConcurrency = o.perStoreConcurrency;
            writeBatchBytes = o.writeBatchBytes;
            maxRetries = o.maxRetries;
            backoff = o.backoff;
            maxBackoff = o.maxBackoff;
            importModeTimeout = o.importModeTimeout;
            importModeRefresh = o.importModeRefresh;
            scheduleLabelTtl = o.scheduleLabelTtl;
            scatterWait = o.scatterWait;
            rpcTimeout = o.rpcTimeout;
            writeTimeout = o.writeTimeout;
            splitBatchKeys = o.splitBatchKeys;
            storeWriteBytesPerSecond = o.storeWriteBytesPerSecond;
            compressWrites = o.compressWrites;
            splitConcurrency = o.splitConcurrency;
            globalSchedulePause = o.globalSchedulePause;
            regionCheckAttempts = o.regionCheckAttempts;
        }

        TikvClusterOptions build() {
            return new TikvClusterOptions(pdAddress, pdHttpAddress, regionSplitSize, regionSplitKeys, rangeConcurrency, perStoreConcurrency, writeBatchBytes, maxRetries, backoff, maxBackoff, importModeTimeout, importModeRefresh, scheduleLabelTtl, scatterWait, rpcTimeout, writeTimeout, splitBatchKeys, storeWriteBytesPerSecond, compressWrites, splitConcurrency, globalSchedulePause, regionCheckAttempts);
        }
    }
}
