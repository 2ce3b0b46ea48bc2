package dev.lightning4j.spi;

import dev.lightning4j.TableName;
import java.util.Map;

/**
 * Small named values a backend keeps per table in the import's checkpoint store, for state that must outlive the
 * backend's own scratch space (a local directory may be wiped or replaced before a resume). The engine hands one
 * to {@link Backend#useCheckpoints} when checkpoints are on; an entry stays until the backend removes it, the
 * table's checkpoints are removed, or the import succeeds and its checkpoints are removed. Entries are meant to be
 * small (a few kilobytes): every save may rewrite the store. Thread-safe; every save is durable when it returns.
 */
public interface CheckpointEntries {

    /**
     * Every table's entries.
     *
     * @return entry name to value, per table; tables without entries are absent; empty when there are none
     */
    Map<TableName, Map<String, String>> all();

    /**
     * One table's entries.
     *
     * @param table the target table
     * @return entry name to value; empty when the table has none
     */
    default Map<String, String> of(TableName table) {
        return all().getOrDefault(table, Map.of());
    }

    /**
     * Creates, replaces or removes one entry, durably.
     *
     * @param table the target table
     * @param name  the entry's name within the table, such as {@code add-index}; at most 64 characters
     * @param value the value to keep, or null to remove the entry
     */
    void put(TableName table, String name, String value);
}
