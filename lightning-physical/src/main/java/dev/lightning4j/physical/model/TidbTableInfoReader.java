package dev.lightning4j.physical.model;

import dev.lightning4j.physical.codec.Collation;
import dev.lightning4j.physical.codec.Collations;
import dev.lightning4j.physical.codec.JsonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads TiDB's own table metadata (the JSON of {@code model.TableInfo}, as TiDB's status port serves it at
 * {@code /schema/{db}/{table}}) into a {@link TableInfo}: the IDs of the table, columns and indexes that
 * the key-value encoding needs and SQL cannot tell.
 *
 * <p>Tables whose rows this encoder cannot yet produce exactly are refused with a reason: partitioning it
 * cannot evaluate (see {@link PartitionLocator}), global indexes, stored generated and hidden (expression index) columns, indexes over virtual generated columns, AUTO_RANDOM off
 * a clustered integer key, clustered index version 0, schema changes in progress, and collations without sort keys here
 * (see {@link Collations#forName}: gbk, gb18030, ...).
 */
public final class TidbTableInfoReader {
    private static final int STATE_PUBLIC = 5;
    private static final long FLAG_NOT_NULL = 1;
    private static final long FLAG_PRI_KEY = 2;
    private static final long FLAG_UNSIGNED = 32;
    private static final long FLAG_AUTO_INCREMENT = 512;
    /** TiDB's {@code model.TableInfoVersion5}: from it on, AUTO_ID_CACHE=1 separates the allocators. */
    private static final long TABLE_INFO_VERSION_5 = 5;

    private TidbTableInfoReader() {
    }

    /**
     * @throws IllegalArgumentException when the JSON is not a TiDB table info or the table is not supported
     */
    public static TableInfo read(String json) {
        return read(json, java.time.ZoneOffset.UTC);
    }

    /**
     * @param sessionZone the zone rows are converted in: TiDB keeps TIMESTAMP defaults in UTC (column info
     *                    version 1 and later), the converter reads defaults like values, in this zone
     * @throws IllegalArgumentException when the JSON is not a TiDB table info or the table is not supported
     */
    public static TableInfo read(String json, java.time.ZoneId sessionZone) {
        Map<String, Object> t = map(JsonText.parse(json), "table info");
        String name = ciName(t.get("name"));
        boolean pkIsHandle = Boolean.TRUE.equals(t.get("pk_is_handle"));
        boolean commonHandle = Boolean.TRUE.equals(t.get("is_common_handle"));
        if (commonHandle && num(t.get("common_handle_version")) != 1) {
            throw unsupported(name, "clustered indexes of TiDB 5.0.0-rc (common handle version 0) are not supported");
        }
        List<ColumnInfo> cols = new ArrayList<>();
        for (Object o : list(t.get("cols"))) {
            Map<String, Object> c = map(o, "column");
            String colName = ciName(c.get("name"));
            if (num(c.get("state")) != STATE_PUBLIC) {
                throw unsupported(name, "column " + colName + " is being changed by DDL; retry when it finishes");
            }
            if (Boolean.TRUE.equals(c.get("hidden"))) {
                throw unsupported(name, "expression indexes (hidden column " + colName + ") are not supported yet");
            }
            String generated = str(c.get("generated_expr_string"));
            boolean virtual = generated != null && !generated.isEmpty();
            if (virtual && Boolean.TRUE.equals(c.get("generated_stored"))) {
                throw unsupported(name, "stored generated column " + colName + " is not supported yet");
            }
            Map<String, Object> ft = map(c.get("type"), "column type");
            long flag = num(ft.get("Flag"));
            Object def = c.get("default");
            if (def == null || def == JsonText.NULL) {
                def = c.get("origin_default");
            }
            String defText = def == null || def == JsonText.NULL ? null : def.toString();
            FieldType type = fieldType(name, colName, ft);
            if (defText != null && type.type() == ColumnType.TIMESTAMP && num(c.get("version")) >= 1) {
                defText = utcToZone(defText, sessionZone);
            }
            cols.add(new ColumnInfo(num(c.get("id")), colName, (int) num(c.get("offset")), type, (flag & FLAG_NOT_NULL) != 0, (flag & FLAG_PRI_KEY) != 0,
                    defText, virtual, (flag & FLAG_AUTO_INCREMENT) != 0));
        }
        cols.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        List<IndexInfo> indexes = new ArrayList<>();
        for (Object o : list(t.get("index_info"))) {
            Map<String, Object> i = map(o, "index");
            String idxName = ciName(i.get("idx_name"));
            if (num(i.get("state")) != STATE_PUBLIC) {
                throw unsupported(name, "index " + idxName + " is being built by DDL; retry when it finishes");
            }
            if (Boolean.TRUE.equals(i.get("is_global"))) {
                throw unsupported(name, "global index " + idxName + " of a partitioned table is not supported (its "
                        + "entries live under the table ID, not the partition's); use the logical backend");
            }
            if (Boolean.TRUE.equals(i.get("mv_index"))) {
                throw unsupported(name, "multi-valued index " + idxName + " is not supported yet");
            }
            List<IndexColumn> ics = new ArrayList<>();
            for (Object co : list(i.get("idx_cols"))) {
                Map<String, Object> ic = map(co, "index column");
                long len = num(ic.get("length"));
                int off = (int) num(ic.get("offset"));
                if (off >= 0 && off < cols.size() && cols.get(off).virtualGenerated()) {
                    throw unsupported(name, "index " + idxName + " covers virtual generated column "
                            + cols.get(off).name() + ", whose values cannot be computed here yet");
                }
                ics.add(new IndexColumn(off, len <= 0 ? IndexColumn.FULL : (int) len));
            }
            indexes.add(new IndexInfo(num(i.get("id")), idxName, ics, Boolean.TRUE.equals(i.get("is_unique"))
                    || Boolean.TRUE.equals(i.get("is_primary")), Boolean.TRUE.equals(i.get("is_primary"))));
        }
        PartitionInfo partition = t.get("partition") instanceof Map<?, ?> ? partition(name, map(t.get("partition"), "partition")) : null;
        AutoIds autoIds = autoIds(name, t);
        if (autoIds.autoRandom()) {
            int off = autoRandomOffset(name, cols, indexes, pkIsHandle, commonHandle);
            cols.set(off, cols.get(off).withAutoRandom());
        }
        TableInfo table = new TableInfo(num(t.get("id")), name, cols, indexes, pkIsHandle, commonHandle,
                (int) num(t.get("ShardRowIDBits")), partition, autoIds);
        if (partition != null) {
            PartitionLocator.of(table, true); // refuses what cannot be placed exactly
        }
        return table;
    }

    /**
     * {@code auto_random_bits}, {@code auto_random_range_bits} and TiDB's {@code SepAutoInc()}:
     * {@code version >= 5 && auto_id_cache == 1}.
     */
    private static AutoIds autoIds(String table, Map<String, Object> t) {
        long bits = num(t.get("auto_random_bits"));
        long range = num(t.get("auto_random_range_bits"));
        boolean sep = num(t.get("version")) >= TABLE_INFO_VERSION_5 && num(t.get("auto_id_cache")) == 1;
        try {
            return new AutoIds((int) Math.min(bits, 16), (int) Math.min(range, 65), sep);
        } catch (IllegalArgumentException e) {
            throw unsupported(table, e.getMessage());
        }
    }

    /**
     * The AUTO_RANDOM column, as TiDB Lightning finds it: the integer primary key that is the handle, or the
     * first column of a clustered primary key; it must be an integer column.
     */
    private static int autoRandomOffset(String table, List<ColumnInfo> cols, List<IndexInfo> indexes,
            boolean pkIsHandle, boolean commonHandle) {
        int off = -1;
        if (pkIsHandle) {
            off = cols.stream().filter(ColumnInfo::primaryKey).mapToInt(ColumnInfo::offset).findFirst().orElse(-1);
        } else if (commonHandle) {
            off = indexes.stream().filter(IndexInfo::primary).findFirst()
                    .map(i -> i.columns().get(0).offset()).orElse(-1);
        }
        if (off < 0 || off >= cols.size()) {
            throw unsupported(table, "auto_random_bits is set but the table has no clustered primary key to hold"
                    + " the AUTO_RANDOM column");
        }
        if (cols.get(off).type().type().family() != ColumnType.Family.INTEGER) {
            throw unsupported(table, "AUTO_RANDOM column " + cols.get(off).name() + " is not an integer column");
        }
        return off;
    }

    /** TiDB's {@code model.PartitionInfo}: type 1 RANGE, 2 HASH, 3 LIST, 4 KEY. */
    private static PartitionInfo partition(String table, Map<String, Object> p) {
        if (Boolean.FALSE.equals(p.get("enable"))) {
            throw unsupported(table, "its partition info is disabled (enable: false); TiDB's placement of its rows is unknown");
        }
        if (!list(p.get("adding_definitions")).isEmpty() || !list(p.get("dropping_definitions")).isEmpty()
                || num(p.get("ddl_state")) != 0 && num(p.get("ddl_state")) != STATE_PUBLIC) {
            throw unsupported(table, "its partitions are being changed by DDL; retry when it finishes");
        }
        PartitionInfo.Type type = switch ((int) num(p.get("type"))) {
            case 1 -> PartitionInfo.Type.RANGE;
            case 2 -> PartitionInfo.Type.HASH;
            case 3 -> PartitionInfo.Type.LIST;
            case 4 -> PartitionInfo.Type.KEY;
            default -> throw unsupported(table, "partition type " + p.get("type") + " is not supported");
        };
        List<String> columns = new ArrayList<>();
        for (Object c : list(p.get("columns"))) {
            columns.add(ciName(c));
        }
        List<PartitionInfo.Definition> defs = new ArrayList<>();
        for (Object o : list(p.get("definitions"))) {
            Map<String, Object> d = map(o, "partition definition");
            List<String> lessThan = new ArrayList<>();
            for (Object v : list(d.get("less_than"))) {
                lessThan.add(String.valueOf(v));
            }
            List<List<String>> inValues = new ArrayList<>();
            for (Object tuple : list(d.get("in_values"))) {
                List<String> vals = new ArrayList<>();
                for (Object v : list(tuple)) {
                    vals.add(String.valueOf(v));
                }
                inValues.add(vals);
            }
            defs.add(new PartitionInfo.Definition(num(d.get("id")), ciName(d.get("name")), lessThan, inValues));
        }
        if (defs.isEmpty()) {
            throw unsupported(table, "its partition info lists no partitions");
        }
        long num = num(p.get("num"));
        if (num != 0 && num != defs.size()) {
            // HASH places rows by modulo num; a count that differs from the partitions listed means a change in flight.
            throw unsupported(table, "its partition info counts " + num + " partitions but lists " + defs.size()
                    + "; retry when the partition change finishes");
        }
        return new PartitionInfo(type, str(p.get("expr")), columns, defs);
    }

    private static FieldType fieldType(String table, String column, Map<String, Object> ft) {
        int tp = (int) num(ft.get("Tp"));
        long flag = num(ft.get("Flag"));
        boolean unsigned = (flag & FLAG_UNSIGNED) != 0;
        int flen = (int) Math.min(Integer.MAX_VALUE, num(ft.get("Flen")));
        int decimal = (int) num(ft.get("Decimal"));
        String charset = str(ft.get("Charset"));
        String collate = str(ft.get("Collate"));
        List<String> elems = new ArrayList<>();
        if (ft.get("Elems") instanceof List<?> l) {
            for (Object e : l) {
                elems.add(e.toString());
            }
        }
        ColumnType type = switch (tp) {
            case 1 -> ColumnType.TINYINT;
            case 2 -> ColumnType.SMALLINT;
            case 3 -> ColumnType.INT;
            case 4 -> ColumnType.FLOAT;
            case 5 -> ColumnType.DOUBLE;
            case 7 -> ColumnType.TIMESTAMP;
            case 8 -> ColumnType.BIGINT;
            case 9 -> ColumnType.MEDIUMINT;
            case 10, 14 -> ColumnType.DATE;
            case 11 -> ColumnType.TIME;
            case 12 -> ColumnType.DATETIME;
            case 13 -> ColumnType.YEAR;
            case 15, 253 -> ColumnType.VARCHAR;
            case 16 -> ColumnType.BIT;
            case 245 -> ColumnType.JSON;
            case 246 -> ColumnType.DECIMAL;
            case 247 -> ColumnType.ENUM;
            case 248 -> ColumnType.SET;
            case 249, 250, 251, 252 -> ColumnType.TEXT;
            case 254 -> ColumnType.CHAR;
            default -> throw unsupported(table, "column " + column + " has type code " + tp + ", not supported");
        };
        Collation collation = null;
        if (type.family() == ColumnType.Family.STRING || type.family() == ColumnType.Family.ENUM_SET) {
            String coll = collate == null || collate.isEmpty() ? "binary" : collate;
            Optional<Collation> c = Collations.forName(coll);
            if (c.isEmpty()) {
                throw unsupported(table, "column " + column + " uses collation " + coll
                        + ", which the physical backend cannot sort yet; use the logical backend");
            }
            collation = c.get();
        }
        return switch (type.family()) {
            case DECIMAL -> new FieldType(type, unsigned, flen <= 0 ? 10 : flen, Math.max(decimal, 0), null, null, null);
            case TIME, DURATION -> new FieldType(type, false, -1, Math.max(decimal, 0), null, null, null);
            case STRING -> {
                int len = flen > 0 ? flen : switch (tp) {
                    case 249 -> 255;
                    case 250 -> 16_777_215;
                    case 251 -> Integer.MAX_VALUE;
                    default -> 65_535;
                };
                yield new FieldType(type, false, len, 0, collation.isBinary() ? "binary" : charset, collation, null);
            }
            case ENUM_SET -> new FieldType(type, false, -1, 0, charset, collation, elems);
            case BIT -> FieldType.bit(flen <= 0 ? 1 : flen);
            default -> new FieldType(type, unsigned, flen, 0, null, null, null);
        };
    }

    private static final java.time.format.DateTimeFormatter TS = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    /** A literal TIMESTAMP default stored in UTC, as text in the session zone; other text unchanged. */
    private static String utcToZone(String text, java.time.ZoneId zone) {
        try {
            java.time.LocalDateTime utc = java.time.LocalDateTime.parse(text, TS);
            return utc.atOffset(java.time.ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDateTime().format(TS);
        } catch (java.time.format.DateTimeParseException e) {
            return text; // CURRENT_TIMESTAMP and zero dates
        }
    }

    private static IllegalArgumentException unsupported(String table, String why) {
        return new IllegalArgumentException("table " + table + ": " + why);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("TiDB table info: expected a JSON object for the " + what);
        }
        return (Map<String, Object>) o;
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String ciName(Object o) {
        return o instanceof Map<?, ?> m ? String.valueOf(m.get("O")) : String.valueOf(o);
    }

    private static String str(Object o) {
        return o == null || o == JsonText.NULL ? null : o.toString();
    }

    private static long num(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        return 0;
    }
}
