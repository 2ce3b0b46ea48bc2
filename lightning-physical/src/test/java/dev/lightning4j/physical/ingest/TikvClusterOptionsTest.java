package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TikvClusterOptionsTest {
    @Test
    void defaultsAreLightningsAndHttpFollowsPd() {
        TikvClusterOptions o = TikvClusterOptions.of("pd1:2379");
        assertThat(o.pdHttpAddress()).isEqualTo("http://pd1:2379");
        assertThat(o.regionSplitSize()).isEqualTo(96L << 20);
        assertThat(o.regionSplitKeys()).isEqualTo(1_280_000);
        assertThat(o.rangeConcurrency()).isEqualTo(16);
        assertThat(o.maxRetries()).isBetween(1, 100);
        assertThat(o.importModeRefresh()).isLessThan(o.importModeTimeout());
        assertThat(o.withPdHttpAddress("https://pd-api:8443/").pdHttpAddress()).isEqualTo("https://pd-api:8443");
        assertThat(TikvClusterOptions.of("http://pd1:2379,pd2:2379").pdHttpAddress()).isEqualTo("http://pd1:2379");
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        TikvClusterOptions o = TikvClusterOptions.of("pd:2379");
        assertThatThrownBy(() -> TikvClusterOptions.of(" ")).hasMessageContaining("pdAddress");
        assertThatThrownBy(() -> o.withRegionSplit(0, 10)).hasMessageContaining("regionSplitSize");
        assertThatThrownBy(() -> o.withConcurrency(4, 0)).hasMessageContaining("perStoreConcurrency");
        assertThatThrownBy(() -> o.withWriteBatchBytes(10)).hasMessageContaining("writeBatchBytes");
        assertThatThrownBy(() -> o.withRetries(-1, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> o.withImportMode(Duration.ofMinutes(1), Duration.ofMinutes(2)))
                .hasMessageContaining("importModeRefresh");
    }
}
