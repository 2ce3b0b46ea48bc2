package dev.lightning4j.spi;

import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.TableName;
import java.util.List;
import java.util.Map;

/**
 * Where an import records how far it got, so that a restarted import continues where the last one
 * stopped: a task record (what was imported how), a status per table and a position per chunk.
 * Thread-safe: chunk workers save at once. Every save is durable when it returns.
 *
 * <p>A store may also keep a backend's {@link CheckpointEntries entries}: small named values per table
 * ({@link #keepsEntries()}, {@link #entries()}, {@link #saveEntry}). They belong to the table's checkpoints:
 * {@link #removeTable}, {@link #removeAll} and {@link #afterSuccess} remove, rename or keep them with the rest.
 */
public interface CheckpointStore extends AutoCloseable {

    /**
     * The task record.
     *
     * @return the saved task, or null when the store holds no task (a fresh import)
     */
    TaskCheckpoint task();

    /**
     * Creates or replaces the task record.
     *
     * @param task the task to save, not null
     */
    void saveTask(TaskCheckpoint task);

    /**
     * Every table with a checkpoint.
     *
     * @return the table checkpoints in name order; empty when there are none
     */
    List<TableCheckpoint> tables();

    /**
     * One table's checkpoint.
     *
     * @param table the target table
     * @return its checkpoint, or null when the table has none
     */
    default TableCheckpoint table(TableName table) {
        for (TableCheckpoint t : tables()) {
            if (t.table().equals(table)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Creates or replaces a table's checkpoint (its status), durably.
     *
     * @param table the checkpoint to save, keyed by {@link TableCheckpoint#table()}
     */
    void saveTable(TableCheckpoint table);

    /**
     * A table's chunk checkpoints.
     *
     * @param table the target table
     * @return its chunk positions in any order; empty when none were saved
     */
    List<ChunkCheckpoint> chunks(TableName table);

    /**
     * Creates or replaces a chunk's position, durably; may be called by many chunk workers at once.
     *
     * @param chunk the position to save, keyed by its table and {@link ChunkCheckpoint#key()}
     */
    void saveChunk(ChunkCheckpoint chunk);

    /**
     * A way to record chunk progress inside a transaction on the target, so that a batch and the position
     * after it commit together.
     *
     * @return the transactional writer, or null (the default) when this store cannot (it lives elsewhere than
     *         the target)
     */
    default TransactionalCheckpoints transactional() {
        return null;
    }

    /**
     * Whether this store keeps backend entries; when it does not (the default) a backend gets none and keeps its
     * state only where it can itself.
     *
     * @return true when {@link #entries()} and {@link #saveEntry} work
     */
    default boolean keepsEntries() {
        return false;
    }

    /**
     * Every table's backend entries.
     *
     * @return entry name to value, per table; empty when there are none (always, by default)
     */
    default Map<TableName, Map<String, String>> entries() {
        return Map.of();
    }

    /**
     * Creates, replaces or removes one backend entry of a table, durably.
     *
     * @param table the target table; it need not have a checkpoint yet
     * @param name  the entry's name within the table, at most 64 characters
     * @param value the value, or null to remove the entry
     * @throws UnsupportedOperationException by default: the store keeps no entries ({@link #keepsEntries()})
     */
    default void saveEntry(TableName table, String name, String value) {
        throw new UnsupportedOperationException("this checkpoint store keeps no backend entries");
    }

    /**
     * Removes the table's checkpoints (its status, chunks and backend entries), so a later import starts it
     * afresh.
     *
     * @param table the target table; nothing happens when it has no checkpoint
     */
    void removeTable(TableName table);

    /** Removes everything, the task record and backend entries included. */
    void removeAll();

    /**
     * Called once after an import succeeded: {@code REMOVE} deletes the checkpoints, {@code RENAME} keeps
     * them under another name and {@code ORIGIN} leaves them as they are.
     *
     * @param keep what to do with the checkpoints ({@code checkpoint.keep-after-success})
     * @return where the checkpoints now are, for the user: null after {@code REMOVE}, the new file or schema
     *         name after {@code RENAME}, the current one after {@code ORIGIN}
     */
    String afterSuccess(KeepAfterSuccess keep);

    /**
     * Where the checkpoints live, for messages.
     *
     * @return a file path or a schema name, without credentials
     */
    String describe();

    /** Releases the file or connections; saved checkpoints stay. */
    @Override
    void close();
}
