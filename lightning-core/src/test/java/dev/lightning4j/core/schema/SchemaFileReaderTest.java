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
}
