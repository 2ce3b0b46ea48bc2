package dev.lightning4j.core.exec;

import dev.lightning4j.IgnoreColumns;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.Backend;
import dev.lightning4j.spi.ChunkProgress;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.RowErrorSink;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetRow;
import dev.lightning4j.spi.TargetTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code [[mydumper.ignore-data-columns]]}: source columns whose values are not imported. Every matching rule
 * contributes its columns; patterns use {@code *} and {@code ?}, case-insensitively, over the target table.
 *
 * <p>The values are dropped on their way to the backend: the table the rows are mapped against is
 * {@link #widen widened} with a placeholder for each ignored column it lacks (so a header or column list may name
 * it), and the table's importer is {@link #open wrapped} to leave ignored columns out of every row. A row without
 * column names maps by position to the table's real columns, so an ignored column of the table loses its value.
 */
public final class IgnoredColumns {
    /** Marks the placeholder columns: never a real column type. */
    private static final String PLACEHOLDER_TYPE = "(ignored source column)";

    private final List<Rule> rules;

    public IgnoredColumns(List<IgnoreColumns> rules) {
        this.rules = rules.stream().map(r -> new Rule(glob(r.schemaPattern()), glob(r.tablePattern()), r.columns()))
                .toList();
    }

    /** The ignored columns of a target table, lower-cased; empty for none. */
    public Set<String> of(TableName table) {
        Set<String> out = new LinkedHashSet<>();
        for (Rule r : rules) {
            if (r.schema.matcher(table.schema()).matches() && r.table.matcher(table.table()).matches()) {
                r.columns.forEach(c -> out.add(c.toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    /** The table plus a placeholder for each of its ignored columns that it does not have. */
    public TargetTable widen(TargetTable table) {
        Set<String> ignored = of(table.name());
        List<TargetColumn> columns = new ArrayList<>(table.columns());
        for (String name : ignored) {
            if (table.column(name) == null) {
                columns.add(new TargetColumn(name, columns.size() + 1, PLACEHOLDER_TYPE, PLACEHOLDER_TYPE, true, null,
                        false));
            }
        }
        return columns.size() == table.columns().size() ? table : new TargetTable(table.name(), columns);
    }

    /** Whether a column is a placeholder made by {@link #widen}: never mapped by position, never written. */
    public static boolean isPlaceholder(TargetColumn c) {
        return PLACEHOLDER_TYPE.equals(c.columnType());
    }

    /** Opens the backend's importer for the real table (without placeholders), leaving ignored columns out. */
    public TableImporter open(Backend backend, TargetTable widened) {
        List<TargetColumn> real = widened.columns().stream().filter(c -> !isPlaceholder(c)).toList();
        TargetTable table = real.size() == widened.columns().size() ? widened : new TargetTable(widened.name(), real);
        TableImporter importer = backend.openTable(table);
        Set<String> ignored = of(table.name());
        return ignored.isEmpty() ? importer : new Importer(importer, ignored);
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private record Rule(Pattern schema, Pattern table, List<String> columns) {
    }

    private record Importer(TableImporter delegate, Set<String> ignored) implements TableImporter {
        @Override
        public ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors) {
            return new Writer(delegate.openChunk(chunk, errors), ignored);
        }

        @Override
        public ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors, ChunkProgress progress) {
            return new Writer(delegate.openChunk(chunk, errors, progress), ignored);
        }

        @Override
        public void prepare(List<DataChunk> chunks) {
            delegate.prepare(chunks);
        }

        @Override
        public void finish() {
            delegate.finish();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Drops ignored columns; rows sharing a column list keep sharing one (narrowed) list. */
    static final class Writer implements ChunkWriter {
        private final ChunkWriter delegate;
        private final Set<String> ignored;
        private List<TargetColumn> lastIn;
        private List<TargetColumn> lastOut;
        private boolean[] keep;

        Writer(ChunkWriter delegate, Set<String> ignored) {
            this.delegate = delegate;
            this.ignored = ignored;
        }

        @Override
        public void write(TargetRow row) {
            List<TargetColumn> columns = row.columns();
            if (columns != lastIn) {
                lastIn = columns;
                keep = new boolean[columns.size()];
                List<TargetColumn> out = new ArrayList<>(columns.size());
                for (int i = 0; i < columns.size(); i++) {
                    TargetColumn c = columns.get(i);
                    keep[i] = !isPlaceholder(c) && !ignored.contains(c.name().toLowerCase(Locale.ROOT));
                    if (keep[i]) {
                        out.add(c);
                    }
                }
                lastOut = out.size() == columns.size() ? null : List.copyOf(out);
            }
            if (lastOut == null) {
                delegate.write(row);
                return;
            }
            Object[] values = row.values();
            Object[] kept = new Object[lastOut.size()];
            int k = 0;
            for (int i = 0; i < values.length; i++) {
                if (keep[i]) {
                    kept[k++] = values[i];
                }
            }
            delegate.write(new TargetRow(lastOut, kept, row.offset()));
        }

        @Override
        public void flush() {
            delegate.flush();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
