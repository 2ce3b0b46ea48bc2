package dev.lightning4j.sources.local;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageFile;
import dev.lightning4j.spi.StorageProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStorageTest {
    @TempDir
    Path tmp;

    private Path root() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("export"));
        write(root.resolve("db-schema-create.sql"), "CREATE DATABASE db;");
        write(root.resolve("db.t.000000001.csv"), "a,b\n1,2\n");
        write(root.resolve("sub/deeper/db.u.csv"), "x\n");
        write(root.resolve("sub/db.t-schema.sql"), "CREATE TABLE t (a int);");
        return root;
    }

    private static void write(Path p, String s) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, s);
    }

    private static Storage open(Path dir) throws IOException {
        return new LocalStorageProvider().open(dir.toUri());
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void providerIsFoundByServiceLoaderUnderTheFileScheme() {
        StorageProvider p = ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("file")).findFirst().orElseThrow();
        assertThat(p).isInstanceOf(LocalStorageProvider.class);
        assertThat(p.schemes()).containsExactly("file");
    }

    @Test
    void listsFilesRecursivelySortedWithSlashSeparatedRelativePathsAndSizes() throws IOException {
        Path root = root();
        Files.createDirectories(root.resolve("empty-dir"));
        try (Storage s = open(root)) {
            assertThat(s.list()).containsExactly(
                    new StorageFile("db-schema-create.sql", 19),
                    new StorageFile("db.t.000000001.csv", 8),
                    new StorageFile("sub/db.t-schema.sql", 23),
                    new StorageFile("sub/deeper/db.u.csv", 2));
            assertThat(s.describe()).isEqualTo(root.toRealPath().toString());
        }
    }

    @Test
    void readsAFileFromAnOffset() throws IOException {
        try (Storage s = open(root())) {
            assertThat(readAll(s.open("db.t.000000001.csv", 0))).isEqualTo("a,b\n1,2\n");
            assertThat(readAll(s.open("db.t.000000001.csv", 4))).isEqualTo("1,2\n");
            assertThat(readAll(s.open("sub/deeper/db.u.csv", 1))).isEqualTo("\n");
            assertThat(readAll(s.open("db.t.000000001.csv", 100))).isEmpty();
        }
    }

    @Test
    void refusesPathsThatLeaveTheRoot() throws IOException {
        Path root = root();
        write(tmp.resolve("secret.txt"), "secret");
        try (Storage s = open(root)) {
            for (String bad : new String[] {"../secret.txt", "sub/../../secret.txt", "sub/..", "/etc/passwd",
                    tmp.resolve("secret.txt").toString(), ""}) {
                assertThatThrownBy(() -> s.open(bad, 0)).as(bad).isInstanceOf(ImportException.class)
                        .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.INVALID_OPTION);
            }
        }
    }

    @Test
    void symlinksThatEscapeTheRootAreNeitherListedNorRead() throws IOException {
        Path root = root();
        Path outsideDir = Files.createDirectories(tmp.resolve("outside"));
        write(outsideDir.resolve("leak.csv"), "secret\n");
        Files.createSymbolicLink(root.resolve("link-file.csv"), outsideDir.resolve("leak.csv"));
        Files.createSymbolicLink(root.resolve("link-dir"), outsideDir);
        // A link that stays inside is fine, and a cycle does not hang the walk.
        Files.createSymbolicLink(root.resolve("inside-link.csv"), root.resolve("db.t.000000001.csv"));
        Files.createSymbolicLink(root.resolve("sub/loop"), root.resolve("sub"));
        try (Storage s = open(root)) {
            assertThat(s.list()).extracting(StorageFile::path).containsExactly("db-schema-create.sql",
                    "db.t.000000001.csv", "inside-link.csv", "sub/db.t-schema.sql", "sub/deeper/db.u.csv");
            assertThat(readAll(s.open("inside-link.csv", 0))).isEqualTo("a,b\n1,2\n");
            assertThatThrownBy(() -> s.open("link-file.csv", 0)).isInstanceOf(ImportException.class)
                    .hasMessageContaining("outside");
            assertThatThrownBy(() -> s.open("link-dir/leak.csv", 0)).isInstanceOf(ImportException.class)
                    .hasMessageContaining("outside");
        }
    }

    @Test
    void missingDirectoryIsSourceNotFoundNamingTheOption() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> open(missing)).isInstanceOf(ImportException.class)
                .hasMessageContaining("source directory " + missing + " does not exist; check data-source-dir")
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
    }

    @Test
    void aFileInsteadOfADirectoryIsAnError() throws IOException {
        Path f = Files.writeString(tmp.resolve("file.csv"), "x");
        assertThatThrownBy(() -> open(f)).isInstanceOf(ImportException.class)
                .hasMessageContaining("not a directory")
                .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
    }

    @Test
    void missingFileIsSourceNotFound() throws IOException {
        try (Storage s = open(root())) {
            assertThatThrownBy(() -> s.open("gone.csv", 0)).isInstanceOf(ImportException.class)
                    .extracting(e -> ((ImportException) e).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
        }
    }
}
