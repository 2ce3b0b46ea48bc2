package dev.lightning4j;

import java.util.Objects;

/**
 * A database-qualified table name as it appears in the source (case preserved).
 *
 * @param schema the database name, not null
 * @param table  the table name, not null
 */
public record TableName(String schema, String table) implements Comparable<TableName> {
    /**
     * Checks that neither name is null.
     *
     * @param schema the database name
     * @param table  the table name
     * @throws NullPointerException when either is null
     */
    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    /**
     * The name for SQL.
     *
     * @return {@code `db`.`tbl`} with backticks doubled inside names, safe to splice into SQL
     * @throws IllegalArgumentException when a name contains a NUL character
     */
    public String quoted() {
        return quote(schema) + "." + quote(table);
    }

    /**
     * {@code `name`} with backticks doubled: safe to splice into SQL whatever the name holds.
     *
     * @param identifier a database, table or column name, not null
     * @return the quoted identifier
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
