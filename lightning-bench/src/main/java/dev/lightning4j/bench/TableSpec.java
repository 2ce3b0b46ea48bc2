package dev.lightning4j.bench;

import java.util.List;

/**
 * One generated table.
 *
 * @param name        the table name
 * @param columns     column names in order (the CSV header)
 * @param createTable the {@code CREATE TABLE} statement, without a trailing semicolon
 */
record TableSpec(String name, List<String> columns, String createTable) {
    TableSpec {
        columns = List.copyOf(columns);
    }
}
