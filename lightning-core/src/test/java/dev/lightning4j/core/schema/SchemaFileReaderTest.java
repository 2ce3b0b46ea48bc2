package dev.lightning4j.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.core.routing.FileRouter;
import dev.lightning4j.core.routing.RoutedFile;
import dev.lightning4j.core.testing.MemoryStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class SchemaFileReaderTest {
    private static final String DDL = "CREATE TABLE `t` (`id` int PRIMARY KEY, `name` varchar(20)) /* é */;\n";

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static RoutedFile routed(MemoryStorage storage, String path) {
        return new FileRouter().route(storage.file(path));
    }

    @Test
    void readsPlainSchemaFileAsUtf8() {
        MemoryStorage s = new MemoryStorage().put("db.t-schema.sql", DDL.getBytes(StandardCharsets.UTF_8));
        assertThat(SchemaFileReader.read(s, routed(s, "db.t-schema.sql"), "db.t")).isEqualTo(DDL);
    }

    @Test
    void decompressesGzippedSchemaFiles() throws IOException {
        MemoryStorage s = new MemoryStorage().put("db.t-schema.sql.gz", gzip(DDL));
        RoutedFile f = routed(s, "db.t-schema.sql.gz");
        assertThat(f.compression()).isEqualTo("gz");
        assertThat(SchemaFileReader.read(s, f, "db.t")).isEqualTo(DDL);
    }

    @Test
    void corruptGzipNamesTheFile() throws IOException {
        byte[] gz = gzip(DDL);
        MemoryStorage s = new MemoryStorage().put("db-schema-create.sql.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> SchemaFileReader.read(s, routed(s, "db-schema-create.sql.gz"), "db"))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ);
                    assertThat(e.file()).isEqualTo("db-schema-create.sql.gz");
                    assertThat(e.getMessage()).contains("corrupt");
                });
    }

    @Test
    void unsupportedCompressionSaysSo() {
        MemoryStorage s = new MemoryStorage().put("db.t-schema.sql.zst", new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SchemaFileReader.read(s, routed(s, "db.t-schema.sql.zst"), "db.t"))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ);
                    assertThat(e.getMessage()).contains(".zst").contains("decompress");
                });
    }

    @Test
    void characterSetsOfSchemaFiles() {
        String ddl = "CREATE TABLE `t` (`名字` varchar(20) COMMENT '中文');";
        MemoryStorage s = new MemoryStorage()
                .put("db.u-schema.sql", ddl.getBytes(StandardCharsets.UTF_8))
                .put("db.g-schema.sql", ddl.getBytes(java.nio.charset.Charset.forName("GB18030")))
                .put("db.l-schema.sql", "CREATE TABLE `t` (c int COMMENT 'caf\u00e9 \u20ac');"
                        .getBytes(java.nio.charset.Charset.forName("windows-1252")));
        assertThat(SchemaFileReader.read(s, routed(s, "db.u-schema.sql"), "db.u", "auto")).isEqualTo(ddl);
        assertThat(SchemaFileReader.read(s, routed(s, "db.g-schema.sql"), "db.g", "auto")).isEqualTo(ddl);
        assertThat(SchemaFileReader.read(s, routed(s, "db.g-schema.sql"), "db.g", "gb18030")).isEqualTo(ddl);
        assertThat(SchemaFileReader.read(s, routed(s, "db.l-schema.sql"), "db.l", "latin1")).contains("café €");
        assertThatThrownBy(() -> SchemaFileReader.read(s, routed(s, "db.g-schema.sql"), "db.g", "utf8mb4"))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_FAILED);
                    assertThat(e.file()).isEqualTo("db.g-schema.sql");
                    assertThat(e.getMessage()).contains("character-set");
                });
    }
}
