package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.BackendProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Until region split, write and ingest exist, asking for the physical backend must fail plainly. */
class PhysicalBackendProviderTest {

    @Test
    void registeredUnderBothNamesAndSaysItIsNotAvailable() {
        BackendProvider p = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(b -> b.name().equals("physical")).findFirst().orElseThrow();
        assertThat(p.aliases()).contains("local");
        assertThatThrownBy(() -> p.create(null)).isInstanceOf(ImportException.class)
                .hasMessageContaining("not available in this version")
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.PROVIDER_NOT_FOUND));
    }
}
