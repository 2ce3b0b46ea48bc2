package dev.lightning4j.spi;

import java.util.List;

/**
 * A row ready for a backend.
 *
 * @param columns the target columns the values are for; rows with the same columns share one list
 *                instance, so backends may group by identity
 * @param values  values aligned with {@code columns}, in the forms described by {@link SourceRow}
 * @param offset  byte offset of the row in its source file, for error reports
 */
public record TargetRow(List<TargetColumn> columns, Object[] values, long offset) {
}
