package dev.lightning4j;

import java.util.Objects;

/** A database-qualified table name as it appears in the source (case preserved). */
public record TableName(String schema, String table) implements Comparable<TableName> {
    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    /** {@code `db`.`tbl`} with backticks doubled inside names, safe to splice into SQL. */
    public String quoted() {
        return quote(schema) + "." + quote(table);
    }

    /**
     * {@code `name`} with backticks doubled: safe to splice into SQL whatever the name holds.
     *
     * @throws IllegalArgumentException for a name with a NUL character, which no server accepts
     */
    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier must not contain a NUL character");
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public int compareTo(TableName o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : table.compareTo(o.table);
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
