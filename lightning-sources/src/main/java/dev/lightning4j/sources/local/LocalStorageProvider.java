package dev.lightning4j.sources.local;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The {@code file} storage: a directory on a local or mounted file system, named by a {@code file:} URI. */
public final class LocalStorageProvider implements StorageProvider {

    public LocalStorageProvider() {
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public Storage open(URI location) throws IOException {
        Path dir;
        try {
            dir = Path.of(location);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir '" + location
                    + "' is not a valid file URI; use an absolute path or file:///absolute/path", e);
        }
        if (!Files.exists(dir)) {
            throw new ImportException(ErrorCode.SOURCE_NOT_FOUND,
                    "source directory " + dir + " does not exist; check data-source-dir");
        }
        if (!Files.isDirectory(dir)) {
            throw new ImportException(ErrorCode.SOURCE_NOT_FOUND, "source " + dir
                    + " is a file, not a directory; set data-source-dir to the directory that holds the export");
        }
        return new LocalStorage(dir.toRealPath());
    }
}
