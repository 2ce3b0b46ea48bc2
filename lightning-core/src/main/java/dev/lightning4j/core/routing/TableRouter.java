package dev.lightning4j.core.routing;

import dev.lightning4j.TableName;
import dev.lightning4j.TableRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Applies {@code [[routes]]}: maps source tables to target tables, renaming them or merging shards. As
 * Lightning's table router, a route naming a table pattern takes precedence over one naming only a schema;
 * within each kind the first matching route wins. Patterns use {@code *} and {@code ?}, case-insensitively.
 */
public final class TableRouter {
    private final List<Compiled> tableRoutes = new ArrayList<>();
    private final List<Compiled> schemaRoutes = new ArrayList<>();

    public TableRouter(List<TableRoute> routes) {
        for (TableRoute r : routes) {
            Compiled c = new Compiled(r, wildcard(r.schemaPattern()),
                    r.tablePattern().isEmpty() ? null : wildcard(r.tablePattern()));
            (c.table == null ? schemaRoutes : tableRoutes).add(c);
        }
    }

    /** No routes: every name stays. */
    public static TableRouter none() {
        return new TableRouter(List.of());
    }

    public boolean isEmpty() {
        return tableRoutes.isEmpty() && schemaRoutes.isEmpty();
    }

    /** The target of a source table. */
    public TableName route(TableName source) {
        for (Compiled c : tableRoutes) {
            if (c.schema.matcher(source.schema()).matches() && c.table.matcher(source.table()).matches()) {
                return new TableName(c.route.targetSchema(),
                        c.route.targetTable().isEmpty() ? source.table() : c.route.targetTable());
            }
        }
        for (Compiled c : schemaRoutes) {
            if (c.schema.matcher(source.schema()).matches()) {
                return new TableName(c.route.targetSchema(),
                        c.route.targetTable().isEmpty() ? source.table() : c.route.targetTable());
            }
        }
        return source;
    }

    /**
     * The target of a source database (for its {@code -schema-create.sql}): a schema-only route, else the first
     * table route over that database, else the database itself.
     */
    public String routeSchema(String source) {
        for (Compiled c : schemaRoutes) {
            if (c.schema.matcher(source).matches()) {
                return c.route.targetSchema();
            }
        }
        for (Compiled c : tableRoutes) {
            if (c.schema.matcher(source).matches()) {
                return c.route.targetSchema();
            }
        }
        return source;
    }

    static Pattern wildcard(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private record Compiled(TableRoute route, Pattern schema, Pattern table) {
    }
}
