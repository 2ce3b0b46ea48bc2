package dev.lightning4j.sources.csv;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.sources.text.TextDecoder;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SourceRow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Rows of one CSV chunk: reads the header at the start of a file, then yields each row with its offsets. */
final class CsvRowReader implements RowReader {
    private final CsvScanner scanner;
    private final CsvDialect d;
    private final CsvErrors errors;
    private final CsvFields fields = new CsvFields();
    private boolean headerPending;
    private List<String> columns;

    CsvRowReader(CsvScanner scanner, CsvDialect d, CsvErrors errors, boolean atFileStart) {
        this(scanner, d, errors, atFileStart, null);
    }

    /**
     * @param headerColumns the header's names when the chunk starts after the header (read when the file was
     *                      split), or null
     */
    CsvRowReader(CsvScanner scanner, CsvDialect d, CsvErrors errors, boolean atFileStart,
            List<String> headerColumns) {
        this.scanner = scanner;
        this.d = d;
        this.errors = errors;
        this.headerPending = d.header && atFileStart;
        if (!atFileStart && d.header && d.headerSchemaMatch && headerColumns != null) {
            this.columns = headerColumns;
        }
    }

    @Override
    public SourceRow next() throws IOException {
        if (headerPending) {
            headerPending = false;
            if (!nextFields()) {
                return null;
            }
            if (d.headerSchemaMatch) {
                columns = headerNames();
            }
        }
        if (!nextFields()) {
            return null;
        }
        Object[] values;
        try {
            values = fields.values(d);
        } catch (TextDecoder.InvalidTextException e) {
            throw new ImportException(ErrorCode.SOURCE_SYNTAX, "field " + (fields.badField() + 1)
                    + " of the row holds " + e.describe(), errors.file(), scanner.rowStart(), errors.table(),
                    columns != null && fields.badField() < columns.size() ? columns.get(fields.badField()) : null,
                    null);
        }
        return new SourceRow(values, columns, scanner.rowStart(), scanner.rowEnd());
    }

    private boolean nextFields() throws IOException {
        if (!scanner.next(fields)) {
            return false;
        }
        if (d.trimLastSeparator && fields.count() > 1 && fields.emptyUnquoted(fields.count() - 1)) {
            fields.dropLastField();
        }
        return true;
    }

    /** The header's column names, read from the start of a file being split; null without a header. */
    List<String> readHeader() throws IOException {
        if (!headerPending) {
            return null;
        }
        headerPending = false;
        if (!nextFields()) {
            return null;
        }
        return d.headerSchemaMatch ? headerNames() : List.of();
    }

    /** Where the row read last ends: after {@link #readHeader()}, where the data starts. */
    long lastRowEnd() {
        return scanner.rowEnd();
    }

    /** Names as written, trimmed; MySQL compares column names case-insensitively, and so does this check. */
    private List<String> headerNames() {
        List<String> names = new ArrayList<>(fields.count());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < fields.count(); i++) {
            String name = fields.text(i, d).strip();
            if (name.isEmpty()) {
                throw errors.header("has an empty name for column " + (i + 1), scanner.rowStart());
            }
            Integer before = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
            if (before != null) {
                throw errors.header("names column '" + name + "' twice (columns " + (before + 1) + " and "
                        + (i + 1) + ")", scanner.rowStart());
            }
            names.add(name);
        }
        return Collections.unmodifiableList(names);
    }

    /** A row's end offset is the next row's start; the header's names, if used, come from the checkpoint. */
    @Override
    public boolean resumeWith(List<String> headerColumns) {
        if (d.header && d.headerSchemaMatch) {
            if (headerColumns == null) {
                return false;
            }
            columns = Collections.unmodifiableList(new ArrayList<>(headerColumns));
            return true;
        }
        return headerColumns == null;
    }

    @Override
    public void close() throws IOException {
        scanner.close();
    }
}
