package dev.lightning4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.FileRule;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Lightning's arrays of tables ({@code [[mydumper.files]]}, {@code [[routes]]},
 * {@code [[mydumper.ignore-data-columns]]}), turned into the builder's rule methods. Unknown keys inside an
 * entry fail by name, like unknown keys elsewhere.
 */
final class TableOptions {
    static final Set<String> KEYS = Set.of("mydumper.files", "routes", "mydumper.ignore-data-columns");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TableOptions() {
    }

    static void apply(ImportBuilder builder, String key, String json) {
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (IOException e) {
            throw new ImportException(ErrorCode.INVALID_OPTION, key + " cannot be read: " + e.getMessage());
        }
        if (!array.isArray()) {
            throw new ImportException(ErrorCode.INVALID_OPTION, key + " must be an array of tables ([[" + key + "]])");
        }
        int index = 0;
        for (JsonNode entry : array) {
            index++;
            String where = key + " entry " + index;
            if (!entry.isObject()) {
                throw new ImportException(ErrorCode.INVALID_OPTION, where + " must be a table");
            }
            switch (key) {
                case "mydumper.files" -> {
                    check(entry, where, "pattern", "path", "schema", "table", "type", "key", "compression");
                    try {
                        builder.fileRule(new FileRule(text(entry, "pattern"), text(entry, "path"),
                                text(entry, "schema"), text(entry, "table"), text(entry, "type"), text(entry, "key"),
                                text(entry, "compression")));
                    } catch (IllegalArgumentException | NullPointerException e) {
                        throw new ImportException(ErrorCode.INVALID_OPTION, where + ": " + e.getMessage());
                    }
                }
                case "routes" -> {
                    check(entry, where, "schema-pattern", "table-pattern", "target-schema", "target-table");
                    builder.route(text(entry, "schema-pattern"), text(entry, "table-pattern"),
                            text(entry, "target-schema"), text(entry, "target-table"));
                }
                default -> {
                    check(entry, where, "db", "table", "columns");
                    List<String> columns = new ArrayList<>();
                    entry.path("columns").forEach(c -> columns.add(c.asText()));
                    builder.ignoreColumns(text(entry, "db"), text(entry, "table"), columns.toArray(String[]::new));
                }
            }
        }
    }

    private static void check(JsonNode entry, String where, String... allowed) {
        Iterator<String> names = entry.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!List.of(allowed).contains(n)) {
                throw new ImportException(ErrorCode.INVALID_OPTION, where + " has the unknown key '" + n
                        + "'; known keys: " + String.join(", ", allowed));
            }
        }
    }

    private static String text(JsonNode entry, String name) {
        JsonNode v = entry.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
