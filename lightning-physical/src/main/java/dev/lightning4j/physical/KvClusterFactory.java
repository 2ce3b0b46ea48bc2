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

    /**
     * Opens the cluster for an import into a keyspace of an API V2 cluster ({@code tikv-importer.keyspace-name}, or
     * the keyspace TiDB runs in); a blank name is {@link #connect(ImportConfig)}.
     *
     * @param config       the import's settings
     * @param keyspaceName the keyspace, blank for none
     * @return a connected cluster whose {@link KvCluster#keyspace()} is the keyspace's
     * @throws dev.lightning4j.ImportException when the cluster cannot be reached, the keyspace cannot be used, or
     *                                         this factory opens no keyspaces
     */
    default KvCluster connect(ImportConfig config, String keyspaceName) {
        if (keyspaceName == null || keyspaceName.isBlank()) {
            return connect(config);
        }
        throw new dev.lightning4j.ImportException(dev.lightning4j.ErrorCode.INVALID_OPTION, "the cluster of this"
                + " import cannot be opened for keyspace '" + keyspaceName + "': its cluster factory has no keyspaces;"
                + " leave " + PhysicalOptions.KEYSPACE_NAME + " empty");
    }
}
