package dev.lightning4j.core.exec;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which target columns a source row's values go to: the source's own column names (an INSERT
 * column list, a CSV header) when it has them, else every non-generated column in table order.
 * Used by one chunk worker; caches the mapping of the last column list it saw.
 */
final class RowMapper {
    private final TargetTable table;
    private final String file;
    private final List<TargetColumn> defaultColumns;
    private List<String> lastSource;
    private List<TargetColumn> lastTarget;

    RowMapper(TargetTable table, String file) {
        this.table = table;
        this.file = file;
        List<TargetColumn> cols = new ArrayList<>();
        for (TargetColumn c : table.columns()) {
            if (!c.generated() && !IgnoredColumns.isPlaceholder(c)) {
                cols.add(c);
            }
        }
        this.defaultColumns = List.copyOf(cols);
    }

    /** The target columns of a row; fatal when the source names a column the table does not have. */
    List<TargetColumn> columnsOf(SourceRow row) {
        List<String> names = row.columns();
        if (names == null) {
            return defaultColumns;
        }
        if (names == lastSource) {
            return lastTarget;
        }
        List<TargetColumn> mapped = new ArrayList<>(names.size());
        for (String n : names) {
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
        return lastTarget;
    }
}
