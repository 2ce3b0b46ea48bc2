package dev.lightning4j;

import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.TableCheckpoint;
import dev.lightning4j.spi.TaskCheckpoint;
import java.util.List;

/**
 * The checkpoints of an import, for what {@code tidb-lightning-ctl} does: list them, and clear a failed
 * table so that the next run can go on. Get one from {@link ImportBuilder#checkpoints()} with the same
 * target and checkpoint settings as the import. A selector is {@code `db`.`tbl`} / {@code db.tbl}, or
 * {@code all}.
 */
public interface Checkpoints extends AutoCloseable {

    /**
     * The task record: when the import began and the settings it ran with.
     *
     * @return the task, or null when the store holds none
     */
    TaskCheckpoint task();

    /**
     * Every table with a checkpoint, with its status and failure.
     *
     * @return the tables in name order; empty when there are none
     */
    List<TableCheckpoint> tables();

    /**
     * A table's chunk positions.
     *
     * @param table the target table
     * @return its chunks in any order; empty when none were saved
     */
    List<ChunkCheckpoint> chunks(TableName table);

    /**
     * A readable listing of the task, tables and chunks ({@code --checkpoint-dump}).
     *
     * @return multi-line text for people; its layout may change between versions
     */
    String dump();

    /**
     * Drops each selected failed table on the target and removes its checkpoints, so the next run imports it
     * anew ({@code --checkpoint-error-destroy}). Work a backend saved for the table goes with it and is not
     * reported: the table is gone, and the next run creates it again from the source's schema (indexes
     * {@code tikv-importer.add-index-by-sql} dropped included).
     *
     * @param selector {@code db.tbl}, {@code `db`.`tbl`} or {@code all}
     * @return the tables destroyed; empty when no selected table had failed
     * @throws ImportException with {@code CHECKPOINT} or a target error code when a drop or removal fails
     */
    List<TableName> destroyErrors(String selector);

    /**
     * Clears the failure of each selected table so the next run retries it from its checkpoint
     * ({@code --checkpoint-error-ignore}). Work a backend saved for the table stays and is done by that run.
     *
     * @param selector {@code db.tbl}, {@code `db`.`tbl`} or {@code all}
     * @return the tables whose failure was cleared
     */
    List<TableName> ignoreErrors(String selector);

    /**
     * Removes the selected tables' checkpoints; {@code all} removes the whole store ({@code --checkpoint-remove}).
     * Work a backend saved for a removed table and had not done yet is lost with them: {@link #pendingWork()}
     * then says, per table, what to run by hand.
     *
     * @param selector {@code db.tbl}, {@code `db`.`tbl`} or {@code all}
     * @return the tables whose checkpoints were removed
     */
    List<TableName> remove(String selector);

    /**
     * What the last {@link #destroyErrors}, {@link #ignoreErrors} or {@link #remove} left for the user to do by
     * hand: work a backend saved in the removed checkpoints and had not done yet, one message per table, each
     * naming the table and what to run (the physical backend's {@code ALTER TABLE ... ADD ...} that adds back the
     * indexes {@code tikv-importer.add-index-by-sql} dropped). The messages are also logged at WARN.
     *
     * @return the messages of the last call; empty when nothing was left (and by default)
     */
    default List<String> pendingWork() {
        return List.of();
    }

    /** Releases the store's file or connections; the checkpoints stay. */
    @Override
    void close();
}
