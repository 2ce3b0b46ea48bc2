package dev.lightning4j.physical.model;

/**
 * A row of a partitioned table matches none of its partitions (TiDB's "Table has no partition for value
 * ..."): a row error, counted against the error budget like a value that does not fit its column.
 */
public final class NoPartitionException extends RuntimeException {
    private final String table;

    public NoPartitionException(String table, String value) {
        this(table, "Table has no partition for value " + value, true);
    }

    private NoPartitionException(String table, String message, boolean named) {
        super(message + " (table " + table + ")");
        this.table = table;
    }

    /** The row's partition value cannot be computed (an overflow in the partition expression). */
    public static NoPartitionException error(String table, String message) {
        return new NoPartitionException(table, message, true);
    }

    /** The table's name. */
    public String table() {
        return table;
    }
}
