package dev.lightning4j.spi;

import java.sql.Connection;
import java.sql.SQLException;

/** Records a chunk's position with statements on a connection the caller holds in an open transaction. */
public interface TransactionalCheckpoints {

    /**
     * Writes {@code chunk} on {@code connection} without committing: it commits with the caller's rows.
     *
     * @param connection a connection to the target in an open transaction
     * @param chunk      the position to save
     * @throws SQLException when the statement fails; the caller rolls back
     */
    void write(Connection connection, ChunkCheckpoint chunk) throws SQLException;

    /**
     * The saved position of {@code chunk}'s chunk as committed, read so that it waits for a transaction
     * still committing it. Tells whether a commit whose answer was lost took place.
     *
     * @param connection a connection to the target
     * @param chunk      names the chunk (its table and key); its position is ignored
     * @return the committed position, or null when none was saved
     * @throws SQLException when the query fails
     */
    ChunkCheckpoint read(Connection connection, ChunkCheckpoint chunk) throws SQLException;
}
