package dev.lightning4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportResult;
import dev.lightning4j.testing.TestingMariaDb;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicrometerImportListenerTest {
    @TempDir
    Path dir;

    @Test
    void earlyImportsAreCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerImportListener listener = new MicrometerImportListener(registry, Tags.of("import", "early"));
        listener.engineImportedEarly(new dev.lightning4j.TableName("db", "t"), 1, 10, 100);
        listener.engineImportedEarly(new dev.lightning4j.TableName("db", "t"), 2, 10, 100);
        assertThat(registry.get("lightning.import.early.imports").tag("import", "early").counter().count())
                .isEqualTo(2);
    }

    @Test
    void metersFollowARealImport() throws Exception {
        TestingMariaDb server = TestingMariaDb.shared();
        String db = server.createDatabase("metrics");
        Files.writeString(dir.resolve(db + ".a-schema.sql"), "CREATE TABLE a (id int PRIMARY KEY, n int);");
        Files.writeString(dir.resolve(db + ".b-schema.sql"), "CREATE TABLE b (id int PRIMARY KEY, n int);");
        Files.writeString(dir.resolve(db + ".a.0.csv"), "id,n\n1,1\n2,2\n3,oops\n");
        Files.writeString(dir.resolve(db + ".a.1.csv"), "id,n\n4,4\n");
        Files.writeString(dir.resolve(db + ".b.0.csv"), "id,n\n1,10\n2,20\n");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ImportResult r = ImportBuilder.create().source(dir).target(server.jdbcUrl(), server.user(), server.password())
                .filter(db + ".*").maxErrors(1)
                .listener(new MicrometerImportListener(registry, Tags.of("import", "test"))).run();

        assertThat(r.rows()).isEqualTo(5);
        assertThat(registry.get("lightning.import.rows").tag("import", "test").counter().count()).isEqualTo(5);
        assertThat(registry.get("lightning.import.rows.rejected").counter().count()).isEqualTo(1);
        assertThat(registry.get("lightning.import.bytes").counter().count()).isEqualTo((double) r.bytes())
                .isEqualTo(registry.get("lightning.import.bytes.total").gauge().value());
        assertThat(registry.get("lightning.import.tables").tag("state", "finished").gauge().value()).isEqualTo(2);
        assertThat(registry.get("lightning.import.tables").tag("state", "pending").gauge().value()).isZero();
        assertThat(registry.get("lightning.import.tables").tag("state", "running").gauge().value()).isZero();
        assertThat(registry.get("lightning.import.chunks").tag("state", "finished").gauge().value()).isEqualTo(3);
        assertThat(registry.get("lightning.import.chunks").tag("state", "pending").gauge().value()).isZero();
        assertThat(registry.get("lightning.import.table.duration").tag("table", db + ".a").timer().count()).isOne();
        assertThat(registry.get("lightning.import.duration").tag("outcome", "success").timer()
                .totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }
}
