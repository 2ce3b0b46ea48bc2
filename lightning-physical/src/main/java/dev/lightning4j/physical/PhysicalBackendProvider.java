package dev.lightning4j.physical;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.BackendProvider;
import java.util.Objects;
import java.util.Set;

/**
 * The physical backend (TiDB Lightning's {@code local}): rows encoded to TiKV key-value pairs, sorted in local
 * engines, ingested into TiKV, then checked against TiKV's checksum. The target tables must be empty. Reads
 * table metadata from TiDB's status port and talks to PD and TiKV through a {@link KvClusterFactory}.
 */
public final class PhysicalBackendProvider implements BackendProvider {
    private final KvClusterFactory clusters;

    /** The provider found by ServiceLoader: the TiKV client at {@code tidb.pd-addr}. */
    public PhysicalBackendProvider() {
        this(new TikvClusterFactory());
    }

    /**
     * A provider that reaches the cluster through {@code clusters} (another client, or a stand-in in tests).
     *
     * @param clusters opens the cluster of each import
     */
    public PhysicalBackendProvider(KvClusterFactory clusters) {
        this.clusters = Objects.requireNonNull(clusters, "clusters");
    }

    @Override
    public String name() {
        return "physical";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("local");
    }

    @Override
    public Backend create(ImportConfig config) {
        return new PhysicalBackend(config, clusters);
    }
}
