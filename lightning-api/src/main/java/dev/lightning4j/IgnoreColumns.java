package dev.lightning4j;

import java.util.List;
import java.util.Objects;

/**
 * Source columns whose values are dropped, as Lightning's {@code [[mydumper.ignore-data-columns]]}: for target
 * tables matching the patterns ({@code *} and {@code ?} wildcards, case-insensitive), values of these columns
 * are not imported (the target fills them with their defaults).
 *
 * @param schemaPattern target database pattern
 * @param tablePattern  target table pattern
 * @param columns       column names, case-insensitive
 */
public record IgnoreColumns(String schemaPattern, String tablePattern, List<String> columns) {
    /**
     * Checks the rule and copies {@code columns}.
     *
     * @param schemaPattern target database pattern, required
     * @param tablePattern  target table pattern, required
     * @param columns       column names, case-insensitive; at least one
     * @throws NullPointerException     when a part is missing
     * @throws IllegalArgumentException when no column is named
     */
    public IgnoreColumns {
        Objects.requireNonNull(schemaPattern, "ignore-data-columns: db is required");
        Objects.requireNonNull(tablePattern, "ignore-data-columns: table is required");
        columns = List.copyOf(Objects.requireNonNull(columns, "ignore-data-columns: columns"));
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("ignore-data-columns: name at least one column");
        }
    }
}
