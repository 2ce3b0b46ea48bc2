package dev.lightning4j.core.checkpoint;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.CheckpointContext;
import dev.lightning4j.spi.CheckpointStore;
import dev.lightning4j.spi.CheckpointStoreProvider;

/** The {@code mysql} checkpoint driver: tables in a schema on the target. */
public final class MysqlCheckpointStoreProvider implements CheckpointStoreProvider {

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public CheckpointStore open(CheckpointContext context) {
        if (context.target() == null) {
            throw new ImportException(ErrorCode.CHECKPOINT, "the mysql checkpoint driver needs the target database");
        }
        String schema = context.schema() == null ? ImportConfig.DEFAULT_CHECKPOINT_SCHEMA : context.schema();
        return new MysqlCheckpointStore(context.target(), schema);
    }
}
