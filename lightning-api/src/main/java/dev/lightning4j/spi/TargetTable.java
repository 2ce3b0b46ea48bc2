package dev.lightning4j.spi;

import dev.lightning4j.TableName;
import java.util.List;

/**
 * A table as it exists on the target after its schema was applied.
 *
 * @param name    the table
 * @param columns its columns in ordinal order
 */
public record TargetTable(TableName name, List<TargetColumn> columns) {
    /**
     * Copies {@code columns}, which must not be null.
     *
     * @param name    the table
     * @param columns its columns in ordinal order
     */
    public TargetTable {
        columns = List.copyOf(columns);
    }

    /**
     * The column with this name, compared case-insensitively as MySQL compares column names.
     *
     * @param columnName the name to look up
     * @return the column, or null when the table has none of that name
     */
    public TargetColumn column(String columnName) {
        for (TargetColumn c : columns) {
            if (c.name().equalsIgnoreCase(columnName)) {
                return c;
            }
        }
        return null;
    }
}
