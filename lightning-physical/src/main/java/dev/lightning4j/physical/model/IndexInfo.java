package dev.lightning4j.physical.model;

import java.util.List;

/**
 * One index of a target table.
 *
 * @param id      the index ID TiDB assigned
 * @param name    index name
 * @param columns its columns in order
 * @param unique  UNIQUE (or PRIMARY)
 * @param primary the primary key
 */
public record IndexInfo(long id, String name, List<IndexColumn> columns, boolean unique, boolean primary) {
    public IndexInfo {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " has no columns");
        }
        if (primary && !unique) {
            throw new IllegalArgumentException("primary index " + name + " must be unique");
        }
    }
}
