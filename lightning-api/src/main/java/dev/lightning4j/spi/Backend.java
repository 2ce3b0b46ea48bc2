package dev.lightning4j.spi;

import javax.sql.DataSource;

/** A way of writing rows into the target. One instance serves one import. Thread-safe. */
public interface Backend extends AutoCloseable {

    /**
     * SQL access to the target. The engine uses it to create schemas and read table metadata; it must
     * serve at least as many connections at once as the import's concurrency plus one.
     */
    DataSource dataSource();

    /** True when the backend requires target tables to be empty (a physical import). */
    default boolean requiresEmptyTables() {
        return false;
    }

    /** Starts importing into a table whose schema exists on the target. */
    TableImporter openTable(TargetTable table);

    @Override
    void close();
}
