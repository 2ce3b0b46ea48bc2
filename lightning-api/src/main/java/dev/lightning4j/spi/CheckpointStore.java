package dev.lightning4j.spi;

import dev.lightning4j.KeepAfterSuccess;
import dev.lightning4j.TableName;
import java.util.List;

/**
 * Where an import records how far it got, so that a restarted import continues where the last one
 * stopped: a task record (what was imported how), a status per table and a position per chunk.
 * Thread-safe: chunk workers save at once. Every save is durable when it returns.
 */
public interface CheckpointStore extends AutoCloseable {

    /** The task record, or null when the store holds no task. */
    TaskCheckpoint task();

    /** Creates or replaces the task record. */
    void saveTask(TaskCheckpoint task);

    /** Every table with a checkpoint, in name order. */
    List<TableCheckpoint> tables();

    /** The table's checkpoint, or null. */
    default TableCheckpoint table(TableName table) {
        for (TableCheckpoint t : tables()) {
            if (t.table().equals(table)) {
                return t;
            }
        }
        return null;
    }

    void saveTable(TableCheckpoint table);

    /** The table's chunk checkpoints (any order). */
    List<ChunkCheckpoint> chunks(TableName table);

    void saveChunk(ChunkCheckpoint chunk);

    /**
     * A way to record chunk progress inside a transaction on the target, so that a batch and the position
     * after it commit together; null when this store cannot (it lives elsewhere than the target).
     */
    default TransactionalCheckpoints transactional() {
        return null;
    }

    /** Removes the table's checkpoints (its status and chunks). */
    void removeTable(TableName table);

    /** Removes everything, the task record included. */
    void removeAll();

    /**
     * Called once after an import succeeded: {@code REMOVE} deletes the checkpoints, {@code RENAME} keeps
     * them under another name (which it returns) and {@code ORIGIN} leaves them as they are.
     */
    String afterSuccess(KeepAfterSuccess keep);

    /** Where the checkpoints live, for messages (a file path, a schema name). */
    String describe();

    @Override
    void close();
}
