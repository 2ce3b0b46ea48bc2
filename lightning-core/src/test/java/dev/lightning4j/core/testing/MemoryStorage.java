package dev.lightning4j.core.testing;

import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageFile;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A storage whose files are byte arrays in memory, for tests that need no disk. */
public final class MemoryStorage implements Storage {
    private final Map<String, byte[]> files = new TreeMap<>();

    public MemoryStorage put(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    public StorageFile file(String path) {
        return new StorageFile(path, files.get(path).length);
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public List<StorageFile> list() {
        return files.keySet().stream().map(this::file).toList();
    }

    @Override
    public InputStream open(String path, long offset) throws FileNotFoundException {
        byte[] b = files.get(path);
        if (b == null) {
            throw new FileNotFoundException(path);
        }
        return new ByteArrayInputStream(b, (int) offset, b.length - (int) offset);
    }
}
