package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.BackendProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PhysicalBackendProviderTest {

    @Test
    void registeredUnderBothNames() {
        BackendProvider p = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(b -> b.name().equals("physical")).findFirst().orElseThrow();
        assertThat(p.aliases()).contains("local");
    }

    @Test
    void theTikvClientNeedsThePdAddress() {
        var config = ImportBuilder.create().source("/nonexistent").target("jdbc:mysql://127.0.0.1:4000/", "root", "")
                .backend("physical").build();
        assertThatThrownBy(() -> new TikvClusterFactory().connect(config)).isInstanceOf(ImportException.class)
                .hasMessageContaining("tidb.pd-addr")
                .satisfies(e -> assertThat(((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_OPTION));
    }

    @Test
    void statusAddressDefaultsToTheTargetHostAndStatusPort() {
        var config = ImportBuilder.create().source("/nonexistent").target("jdbc:mysql://db.example:4000/x?a=b", "root", "")
                .backend(new PhysicalBackendProvider(c -> null)).option("tidb.status-port", "10081").build();
        assertThat(PhysicalOptions.of(config).statusAddress()).isEqualTo("db.example:10081");
        var explicit = ImportBuilder.create().source("/nonexistent").target("jdbc:mysql://db.example:4000/", "root", "")
                .option("tidb.status-addr", "10.0.0.1:1234").option("post-restore.checksum", "optional")
                .option("post-restore.analyze", "false").option("tikv-importer.disk-quota", "10GiB").backend(new PhysicalBackendProvider(c -> null)).build();
        PhysicalOptions o = PhysicalOptions.of(explicit);
        assertThat(o.statusAddress()).isEqualTo("10.0.0.1:1234");
        assertThat(o.checksum()).isEqualTo(PhysicalOptions.Level.OPTIONAL);
        assertThat(o.analyze()).isEqualTo(PhysicalOptions.Level.OFF);
        assertThat(o.diskQuota()).isEqualTo(10L << 30);
    }

    @Test
    void writeSettingsAreReadByLightningsKeys() {
        var defaults = PhysicalOptions.of(ImportBuilder.create().source("/nonexistent")
                .target("jdbc:mysql://db.example:4000/", "root", "").backend(new PhysicalBackendProvider(c -> null))
                .build());
        assertThat(defaults.sendKvSize()).isEqualTo(64L << 10);
        assertThat(defaults.compressKvPairs()).isFalse();
        assertThat(defaults.storeWriteBwLimit()).isZero();
        assertThat(defaults.regionSplitBatchSize()).isEqualTo(4096);
        assertThat(defaults.writerMemCacheSize()).isEqualTo(32L << 20);
        var set = PhysicalOptions.of(ImportBuilder.create().source("/nonexistent")
                .target("jdbc:mysql://db.example:4000/", "root", "").backend(new PhysicalBackendProvider(c -> null))
                .option("tikv-importer.send-kv-size", "16KiB").option("tikv-importer.compress-kv-pairs", "gz")
                .option("tikv-importer.store-write-bwlimit", "128MiB")
                .option("tikv-importer.region-split-batch-size", "100")
                .option("tikv-importer.local-writer-mem-cache-size", "4MiB")
                .option("tikv-importer.region-check-backoff-limit", "7").build());
        assertThat(set.sendKvSize()).isEqualTo(16L << 10);
        assertThat(set.compressKvPairs()).isTrue();
        assertThat(set.storeWriteBwLimit()).isEqualTo(128L << 20);
        assertThat(set.regionSplitBatchSize()).isEqualTo(100);
        assertThat(set.writerMemCacheSize()).isEqualTo(4L << 20);
        assertThat(set.regionCheckBackoffLimit()).isEqualTo(7);
        var config = ImportBuilder.create().source("/nonexistent").target("jdbc:mysql://db.example:4000/", "root", "")
                .backend(new PhysicalBackendProvider(c -> null)).build();
        // A large heap: the cap decides; a small one: the heap share does.
        assertThat(PhysicalTableImporter.writerBytes(config, 64L << 30, 4L << 20)).isEqualTo(4L << 20);
        assertThat(PhysicalTableImporter.writerBytes(config, 64L << 20, 32L << 20)).isLessThan(4L << 20);
    }

    @Test
    void postProcessConcurrencyIsReadByLightningsKeysAndGoesToTidbSessions() {
        var defaults = PhysicalOptions.of(ImportBuilder.create().source("/nonexistent")
                .target("jdbc:mysql://db.example:4000/", "root", "").backend(new PhysicalBackendProvider(c -> null))
                .build()).sessionConcurrency();
        assertThat(defaults).isEqualTo(new PhysicalOptions.PostProcessConcurrency(2, 15, 20, 20));
        var set = PhysicalOptions.of(ImportBuilder.create().source("/nonexistent")
                .target("jdbc:mysql://db.example:4000/", "root", "").backend(new PhysicalBackendProvider(c -> null))
                .option("tidb.checksum-table-concurrency", "4").option("tidb.distsql-scan-concurrency", "30")
                .option("tidb.build-stats-concurrency", "8").option("tidb.index-serial-scan-concurrency", "6")
                .build()).sessionConcurrency();
        assertThat(set.checksumSession()).containsExactly("SET SESSION tidb_checksum_table_concurrency = 4",
                "SET SESSION tidb_distsql_scan_concurrency = 30", "SET SESSION tidb_index_serial_scan_concurrency = 6");
        assertThat(PhysicalOptions.of(ImportBuilder.create().source("/nonexistent")
                .target("jdbc:mysql://db.example:4000/", "root", "").backend(new PhysicalBackendProvider(c -> null))
                .build()).blockSize()).isEqualTo(32L << 10);
        assertThat(PhysicalOptions.of(ImportBuilder.create().source("/nonexistent")
                .target("jdbc:mysql://db.example:4000/", "root", "").backend(new PhysicalBackendProvider(c -> null))
                .build()).engineMemCacheSize()).isEqualTo(32L << 20);
        var engine = PhysicalOptions.of(ImportBuilder.create().source("/nonexistent")
                .target("jdbc:mysql://db.example:4000/", "root", "").backend(new PhysicalBackendProvider(c -> null))
                .option("tikv-importer.block-size", "16KiB").option("cron.switch-mode", "2m")
                .option("tikv-importer.engine-mem-cache-size", "64MiB").build());
        assertThat(engine.engineMemCacheSize()).isEqualTo(64L << 20);
        assertThat(engine.blockSize()).isEqualTo(16L << 10);
        assertThat(engine.switchModeMillis()).isEqualTo(120_000);
        assertThat(set.analyzeSession()).containsExactly("SET SESSION tidb_build_stats_concurrency = 8",
                "SET SESSION tidb_distsql_scan_concurrency = 30", "SET SESSION tidb_index_serial_scan_concurrency = 6");
    }

    @Test
    void parallelImportIsReadUnderBothNamesAndRefusesAddIndexBySql() {
        var defaults = PhysicalOptions.of(ImportBuilder.create().source("/nonexistent")
                .target("jdbc:mysql://db.example:4000/", "u", "p").backend(new PhysicalBackendProvider(c -> null)).build());
        assertThat(defaults.parallelImport()).isFalse();
        assertThat(defaults.metaSchemaName()).isEqualTo("lightning_metadata");
        for (String key : new String[] {"tikv-importer.parallel-import", "tikv-importer.incremental-import"}) {
            var set = PhysicalOptions.of(ImportBuilder.create().source("/nonexistent")
                    .target("jdbc:mysql://db.example:4000/", "u", "p").backend(new PhysicalBackendProvider(c -> null)).option(key, "true")
                    .option("lightning.meta-schema-name", "coord").build());
            assertThat(set.parallelImport()).as(key).isTrue();
            assertThat(set.metaSchemaName()).isEqualTo("coord");
            assertThatThrownBy(() -> PhysicalOptions.of(ImportBuilder.create().source("/nonexistent")
                    .target("jdbc:mysql://db.example:4000/", "u", "p").backend(new PhysicalBackendProvider(c -> null)).option(key, "true")
                    .option("tikv-importer.add-index-by-sql", "true").build())).isInstanceOf(ImportException.class)
                    .hasMessageContaining("tikv-importer.add-index-by-sql cannot be used with"
                            + " tikv-importer.parallel-import");
        }
    }

    @Test
    void badWriteSettingsFailNamingTheKey() {
        for (String[] kv : new String[][] {{"tikv-importer.compress-kv-pairs", "zstd"},
                {"tikv-importer.send-kv-size", "100"}, {"tikv-importer.region-split-batch-size", "0"},
                {"tikv-importer.local-writer-mem-cache-size", "2GiB"}, {"tidb.checksum-table-concurrency", "0"},
                {"tidb.distsql-scan-concurrency", "-1"}, {"tikv-importer.block-size", "100"},
                {"cron.switch-mode", "10m"}, {"tikv-importer.engine-mem-cache-size", "100KiB"}}) {
            var config = ImportBuilder.create().source("/nonexistent").target("jdbc:mysql://db.example:4000/", "root", "")
                    .backend(new PhysicalBackendProvider(c -> null)).option(kv[0], kv[1]).build();
            assertThatThrownBy(() -> PhysicalOptions.of(config)).isInstanceOf(ImportException.class)
                    .hasMessageContaining(kv[0]);
        }
    }
}
