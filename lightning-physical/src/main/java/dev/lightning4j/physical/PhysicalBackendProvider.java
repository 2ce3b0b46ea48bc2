package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.BackendProvider;
import java.util.Set;

/**
 * The physical backend (TiDB Lightning's {@code local}): rows encoded to TiKV key-value pairs, sorted
 * locally and ingested as SST files. Registered so that the name resolves and says plainly that this
 * version cannot run it yet.
 */
public final class PhysicalBackendProvider implements BackendProvider {

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
        throw new ImportException(ErrorCode.PROVIDER_NOT_FOUND, "the physical backend is not available in this"
                + " version; use --backend logical (it works with TiDB, MySQL and MariaDB)");
    }
}
