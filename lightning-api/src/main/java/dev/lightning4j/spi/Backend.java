package dev.lightning4j.spi;

import dev.lightning4j.TableName;
import java.util.Map;
import javax.sql.DataSource;

/** A way of writing rows into the target. One instance serves one import. Thread-safe. */
public interface Backend extends AutoCloseable {

    /**
     * SQL access to the target. The engine uses it to create schemas and read table metadata; it must
     * serve at least as many connections at once as the import's concurrency plus one.
     *
     * @return the target's data source: the caller's own when one was given (never closed by the backend), else
     *         a pool the backend opened and closes in {@link #close()}
     */
    DataSource dataSource();

    /**
     * Whether target tables must be empty before rows are written; the engine then refuses non-empty tables.
     *
     * @return true for a physical import, false (the default) when rows may be added to existing data
     */
    default boolean requiresEmptyTables() {
        return false;
    }

    /**
     * Hands the backend a place in the import's checkpoints for small per-table state that must survive a resume
     * even when the backend's local files do not. Called once, before the first {@link #openTable}, and only when
     * checkpoints are on and their store keeps entries; a backend that is never called keeps such state where it
     * can (or nowhere). The default ignores it.
     *
     * @param entries the entries of this import, as saved by this and earlier runs
     */
    default void useCheckpoints(CheckpointEntries entries) {
    }

    /**
     * What the user must now do by hand because a table's checkpoints are removed (or the store is) while they
     * still hold entries of this backend: work it saved there and has not done yet. Called by
     * {@link dev.lightning4j.Checkpoints#remove} (which shows the message to the user), and before checkpoints
     * are removed after a successful import or as leftovers without a task record; the message is logged at WARN.
     *
     * @param table   the table whose checkpoints are removed
     * @param entries its entries, not empty
     * @return a message naming the table and saying what to run (such as the SQL statement that completes the
     *         table), or null (the default) when nothing is lost with the entries
     */
    default String pendingWork(TableName table, Map<String, String> entries) {
        return null;
    }

    /**
     * Starts importing into a table whose schema exists on the target.
     *
     * @param table the table with its columns as read from the target
     * @return a handle the engine writes the table's chunks through and closes when the table is done
     */
    TableImporter openTable(TargetTable table);

    /**
     * Called once after every table of the import was finished, before {@link #close()}; not called when the
     * import failed or was cancelled. A backend finishes here what it deferred until all tables were imported
     * (the physical backend's checksums and ANALYZE under {@code post-restore.post-process-at-last}); an
     * exception fails the import.
     */
    default void finishImport() {
    }

    /** Releases connections and buffers; called once, after every table was finished or the import failed. */
    @Override
    void close();
}
