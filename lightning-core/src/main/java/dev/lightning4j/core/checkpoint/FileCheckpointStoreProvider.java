package dev.lightning4j.core.checkpoint;

import dev.lightning4j.ImportConfig;
import dev.lightning4j.spi.CheckpointContext;
import dev.lightning4j.spi.CheckpointStore;
import dev.lightning4j.spi.CheckpointStoreProvider;
import java.nio.file.Path;

/** The {@code file} checkpoint driver: a local file, by default in the temporary directory. */
public final class FileCheckpointStoreProvider implements CheckpointStoreProvider {

    @Override
    public String name() {
        return "file";
    }

    @Override
    public CheckpointStore open(CheckpointContext context) {
        String p = context.path();
        Path path = p == null || p.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), ImportConfig.DEFAULT_CHECKPOINT_FILE)
                : Path.of(p);
        return new FileCheckpointStore(path);
    }
}
