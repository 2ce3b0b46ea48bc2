package dev.lightning4j.spi;

import java.sql.Connection;
import java.sql.SQLException;

/** Records a chunk's position with statements on a connection the caller holds in an open transaction. */
public interface TransactionalCheckpoints {

    /** Writes {@code chunk} on {@code connection} without committing: it commits with the caller's rows. */
    void write(Connection connection, ChunkCheckpoint chunk) throws SQLException;

    /**
     * The saved position of {@code chunk}'s chunk as committed, read so that it waits for a transaction
     * still committing it; null when none. Tells whether a commit whose answer was lost took place.
     */
    ChunkCheckpoint read(Connection connection, ChunkCheckpoint chunk) throws SQLException;
}
