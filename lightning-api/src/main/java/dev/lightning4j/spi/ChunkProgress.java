package dev.lightning4j.spi;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a chunk writer tells the engine that rows are committed, so the chunk's checkpoint is saved together
 * with, or strictly after, the rows it covers. The engine's position is always "every row given to the
 * writer before the current {@code write} call (or every row, during {@code flush})".
 */
public interface ChunkProgress {

    /**
     * True when the position can be written in the writer's own transaction: the writer then calls
     * {@link #record} on its connection before committing each batch, and {@link #committed} after.
     *
     * @return true when {@link #record} may be used; false means the writer only calls {@link #committed}
     */
    boolean transactional();

    /**
     * Writes the position inside the batch's transaction.
     *
     * @param connection the writer's connection, inside the open transaction of the batch
     * @param rejected rows of this batch the writer rejected and has not yet reported to its error sink
     * @throws SQLException when the statement fails; the writer then rolls the batch back
     */
    void record(Connection connection, int rejected) throws SQLException;

    /**
     * After the connection broke during COMMIT, asked on a fresh connection: true when the position of the
     * last {@link #record} is on the target, so that transaction committed and must not be written again.
     *
     * @param connection a new connection to the target, not the broken one
     * @return true when the batch committed; false (the default) when it did not or cannot be told
     * @throws SQLException when the check itself fails
     */
    default boolean recorded(Connection connection) throws SQLException {
        return false;
    }

    /** Every row given so far is committed or was reported as rejected; saves the position if not yet saved. */
    void committed();
}
