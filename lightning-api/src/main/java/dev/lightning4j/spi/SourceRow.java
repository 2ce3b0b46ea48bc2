package dev.lightning4j.spi;

import java.util.List;

/**
 * One row as a parser read it.
 *
 * <p>Each value is one of: {@code null} (SQL NULL); a {@link String} (text); a {@code byte[]} (a binary
 * string: {@code _binary'..'}, a string read under {@code SET NAMES binary}, or a field whose bytes are
 * not valid UTF-8); a {@link SqlLiteral} (an unquoted number, hex, bit or boolean literal of a SQL dump).
 *
 * @param values      the values in source order
 * @param columns     the source's column names for these values (an INSERT column list, a CSV header),
 *                    or null when values are in the target table's column order; consecutive rows of one
 *                    statement or file share the same list instance
 * @param startOffset byte offset where the row starts in the (decompressed) file
 * @param endOffset   byte offset just after the row
 */
public record SourceRow(Object[] values, List<String> columns, long startOffset, long endOffset) {
}
