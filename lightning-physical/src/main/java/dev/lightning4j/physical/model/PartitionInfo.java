package dev.lightning4j.physical.model;

import java.util.List;
import java.util.Objects;

/**
 * How a table is partitioned, as TiDB's table info describes it ({@code "partition"}): every partition is
 * a physical table of its own ID that holds the rows (and local index entries) of its partition.
 *
 * @param type        RANGE, HASH, LIST or KEY
 * @param expr        the partitioning expression as TiDB restored it ({@code `a`}, {@code YEAR(`d`)}); empty
 *                    for RANGE COLUMNS / LIST COLUMNS / KEY
 * @param columns     the column names of RANGE COLUMNS / LIST COLUMNS / KEY, else empty
 * @param definitions the partitions in order
 */
public record PartitionInfo(Type type, String expr, List<String> columns, List<Definition> definitions) {

    /** Partitioning methods (TiDB {@code model.PartitionType}). */
    public enum Type {
        RANGE, HASH, LIST, KEY
    }

    /**
     * One partition.
     *
     * @param id       its physical table ID
     * @param name     its name
     * @param lessThan RANGE: the bound per expression or column as SQL text ({@code 10}, {@code MAXVALUE},
     *                 {@code '2020-01-01'}), else empty
     * @param inValues LIST: the values, each a list with one SQL text per expression or column
     *                 ({@code NULL}, {@code DEFAULT} for the default partition), else empty
     */
    public record Definition(long id, String name, List<String> lessThan, List<List<String>> inValues) {
        public Definition {
            Objects.requireNonNull(name, "name");
            lessThan = lessThan == null ? List.of() : List.copyOf(lessThan);
            inValues = inValues == null ? List.of() : inValues.stream().map(List::copyOf).toList();
            if (id <= 0) {
                throw new IllegalArgumentException("partition " + name + " has no ID");
            }
        }
    }

    public PartitionInfo {
        Objects.requireNonNull(type, "type");
        expr = expr == null ? "" : expr;
        columns = columns == null ? List.of() : List.copyOf(columns);
        definitions = List.copyOf(definitions);
        if (definitions.isEmpty()) {
            throw new IllegalArgumentException("a partitioned table needs at least one partition");
        }
    }

    /** RANGE COLUMNS or LIST COLUMNS. */
    public boolean columnsForm() {
        return expr.isEmpty() && !columns.isEmpty();
    }

    /** The partitions' physical table IDs in order. */
    public List<Long> physicalIds() {
        return definitions.stream().map(Definition::id).toList();
    }
}
