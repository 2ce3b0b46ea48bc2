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

    /** The task record, or null when there is none. */
    TaskCheckpoint task();

    List<TableCheckpoint> tables();

    List<ChunkCheckpoint> chunks(TableName table);

    /** A readable listing of the task, tables and chunks ({@code --checkpoint-dump}). */
    String dump();

    /**
     * Drops each selected failed table on the target and removes its checkpoints, so the next run imports it
     * anew ({@code --checkpoint-error-destroy}). Returns the tables destroyed.
     */
    List<TableName> destroyErrors(String selector);

    /** Clears the failure of each selected table so the next run retries it from its checkpoint ({@code --checkpoint-error-ignore}). */
    List<TableName> ignoreErrors(String selector);

    /** Removes the selected tables' checkpoints; {@code all} removes the whole store ({@code --checkpoint-remove}). */
    List<TableName> remove(String selector);

    @Override
    void close();
}
