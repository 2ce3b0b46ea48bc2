package dev.lightning4j;

import java.util.Objects;

/**
 * A custom file routing rule, as Lightning's {@code [[mydumper.files]]}: files whose path (relative to the
 * source root) matches {@code pattern} (a regular expression) or equals {@code path} get the given role.
 * {@code schema}, {@code table}, {@code key} and {@code compression} may use {@code $1} / {@code ${name}}
 * templates filled from the pattern's groups. Custom rules are tried before the default Dumpling rules.
 *
 * @param pattern     a regular expression over the whole relative path, or null when {@code path} is given
 * @param path        an exact relative path, or null when {@code pattern} is given
 * @param schema      target database (template)
 * @param table       target table (template); not needed for {@code schema-schema} and {@code ignore}
 * @param type        {@code schema-schema}, {@code table-schema}, {@code view-schema}, {@code sql}, {@code csv},
 *                    {@code parquet} or {@code ignore}
 * @param key         the sort key among a table's data files (template, a number), or null
 * @param compression {@code gz}, {@code gzip}, {@code zst}, {@code zstd}, {@code snappy}, empty or null for none
 *                    (template)
 */
public record FileRule(String pattern, String path, String schema, String table, String type, String key,
        String compression) {

    /** Every accepted {@code type}, lower case. */
    public static final java.util.List<String> TYPES =
            java.util.List.of("schema-schema", "table-schema", "view-schema", "sql", "csv", "parquet", "ignore");

    /**
     * Checks the rule and normalises {@code type} to lower case.
     *
     * @param pattern     a regular expression over the whole relative path, or null when {@code path} is given
     * @param path        an exact relative path, or null when {@code pattern} is given
     * @param schema      target database (template); required unless the type is {@code ignore}
     * @param table       target table (template)
     * @param type        one of {@link #TYPES}, case-insensitive
     * @param key         the sort key among a table's data files (template), or null
     * @param compression the compression (template), empty or null for none
     * @throws IllegalArgumentException when not exactly one of pattern and path is given, the type is unknown,
     *                                  a needed schema or table is missing, or the path is absolute or has {@code ..}
     */
    public FileRule {
        if ((pattern == null || pattern.isEmpty()) == (path == null || path.isEmpty())) {
            throw new IllegalArgumentException("mydumper.files: give exactly one of pattern and path");
        }
        Objects.requireNonNull(type, "mydumper.files: type is required");
        type = type.trim().toLowerCase(java.util.Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("mydumper.files: unknown type '" + type + "'; use one of " + TYPES);
        }
        if (!type.equals("ignore") && (schema == null || schema.isEmpty())) {
            throw new IllegalArgumentException("mydumper.files: schema is required for type " + type);
        }
        if (!type.equals("ignore") && !type.equals("schema-schema") && (table == null || table.isEmpty())) {
            throw new IllegalArgumentException("mydumper.files: table is required for type " + type);
        }
        if (path != null && !path.isEmpty() && (path.startsWith("/") || path.contains("\\")
                || java.util.Arrays.asList(path.split("/")).contains(".."))) {
            throw new IllegalArgumentException("mydumper.files: path '" + path
                    + "' must be relative to the source root, '/'-separated and without '..'");
        }
    }

    /**
     * A rule by regular expression, without sort key or compression.
     *
     * @param regex  a regular expression over the whole relative path
     * @param schema target database (template)
     * @param table  target table (template)
     * @param type   one of {@link #TYPES}
     * @return the rule
     * @throws IllegalArgumentException when the rule is incomplete, as for the constructor
     */
    public static FileRule pattern(String regex, String schema, String table, String type) {
        return new FileRule(regex, null, schema, table, type, null, null);
    }

    /**
     * A rule for one file by its exact relative path, without sort key or compression.
     *
     * @param path   the path relative to the source root, {@code /}-separated
     * @param schema target database
     * @param table  target table
     * @param type   one of {@link #TYPES}
     * @return the rule
     * @throws IllegalArgumentException when the rule is incomplete, as for the constructor
     */
    public static FileRule path(String path, String schema, String table, String type) {
        return new FileRule(null, path, schema, table, type, null, null);
    }

    /**
     * The same rule with a sort key.
     *
     * @param newKey the sort key among a table's data files (template, a number), or null
     * @return a copy with {@code key} replaced
     */
    public FileRule withKey(String newKey) {
        return new FileRule(pattern, path, schema, table, type, newKey, compression);
    }

    /**
     * The same rule with a compression.
     *
     * @param newCompression {@code gz}, {@code zst}, {@code snappy}, ... (template), empty or null for none
     * @return a copy with {@code compression} replaced
     */
    public FileRule withCompression(String newCompression) {
        return new FileRule(pattern, path, schema, table, type, key, newCompression);
    }
}
