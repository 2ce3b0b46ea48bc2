package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.physical.ingest.KvCluster;
import dev.lightning4j.physical.ingest.TikvCluster;
import dev.lightning4j.physical.ingest.TikvClusterOptions;

/**
 * The default {@link KvClusterFactory}: the TiKV client ({@link TikvCluster}) connected to {@code tidb.pd-addr},
 * with the region split sizes, range concurrency and Write settings of the options.
 */
final class TikvClusterFactory implements KvClusterFactory {
    /** Region jobs writing to one store at once. */
    private static final int PER_STORE_CONCURRENCY = 4;

    @Override
    public KvCluster connect(ImportConfig config) {
        return connect(config, null);
    }

    @Override
    public KvCluster connect(ImportConfig config, String keyspaceName) {
        String pd = config.option(PhysicalOptions.PD_ADDR, config.option("pd-addr", null));
        if (pd == null || pd.isBlank()) {
            throw new ImportException(ErrorCode.INVALID_OPTION, PhysicalOptions.PD_ADDR + " is required by the physical"
                    + " backend: give PD's address, host:port (--pd-urls in tiup's terms)");
        }
        PhysicalOptions o = PhysicalOptions.of(config);
        String pdHttp = config.option(PhysicalOptions.PD_HTTP_ADDR, null);
        TikvClusterOptions options;
        try {
            options = TikvClusterOptions.of(pd.trim()).withPdHttpAddress(pdHttp)
                    .withRegionSplit(o.regionSplitSize(), o.regionSplitKeys())
                    .withConcurrency(o.rangeConcurrency(), PER_STORE_CONCURRENCY)
                    .withWriteBatchBytes((int) o.sendKvSize())
                    .withWriteLimits(o.regionSplitBatchSize(), o.storeWriteBwLimit(), o.compressKvPairs())
                    .withSplitConcurrency(o.regionSplitConcurrency())
                    .withRegionCheckAttempts(Math.max(1, o.regionCheckBackoffLimit()))
                    .withGlobalSchedulePause(o.globalSchedulePause())
                    .withImportMode(java.time.Duration.ofMinutes(10), java.time.Duration.ofMillis(o.switchModeMillis()));
        } catch (IllegalArgumentException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "physical backend options: " + e.getMessage(), e);
        }
        try {
            return TikvCluster.connect(options, keyspaceName);
        } catch (ImportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "cannot connect to PD at " + pd + ": " + e
                    + "; check " + PhysicalOptions.PD_ADDR, e);
        }
    }
}
