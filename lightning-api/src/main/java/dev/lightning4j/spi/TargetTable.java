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
    public TargetTable {
        columns = List.copyOf(columns);
    }

    /** The column with this name (case-insensitive, as MySQL compares column names), or null. */
    public TargetColumn column(String columnName) {
        for (TargetColumn c : columns) {
            if (c.name().equalsIgnoreCase(columnName)) {
                return c;
            }
        }
        return null;
    }
}
