package dev.lightning4j.logical;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.BackendProvider;
import java.util.Set;

/**
 * The {@code logical} backend (TiDB Lightning's {@code tidb}): multi-row INSERT, REPLACE or INSERT IGNORE
 * statements over JDBC. Works with TiDB, MySQL and MariaDB, and with tables that already hold data.
 */
public final class LogicalBackendProvider implements BackendProvider {
    public static final String NAME = "logical";

    public LogicalBackendProvider() {
        // found by ServiceLoader
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> aliases() {
        return Set.of("tidb");
    }

    @Override
    public Backend create(ImportConfig config) {
        return new LogicalBackend(config);
    }
}
