package dev.lightning4j.core.exec;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which target columns a source row's values go to: the source's own column names (an INSERT
 * column list, a CSV header) when it has them, else every non-generated column in table order. Values of
 * ignored columns ({@code [[mydumper.ignore-data-columns]]}) are dropped: by name, or by their position in
 * table order when the source has no names. Used by one chunk worker; caches the mapping of the last column
 * list it saw.
 */
final class RowMapper {
    private final TargetTable table;
    private final String file;
    private final List<TargetColumn> defaultColumns;
    /** Lower-case names of ignored columns; empty for none. */
    private final Set<String> ignored;
    private List<String> lastSource;
    private List<TargetColumn> lastTarget;
    /** Which source values are kept under the last column list; null when all are. */
    private boolean[] lastKeep;
    private final List<String> defaultNames;

    RowMapper(TargetTable table, String file) {
        this(table, file, Set.of());
    }

    RowMapper(TargetTable table, String file, Set<String> ignoredColumns) {
        this.table = table;
        this.file = file;
        Set<String> lower = new HashSet<>();
        for (String c : ignoredColumns) {
            lower.add(c.toLowerCase(Locale.ROOT));
        }
        this.ignored = Set.copyOf(lower);
        List<TargetColumn> cols = new ArrayList<>();
        for (TargetColumn c : table.columns()) {
            if (!c.generated()) {
                cols.add(c);
            }
        }
        this.defaultColumns = List.copyOf(cols);
        List<String> names = new ArrayList<>();
        for (TargetColumn c : cols) {
            names.add(c.name());
        }
        this.defaultNames = List.copyOf(names);
    }

    /** The target columns of a row; fatal when the source names a column the table does not have. */
    List<TargetColumn> columnsOf(SourceRow row) {
        List<String> names = row.columns();
        if (names == null) {
            if (ignored.isEmpty()) {
                lastSource = null;
                lastKeep = null;
                return defaultColumns;
            }
            names = defaultNames;
        }
        if (names == lastSource) {
            return lastTarget;
        }
        List<TargetColumn> mapped = new ArrayList<>(names.size());
        boolean[] keep = null;
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (!ignored.isEmpty() && ignored.contains(n.toLowerCase(Locale.ROOT))) {
                if (keep == null) {
                    keep = new boolean[names.size()];
                    java.util.Arrays.fill(keep, true);
                }
                keep[i] = false;
                continue;
            }
            TargetColumn c = table.column(n);
            if (c == null) {
                throw new ImportException(ErrorCode.SOURCE_SYNTAX, "the source names column `" + n
                        + "`, which table " + table.name() + " does not have; add the column to the target table or"
                        + " fix the column list / header", file, row.startOffset(), table.name().toString(), n, null);
            }
            if (c.generated()) {
                throw new ImportException(ErrorCode.SOURCE_SYNTAX, "the source gives values for the generated column `"
                        + n + "`; remove it from the data", file, row.startOffset(), table.name().toString(), n,
                        null);
            }
            mapped.add(c);
        }
        lastSource = names;
        lastTarget = List.copyOf(mapped);
        lastKeep = keep;
        return lastTarget;
    }

    /**
     * The row's values for the columns {@link #columnsOf} gave for it (call that first): the source values less
     * the ignored ones. A row whose value count does not fit its column list keeps all its values, so the
     * caller's count check rejects it.
     */
    Object[] valuesOf(SourceRow row) {
        Object[] values = row.values();
        boolean[] keep = lastKeep;
        if (keep == null || values.length != keep.length) {
            return values;
        }
        Object[] out = new Object[lastTarget.size()];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (keep[i]) {
                out[k++] = values[i];
            }
        }
        return out;
    }
}
