package dev.lightning4j.core.checkpoint;

import dev.lightning4j.TableName;
import dev.lightning4j.spi.CheckpointEntries;
import dev.lightning4j.spi.CheckpointStore;
import java.util.Map;

/** A backend's view of the entries of a checkpoint store: its entries only, not the tables' states. */
final class Entries implements CheckpointEntries {
    /** The longest entry name, as the mysql store's column holds it. */
    static final int MAX_NAME = 64;

    private final CheckpointStore store;

    Entries(CheckpointStore store) {
        this.store = store;
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("a checkpoint entry's name must have 1 to " + MAX_NAME
                    + " characters: " + name);
        }
    }

    @Override
    public Map<TableName, Map<String, String>> all() {
        return store.entries();
    }

    @Override
    public void put(TableName table, String name, String value) {
        checkName(name);
        store.saveEntry(table, name, value);
    }
}
