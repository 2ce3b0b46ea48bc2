package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.RowDecoder;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.testing.tikv.Checksum;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The pairs a physical import stored in the TiKV stand-in, read back independently of the backend: record keys
 * and row format v2 values decoded into rows as MySQL prints them, the same rows read from the logical reference
 * copy over SQL, key prefixes built here, and a bit-by-bit CRC-64 for the checksum.
 */
final class StoredPairs {
    private StoredPairs() {
    }

    // ---- reading the rows back -------------------------------------------------------------------------

    /** The reference rows as text, column by column in the forms {@link #decodedRows} produces. */
    static List<List<String>> sqlRows(String database, String table, TableInfo info) {
        return sqlRows(database, table, null, info);
    }

    /** The reference rows of one partition ({@code SELECT ... PARTITION (p)}), or of the table when null. */
    static List<List<String>> sqlRows(String database, String table, String partition, TableInfo info) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (ColumnInfo c : info.columns()) {
            String q = "`" + c.name() + "`";
            sql.append(c.offset() == 0 ? "" : ", ").append(switch (c.type().type().family()) {
                case STRING -> c.type().isBinaryString() ? "HEX(" + q + ")" : q;
                case BIT -> "CAST(" + q + " AS UNSIGNED)";
                case REAL -> q;
                default -> "CAST(" + q + " AS CHAR)";
            });
        }
        sql.append(" FROM `").append(database).append("`.`").append(table).append('`');
        if (partition != null) {
            sql.append(" PARTITION (`").append(partition).append("`)");
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : utcRows(sql.toString())) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                String v = r.get(i);
                ColumnInfo c = info.columns().get(i);
                if (v != null && c.type().type().family() == ColumnType.Family.REAL) {
                    v = Double.toString(Double.parseDouble(v));
                }
                out.add(v == null ? "NULL" : v);
            }
            rows.add(out);
        }
        return rows;
    }

    /** Rows of a query in a UTC session, as the import wrote TIMESTAMP values. */
    static List<List<String>> utcRows(String query) {
        return ItDb.rowsInSession("SET time_zone = '+00:00'", query);
    }

    /** The records stored under physical table {@code physicalId} (the table's or one partition's), decoded. */
    static List<List<String>> decodedRows(NavigableMap<byte[], byte[]> stored, TableInfo info, long physicalId) {
        byte[] prefix = recordPrefix(physicalId);
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : stored.subMap(prefix, true, next(prefix), false).entrySet()) {
            byte[] key = e.getKey();
            Map<Long, byte[]> values = RowDecoder.columns(e.getValue());
            Map<Integer, Datum> fromKey = new java.util.HashMap<>();
            if (info.pkIsHandle()) {
                fromKey.put(info.handleColumn().offset(), Datum.ofInt(readBE(key, prefix.length) ^ Long.MIN_VALUE));
            } else if (info.commonHandle()) {
                List<Datum> ds = RowDecoder.keyDatums(key, prefix.length);
                List<IndexColumn> pk = info.primaryIndex().orElseThrow().columns();
                for (int i = 0; i < pk.size(); i++) {
                    fromKey.put(pk.get(i).offset(), ds.get(i));
                }
            }
            List<String> row = new ArrayList<>();
            for (ColumnInfo c : info.columns()) {
                if (values.containsKey(c.id())) {
                    byte[] v = values.get(c.id());
                    row.add(v == null ? "NULL" : text(c, v));
                } else if (fromKey.containsKey(c.offset())) {
                    row.add(keyText(c, fromKey.get(c.offset())));
                } else {
                    row.add("NULL");
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** A clustered primary key column kept only in the record key (memcomparable), as MySQL prints it. */
    private static String keyText(ColumnInfo c, Datum d) {
        if (d.isNull()) {
            return "NULL";
        }
        ColumnType t = c.type().type();
        return switch (t.family()) {
            case INTEGER -> c.type().unsigned() ? Long.toUnsignedString(d.longValue()) : Long.toString(d.longValue());
            case REAL -> Double.toString(d.doubleValue());
            case DECIMAL -> d.decimal().setScale(c.type().scale()).toPlainString();
            case TIME -> t == ColumnType.YEAR ? Long.toString(d.longValue()) : time(d.longValue(), t, c.type().scale());
            case DURATION -> duration(d.longValue(), c.type().scale());
            case STRING -> c.type().isBinaryString() ? HexFormat.of().withUpperCase().formatHex(d.bytes())
                    : new String(d.bytes(), StandardCharsets.UTF_8);
            default -> Long.toUnsignedString(d.longValue());
        };
    }

    /** One column value of row format v2, as MySQL prints it. */
    private static String text(ColumnInfo c, byte[] v) {
        ColumnType t = c.type().type();
        return switch (t.family()) {
            case INTEGER -> c.type().unsigned() ? Long.toUnsignedString(RowDecoder.unsigned(v))
                    : Long.toString(RowDecoder.signed(v));
            case REAL -> Double.toString(RowDecoder.real(v, 0));
            case DECIMAL -> RowDecoder.decimal(v, 0, new int[1]).decimal().setScale(c.type().scale()).toPlainString();
            case TIME -> t == ColumnType.YEAR ? Long.toString(RowDecoder.signed(v)) : time(RowDecoder.unsigned(v), t,
                    c.type().scale());
            case DURATION -> duration(RowDecoder.signed(v), c.type().scale());
            case STRING -> c.type().isBinaryString() ? HexFormat.of().withUpperCase().formatHex(v)
                    : new String(v, StandardCharsets.UTF_8);
            case ENUM_SET -> {
                long n = RowDecoder.unsigned(v);
                List<String> elems = c.type().elements();
                if (t == ColumnType.ENUM) {
                    yield n == 0 ? "" : elems.get((int) n - 1);
                }
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < elems.size(); i++) {
                    if ((n & (1L << i)) != 0) {
                        parts.add(elems.get(i));
                    }
                }
                yield String.join(",", parts);
            }
            case BIT -> Long.toUnsignedString(RowDecoder.unsigned(v));
            case JSON -> new String(v, StandardCharsets.UTF_8);
        };
    }

    /** MySQL's packed time: ((year*13+month)<<5|day)<<17 | hour<<12|minute<<6|second, then <<24 | microseconds. */
    private static String time(long packed, ColumnType t, int fsp) {
        long micro = packed & 0xFFFFFF;
        long ymdhms = packed >>> 24;
        long ymd = ymdhms >>> 17;
        long hms = ymdhms & ((1 << 17) - 1);
        long day = ymd & 31;
        long ym = ymd >>> 5;
        String date = String.format(Locale.ROOT, "%04d-%02d-%02d", ym / 13, ym % 13, day);
        if (t == ColumnType.DATE) {
            return date;
        }
        return date + String.format(Locale.ROOT, " %02d:%02d:%02d", hms >>> 12, (hms >>> 6) & 63, hms & 63)
                + fraction(micro, fsp);
    }

    private static String duration(long nanos, int fsp) {
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        long micros = n / 1000;
        long secs = micros / 1_000_000;
        return sign + String.format(Locale.ROOT, "%02d:%02d:%02d", secs / 3600, (secs / 60) % 60, secs % 60)
                + fraction(micros % 1_000_000, fsp);
    }

    private static String fraction(long micro, int fsp) {
        return fsp == 0 ? "" : "." + String.format(Locale.ROOT, "%06d", micro).substring(0, fsp);
    }

    // ---- keys ------------------------------------------------------------------------------------------

    static byte[] tablePrefix(long id) {
        byte[] k = new byte[9];
        k[0] = 't';
        putBE(k, 1, id ^ Long.MIN_VALUE);
        return k;
    }

    static byte[] recordPrefix(long id) {
        byte[] k = Arrays.copyOf(tablePrefix(id), 11);
        k[9] = '_';
        k[10] = 'r';
        return k;
    }

    static byte[] indexPrefix(long id, long indexId) {
        byte[] k = Arrays.copyOf(tablePrefix(id), 19);
        k[9] = '_';
        k[10] = 'i';
        putBE(k, 11, indexId ^ Long.MIN_VALUE);
        return k;
    }

    private static void putBE(byte[] k, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            k[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long readBE(byte[] k, int off) {
        long v = 0;
        for (int i = off; i < off + 8; i++) {
            v = (v << 8) | (k[i] & 0xFF);
        }
        return v;
    }

    static byte[] next(byte[] prefix) {
        byte[] n = prefix.clone();
        n[n.length - 1]++;
        return n;
    }

    /** CRC-64/XZ, bit by bit: independent of both the backend's table-driven CRC and the stand-in's. */
    static long crc64(byte[] key, byte[] value) {
        long crc = ~0L;
        for (byte[] part : new byte[][] {key, value}) {
            for (byte b : part) {
                crc ^= b & 0xFF;
                for (int i = 0; i < 8; i++) {
                    crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
                }
            }
        }
        return ~crc;
    }

    // ---- assertions over the stored pairs --------------------------------------------------------------

    /**
     * Every index of {@code info} written as its own pairs (all but a clustered primary key) holds exactly
     * {@code rows} entries under physical table {@code physicalId}: one per row, no stale entry.
     */
    static void assertOneEntryPerRowInEveryIndex(NavigableMap<byte[], byte[]> stored, TableInfo info, long physicalId,
            int rows, String description) {
        for (IndexInfo idx : info.indexes()) {
            if (idx.primary() && (info.pkIsHandle() || info.commonHandle())) {
                continue;
            }
            byte[] prefix = indexPrefix(physicalId, idx.id());
            assertThat(stored.subMap(prefix, true, next(prefix), false)).as(description + " index " + idx.name())
                    .hasSize(rows);
        }
    }

    /** The checksum of the pairs stored in [{@code lo}, {@code hi}), computed here with {@link #crc64}. */
    static Checksum checksum(NavigableMap<byte[], byte[]> stored, byte[] lo, byte[] hi) {
        long crc = 0;
        long kvs = 0;
        long bytes = 0;
        for (Map.Entry<byte[], byte[]> e : stored.subMap(lo, true, hi, false).entrySet()) {
            crc ^= crc64(e.getKey(), e.getValue());
            kvs++;
            bytes += e.getKey().length + e.getValue().length;
        }
        return new Checksum(crc, kvs, bytes);
    }
}
