package dev.lightning4j.physical;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.physical.ingest.KvCluster;

/**
 * Opens the cluster side of a physical import (PD and the TiKV stores) for one import. The backend calls it
 * once, when it is created, and closes what it returns when the import ends.
 */
@FunctionalInterface
public interface KvClusterFactory {

    /**
     * @param config the import's settings ({@code tidb.pd-addr}, {@code tikv-importer.region-split-size}, ...)
     * @return a connected cluster
     * @throws dev.lightning4j.ImportException when the cluster cannot be reached or an option is wrong
     */
    KvCluster connect(ImportConfig config);
}
