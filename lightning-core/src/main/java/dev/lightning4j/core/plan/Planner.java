package dev.lightning4j.core.plan;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.core.filter.TableFilter;
import dev.lightning4j.core.routing.FileRouter;
import dev.lightning4j.core.routing.FileType;
import dev.lightning4j.core.routing.RoutedFile;
import dev.lightning4j.core.routing.TableRouter;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.StorageFile;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a listing of the source into an {@link ImportPlan}: routes files, applies the filter (to source names),
 * maps tables through the {@code [[routes]]} (shards merge into one target table, whose schema comes from the
 * first schema file by path), orders data files.
 */
public final class Planner {
    private final FileRouter router;
    private final TableFilter filter;
    private final TableRouter tables;

    public Planner(FileRouter router, TableFilter filter) {
        this(router, filter, TableRouter.none());
    }

    /** The planner an import's options describe: file rules, table filter and routes. */
    public static Planner of(dev.lightning4j.ImportConfig config) {
        return new Planner(FileRouter.of(config), TableFilter.parse(config.filters()), new TableRouter(config.routes()));
    }

    public Planner(FileRouter router, TableFilter filter, TableRouter tables) {
        this.router = router;
        this.filter = filter;
        this.tables = tables;
    }

    public ImportPlan plan(List<StorageFile> files) {
        Map<String, RoutedFile> dbSchemas = new TreeMap<>();
        Map<TableName, RoutedFile> tableSchemas = new TreeMap<>();
        Map<TableName, TableName> schemaSources = new TreeMap<>();
        Map<TableName, List<RoutedFile>> data = new TreeMap<>();
        Map<String, List<RoutedFile>> views = new TreeMap<>();
        for (StorageFile f : files) {
            RoutedFile r = router.route(f);
            switch (r.type()) {
                case SCHEMA_SCHEMA -> {
                    if (filter.mayMatchSchema(r.schema())) {
                        dbSchemas.putIfAbsent(tables.routeSchema(r.schema()), r);
                    }
                }
                case TABLE_SCHEMA -> {
                    TableName source = new TableName(r.schema(), r.table());
                    if (filter.matches(source.schema(), source.table())) {
                        TableName t = tables.route(source);
                        RoutedFile previous = tableSchemas.putIfAbsent(t, r);
                        TableName previousSource = schemaSources.putIfAbsent(t, source);
                        if (previous != null && previousSource.equals(source)) {
                            throw new ImportException(ErrorCode.SOURCE_READ, "two schema files for table " + t + ": "
                                    + previous.path() + " and " + r.path() + "; remove one", r.path(), -1,
                                    t.toString(), null, null);
                        }
                    }
                }
                case VIEW_SCHEMA -> {
                    if (filter.matches(r.schema(), r.table())) {
                        views.computeIfAbsent(tables.route(new TableName(r.schema(), r.table())).schema(),
                                k -> new ArrayList<>()).add(r);
                    }
                }
                case DATA -> {
                    TableName source = new TableName(r.schema(), r.table());
                    if (filter.matches(source.schema(), source.table())) {
                        data.computeIfAbsent(tables.route(source), k -> new ArrayList<>()).add(r);
                    }
                }
                case IGNORE -> {
                }
            }
        }
        Map<String, List<TablePlan>> tablesByDb = new TreeMap<>();
        for (TableName t : union(tableSchemas.keySet(), data.keySet())) {
            // a copy: a table with a schema file and no data has no list of its own to sort
            List<RoutedFile> files0 = new ArrayList<>(data.getOrDefault(t, List.of()));
            files0.sort(Comparator.comparing((RoutedFile r) -> sortKey(r.sortKey())).thenComparing(RoutedFile::path));
            List<DataChunk> chunks = new ArrayList<>();
            for (RoutedFile r : files0) {
                chunks.add(new DataChunk(t, r.path(), r.format(), r.compression(), r.size(), 0, -1, chunks.size()));
            }
            tablesByDb.computeIfAbsent(t.schema(), k -> new ArrayList<>())
                    .add(new TablePlan(t, tableSchemas.get(t), chunks));
        }
        List<DatabasePlan> dbs = new ArrayList<>();
        for (String db : union(union(dbSchemas.keySet(), tablesByDb.keySet()), views.keySet())) {
            dbs.add(new DatabasePlan(db, dbSchemas.get(db), tablesByDb.getOrDefault(db, List.of()),
                    views.getOrDefault(db, List.of())));
        }
        return new ImportPlan(dbs);
    }

    private static BigInteger sortKey(String key) {
        return key.isEmpty() ? BigInteger.valueOf(-1) : new BigInteger(key);
    }

    private static <T extends Comparable<T>> java.util.SortedSet<T> union(java.util.Collection<T> a,
            java.util.Collection<T> b) {
        java.util.TreeSet<T> s = new java.util.TreeSet<>(a);
        s.addAll(b);
        return s;
    }

    /** Used by tests and pre-checks: the type a path would get. */
    public FileType typeOf(StorageFile f) {
        return router.route(f).type();
    }
}
