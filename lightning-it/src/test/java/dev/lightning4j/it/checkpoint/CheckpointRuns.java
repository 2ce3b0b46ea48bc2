package dev.lightning4j.it.checkpoint;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.it.ItDb;
import java.nio.file.Path;

/** The one configuration every run of a checkpoint test uses, in this JVM or a child. */
final class CheckpointRuns {
    private CheckpointRuns() {
    }

    static ImportBuilder builder(String url, String user, String password, Path source, String db, String driver,
            String pathOrSchema) {
        ImportBuilder b = ImportBuilder.create().source(source).target(url, user, password).filter(db + ".*")
                .concurrency(2).batchRows(25).checkpoint(true).checkpointDriver(driver)
                // A kill can land after the import succeeded: with "remove" the checkpoints would be gone and
                // a rerun would import everything again; "origin" keeps them, so the rerun finds all finished.
                .keepAfterSuccess(KeepAfterSuccess.ORIGIN);
        return driver.equals("mysql") ? b.checkpointSchema(pathOrSchema) : b.checkpointPath(pathOrSchema);
    }

    static ImportBuilder builder(Path source, String db, String driver, String pathOrSchema) {
        return builder(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password(), source, db, driver,
                pathOrSchema);
    }
}
