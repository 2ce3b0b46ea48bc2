package dev.lightning4j;

import java.util.Objects;

/**
 * A table route, as Lightning's {@code [[routes]]}: tables whose database matches {@code schemaPattern} and
 * whose name matches {@code tablePattern} ({@code *} and {@code ?} wildcards, case-insensitive) are imported
 * into {@code targetSchema}.{@code targetTable}. Several source tables routed to one target (shards) merge into
 * it; the target's schema is created once, from the first schema file.
 *
 * @param schemaPattern source database pattern
 * @param tablePattern  source table pattern, or null / empty to route a whole database
 * @param targetSchema  the target database
 * @param targetTable   the target table, or null / empty to keep the source table's name
 */
public record TableRoute(String schemaPattern, String tablePattern, String targetSchema, String targetTable) {
    /**
     * Checks the route; a null table pattern or target table becomes empty.
     *
     * @param schemaPattern source database pattern, required
     * @param tablePattern  source table pattern, or null / empty to route a whole database
     * @param targetSchema  the target database, required
     * @param targetTable   the target table, or null / empty to keep the source table's name
     * @throws IllegalArgumentException when the schema pattern or target schema is empty
     * @throws NullPointerException     when the target schema is null
     */
    public TableRoute {
        if (schemaPattern == null || schemaPattern.isEmpty()) {
            throw new IllegalArgumentException("routes: schema-pattern is required");
        }
        Objects.requireNonNull(targetSchema, "routes: target-schema is required");
        if (targetSchema.isEmpty()) {
            throw new IllegalArgumentException("routes: target-schema must not be empty");
        }
        tablePattern = tablePattern == null ? "" : tablePattern;
        targetTable = targetTable == null ? "" : targetTable;
    }
}
