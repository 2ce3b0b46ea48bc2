package dev.lightning4j.physical.convert;

import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.spi.SourceRow;
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
        List<ColumnInfo> cols = table.columns();
        Datum[] out = new Datum[cols.size()];
        Object[] values = row.values();
        int[] mapping = mapping(row.columns(), values.length);
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
            } else if (!col.notNull()) {
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
                        + " has " + storedColumns + " columns");
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
            throw new ConversionException("", "row has " + count + " values for " + names.size() + " columns");
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
