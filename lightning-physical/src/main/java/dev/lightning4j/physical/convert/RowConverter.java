package dev.lightning4j.physical.convert;

import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.RowError;
import dev.lightning4j.spi.RowErrorSink;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a parsed {@link SourceRow} onto a table's columns and converts every value, filling columns the
 * source does not name with their defaults. Not thread-safe (caches the last column list's mapping).
 */
public final class RowConverter {
    private static final DateTimeFormatter NOW_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final TableInfo table;
    private final ValueConverter converter;
    private final Map<String, Integer> byName = new HashMap<>();
    private final int storedColumns;
    private List<String> cachedColumns;
    private int[] cachedMapping;
    private List<TargetColumn> cachedTargetColumns;
    private List<String> cachedTargetNames;

    public RowConverter(TableInfo table, ValueConverter converter) {
        this.table = table;
        this.converter = converter;
        int stored = 0;
        for (ColumnInfo c : table.columns()) {
            byName.put(c.name().toLowerCase(Locale.ROOT), c.offset());
            if (!c.virtualGenerated()) {
                stored++;
            }
        }
        this.storedColumns = stored;
    }

    /**
     * @return the datums by column offset (virtual generated columns NULL)
     * @throws ConversionException for a value that does not fit, an unknown column, a wrong value count, or
     *                             a missing NOT NULL column without default
     */
    public Datum[] convert(SourceRow row) throws ConversionException {
        return convert(row.values(), row.columns());
    }

    /** A row as the engine hands it to a backend's chunk writer. */
    public Datum[] convert(TargetRow row) throws ConversionException {
        if (row.columns() != cachedTargetColumns) {
            List<String> names = new ArrayList<>(row.columns().size());
            for (TargetColumn c : row.columns()) {
                names.add(c.name());
            }
            cachedTargetColumns = row.columns();
            cachedTargetNames = names;
        }
        return convert(row.values(), cachedTargetNames);
    }

    /**
     * Converts, or reports the row to {@code sink} (a type error naming the column, or a column-count
     * error) and returns null.
     * The sink may throw when the error budget is spent.
     */
    public Datum[] convertOrReject(TargetRow row, RowErrorSink sink) {
        try {
            return convert(row);
        } catch (ConversionException e) {
            String where = e.column().isEmpty() || e.getMessage().contains("'" + e.column() + "'") ? ""
                    : " (column " + e.column() + ")";
            sink.reject(e.kind(), row.offset(), e.getMessage() + where, rowText(row.values()));
            return null;
        }
    }

    /**
     * The row as the text error reports show (values in order, long ones cut).
     *
     * @param row the source row
     * @return text like {@code (1, abc, NULL)}
     */
    public static String rowText(TargetRow row) {
        return rowText(row.values());
    }

    private static String rowText(Object[] values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length && sb.length() < 200; i++) {
            Object v = values[i];
            sb.append(i == 0 ? "" : ", ").append(v instanceof byte[] b ? "0x" + java.util.HexFormat.of().formatHex(
                    Arrays.copyOf(b, Math.min(b.length, 32))) : String.valueOf(v));
        }
        return sb.length() >= 200 ? sb.substring(0, 200) + "...)" : sb.append(')').toString();
    }

    private Datum[] convert(Object[] values, List<String> names) throws ConversionException {
        List<ColumnInfo> cols = table.columns();
        Datum[] out = new Datum[cols.size()];
        int[] mapping = mapping(names, values.length);
        boolean[] given = new boolean[cols.size()];
        for (int i = 0; i < values.length; i++) {
            int off = mapping[i];
            if (off < 0) {
                continue;
            }
            ColumnInfo col = cols.get(off);
            out[off] = converter.convert(values[i], col);
            given[off] = true;
        }
        for (ColumnInfo col : cols) {
            if (given[col.offset()]) {
                continue;
            }
            if (col.virtualGenerated()) {
                out[col.offset()] = Datum.NULL;
            } else if (col.hasDefault()) {
                out[col.offset()] = converter.convert(defaultText(col), col);
            } else if (!col.notNull() || col.autoFilled()) {
                out[col.offset()] = Datum.NULL;
            } else {
                throw new ConversionException(col.name(), "Field '" + col.name() + "' doesn't have a default value");
            }
        }
        return out;
    }

    private String defaultText(ColumnInfo col) {
        String d = col.defaultValue();
        String u = d.toUpperCase(Locale.ROOT);
        if (u.startsWith("CURRENT_TIMESTAMP") || u.startsWith("NOW(") || u.equals("LOCALTIMESTAMP")) {
            return NOW_FORMAT.format(converter.options().now());
        }
        return d;
    }

    private int[] mapping(List<String> names, int count) throws ConversionException {
        if (names == null) {
            if (count != storedColumns) {
                throw new ConversionException("", "row has " + count + " values but table " + table.name()
                        + " has " + storedColumns + " columns", RowError.Kind.COLUMN_COUNT);
            }
            int[] m = new int[count];
            int k = 0;
            for (ColumnInfo c : table.columns()) {
                if (!c.virtualGenerated()) {
                    m[k++] = c.offset();
                }
            }
            return m;
        }
        // Consecutive rows of one statement or file share the list instance.
        if (names == cachedColumns) {
            return cachedMapping;
        }
        if (names.size() != count) {
            throw new ConversionException("", "row has " + count + " values for " + names.size() + " columns",
                    RowError.Kind.COLUMN_COUNT);
        }
        int[] m = new int[count];
        for (int i = 0; i < count; i++) {
            Integer off = byName.get(names.get(i).toLowerCase(Locale.ROOT));
            if (off == null) {
                throw new ConversionException(names.get(i), "Unknown column '" + names.get(i) + "' in table " + table.name());
            }
            m[i] = table.columns().get(off).virtualGenerated() ? -1 : off;
        }
        cachedColumns = names;
        cachedMapping = m;
        return m;
    }
}
