package dev.lightning4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportOptionsTest {

    /** docs/options.md is generated; run with -Dlightning.docs.update=true to rewrite it after changing options. */
    @Test
    void committedOptionsReferenceMatchesTheDeclarations() throws Exception {
        Path file = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/options.md");
        String generated = ImportOptions.markdown();
        if (Boolean.getBoolean("lightning.docs.update")) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("docs/options.md is stale: run mvn -pl lightning-api test -Dtest=ImportOptionsTest "
                        + "-Dlightning.docs.update=true")
                .isEqualTo(generated);
    }

    @Test
    void setGoesThroughTheDeclarations() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("mydumper.data-source-dir", "/data");
        options.put("tidb.host", "db.example");
        options.put("tidb.port", "4001");
        options.put("mydumper.csv.separator", "|");
        options.put("mydumper.csv.null", "NULL,\\N");
        options.put("tikv-importer.logical-import-batch-size", "1MiB");
        options.put("conflict.strategy", "ignore");
        options.put("mydumper.no-schema", "true");
        options.put("checkpoint.enable", "true");
        options.put("post-restore.analyze", "off");
        ImportConfig c = ImportBuilder.create().configure(options).backend(new NoBackend()).build();
        assertThat(c.source()).isEqualTo("/data");
        assertThat(c.target().jdbcUrl()).isEqualTo("jdbc:mysql://db.example:4001/");
        assertThat(c.csv().separator()).isEqualTo("|");
        assertThat(c.csv().nullValues()).containsExactly("NULL", "\\N");
        assertThat(c.csv().delimiter()).isEqualTo("\"");
        assertThat(c.batchBytes()).isEqualTo(1 << 20);
        assertThat(c.conflictStrategy()).isEqualTo(ConflictStrategy.IGNORE);
        assertThat(c.schemaMode()).isEqualTo(SchemaMode.EXISTING);
        assertThat(c.checkpoint()).isTrue();
        assertThat(c.options()).containsEntry("post-restore.analyze", "off");
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> ImportBuilder.create().set("lightning.max-eror", "3"))
                .hasMessageContaining("unknown option 'lightning.max-eror'")
                .hasMessageContaining("did you mean 'lightning.max-error'");
        assertThatThrownBy(() -> ImportBuilder.create().set("separator", "|"))
                .hasMessageContaining("did you mean 'mydumper.csv.separator'");
        assertThatThrownBy(() -> ImportBuilder.create().set("conflict.strategy", "merge"))
                .hasMessageContaining("conflict.strategy must be one of error, replace, ignore");
        assertThatThrownBy(() -> ImportBuilder.create().set("tikv-importer.logical-import-batch-size", "9 parsecs"))
                .hasMessageContaining("tikv-importer.logical-import-batch-size has an unknown size unit");
        assertThatThrownBy(() -> ImportBuilder.create().set("mydumper.csv.separator", ""))
                .hasMessageContaining("mydumper.csv.separator");
    }

    /** A backend that is never opened: these tests only build configurations. */
    private static final class NoBackend implements dev.lightning4j.spi.BackendProvider {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public dev.lightning4j.spi.Backend create(ImportConfig config) {
            throw new UnsupportedOperationException();
        }
    }
}
