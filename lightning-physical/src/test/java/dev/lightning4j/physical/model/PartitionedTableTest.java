package dev.lightning4j.physical.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.physical.codec.Collations;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.MysqlTime;
import dev.lightning4j.physical.codec.RowDecoder;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.kv.KvPair;
import dev.lightning4j.physical.kv.TableKvEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Partitioned tables from TiDB's table-info JSON (written by hand after TiDB's {@code model.PartitionInfo}
 * field names): every row, its record and its index entries land under its partition's physical ID.
 */
class PartitionedTableTest {

    private static String col(int id, String name, int offset, int tp, int flag, String collate, int decimal) {
        String charset = collate.equals("binary") ? "binary" : "utf8mb4";
        return "{\"id\":" + id + ",\"name\":{\"O\":\"" + name + "\",\"L\":\"" + name + "\"},\"offset\":" + offset
                + ",\"origin_default\":null,\"default\":null,\"generated_expr_string\":\"\",\"generated_stored\":false,"
                + "\"type\":{\"Tp\":" + tp + ",\"Flag\":" + flag + ",\"Flen\":20,\"Decimal\":" + decimal + ",\"Charset\":\""
                + charset + "\",\"Collate\":\"" + collate + "\",\"Elems\":null},\"state\":5,\"hidden\":false,\"version\":2}";
    }

    /** Columns: a BIGINT (offset 0), s VARCHAR general_ci (1), d DATE (2), u BIGINT UNSIGNED (3), ts TIMESTAMP (4); index on s. */
    private static String table(String partition) {
        return "{\"id\":100,\"name\":{\"O\":\"pt\",\"L\":\"pt\"},\"cols\":["
                + col(1, "a", 0, 8, 0, "binary", 0) + "," + col(2, "s", 1, 15, 0, "utf8mb4_general_ci", 0) + ","
                + col(3, "d", 2, 10, 0, "binary", 0) + "," + col(4, "u", 3, 8, 32, "binary", 0) + ","
                + col(5, "ts", 4, 7, 0, "binary", 0)
                + "],\"index_info\":[{\"id\":1,\"idx_name\":{\"O\":\"i_s\",\"L\":\"i_s\"},\"idx_cols\":[{\"name\":{\"O\":\"s\","
                + "\"L\":\"s\"},\"offset\":1,\"length\":-1}],\"state\":5,\"is_unique\":false,\"is_primary\":false,"
                + "\"is_global\":false}],\"state\":5,\"pk_is_handle\":false,\"is_common_handle\":false,"
                + "\"partition\":" + partition + "}";
    }

    private static String partition(int type, String expr, String columns, String... defs) {
        return "{\"type\":" + type + ",\"expr\":\"" + expr.replace("\"", "\\\"") + "\",\"columns\":" + columns
                + ",\"enable\":true,\"definitions\":[" + String.join(",", defs) + "],\"num\":" + defs.length + "}";
    }

    private static String def(int id, String name, String lessThan, String inValues) {
        return "{\"id\":" + id + ",\"name\":{\"O\":\"" + name + "\",\"L\":\"" + name + "\"},\"less_than\":" + lessThan
                + ",\"in_values\":" + inValues + "}";
    }

    private static Datum[] row(Long a, String s, String d, Long u) {
        return new Datum[] {
            a == null ? Datum.NULL : Datum.ofInt(a),
            s == null ? Datum.NULL : Datum.ofString(s, Collations.UTF8MB4_GENERAL_CI),
            d == null ? Datum.NULL : Datum.ofTime(date(d)),
            u == null ? Datum.NULL : Datum.ofUint(u),
            Datum.NULL};
    }

    private static long date(String d) {
        String[] p = d.split("[- :]");
        return MysqlTime.pack(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                p.length > 3 ? Integer.parseInt(p[3]) : 0, p.length > 4 ? Integer.parseInt(p[4]) : 0,
                p.length > 5 ? Integer.parseInt(p[5]) : 0, 0);
    }

    /** The table ID a key is written under (bytes 1..8, sign bit flipped). */
    private static long keyTableId(byte[] key) {
        long v = 0;
        for (int i = 1; i <= 8; i++) {
            v = (v << 8) | (key[i] & 0xFF);
        }
        return v ^ Long.MIN_VALUE;
    }

    /** Encodes the row and returns the physical ID, checking record and index keys agree and decode back. */
    private static long placed(TableInfo t, Datum[] row) {
        List<KvPair> pairs = new TableKvEncoder(t, true).encode(row, 7);
        assertThat(pairs).hasSize(2);
        long id = keyTableId(pairs.get(0).key());
        assertThat(keyTableId(pairs.get(1).key())).isEqualTo(id);
        assertThat(pairs.get(0).key()).isEqualTo(TableCodec.recordKey(id, 7));
        Map<Long, byte[]> cols = RowDecoder.columns(pairs.get(0).value());
        if (!row[0].isNull()) {
            assertThat(RowDecoder.signed(cols.get(1L))).isEqualTo(row[0].longValue());
        }
        byte[] prefix = TableCodec.indexPrefix(id, 1);
        assertThat(pairs.get(1).key()).startsWith(prefix);
        List<Datum> idx = RowDecoder.keyDatums(pairs.get(1).key(), prefix.length);
        assertThat(idx.get(1).longValue()).isEqualTo(7); // the handle after the indexed value
        return id;
    }

    @Test
    void rangeOnColumnAndPhysicalIds() {
        TableInfo t = TidbTableInfoReader.read(table(partition(1, "`a`", "null",
                def(101, "p0", "[\"10\"]", "null"), def(102, "p1", "[\"20\"]", "null"),
                def(103, "pmax", "[\"MAXVALUE\"]", "null"))));
        assertThat(t.isPartitioned()).isTrue();
        assertThat(t.physicalIds()).containsExactly(101L, 102L, 103L);
        assertThat(t.partition().type()).isEqualTo(PartitionInfo.Type.RANGE);
        assertThat(placed(t, row(-5L, "x", null, null))).isEqualTo(101);
        assertThat(placed(t, row(9L, "x", null, null))).isEqualTo(101);
        assertThat(placed(t, row(10L, "x", null, null))).isEqualTo(102);
        assertThat(placed(t, row(19L, "x", null, null))).isEqualTo(102);
        assertThat(placed(t, row(20L, "x", null, null))).isEqualTo(103);
        assertThat(placed(t, row(Long.MAX_VALUE, "x", null, null))).isEqualTo(103);
        assertThat(placed(t, row(null, "x", null, null))).isEqualTo(101); // NULL: the first partition
    }

    @Test
    void rangeOnAnUnsignedColumnTakesBoundsAbove2To63() {
        TableInfo t = TidbTableInfoReader.read(table(partition(1, "`u`", "null",
                def(101, "lo", "[\"9223372036854775808\"]", "null"),
                def(102, "hi", "[\"18446744073709551615\"]", "null"))));
        assertThat(placed(t, row(1L, "x", null, 0L))).isEqualTo(101);
        assertThat(placed(t, row(1L, "x", null, Long.MAX_VALUE))).isEqualTo(101);
        assertThat(placed(t, row(1L, "x", null, Long.MIN_VALUE))).isEqualTo(102); // 2^63
        assertThat(placed(t, row(1L, "x", null, -2L))).isEqualTo(102); // 2^64 - 2
        assertThatThrownBy(() -> placed(t, row(1L, "x", null, -1L))).isInstanceOf(NoPartitionException.class)
                .hasMessageContaining("18446744073709551615");
        TableInfo list = TidbTableInfoReader.read(table(partition(3, "`u`", "null",
                def(101, "a", "null", "[[\"18446744073709551615\"]]"), def(102, "b", "null", "[[\"1\"]]"))));
        assertThat(placed(list, row(1L, "x", null, -1L))).isEqualTo(101);
        assertThat(placed(list, row(1L, "x", null, 1L))).isEqualTo(102);
        assertThatThrownBy(() -> TidbTableInfoReader.read(table(partition(1, "`u`", "null",
                def(101, "p0", "[\"18446744073709551616\"]", "null")))))
                .hasMessageContaining("table pt").hasMessageContaining("18446744073709551616");
    }

    @Test
    void rangeWithoutMaxValueRejectsTheRowAndWritesNothing() {
        TableInfo t = TidbTableInfoReader.read(table(partition(1, "`a`", "null",
                def(101, "p0", "[\"10\"]", "null"))));
        List<KvPair> out = new ArrayList<>();
        assertThatThrownBy(() -> new TableKvEncoder(t, true).encode(row(10L, "x", null, null), 1,
                (k, v) -> out.add(new KvPair(k, v))))
                .isInstanceOf(NoPartitionException.class)
                .hasMessage("Table has no partition for value 10 (table pt)");
        assertThat(out).isEmpty();
    }

    @Test
    void rangeOnDateFunctionsWithLiteralBounds() {
        TableInfo t = TidbTableInfoReader.read(table(partition(1, "TO_DAYS(`d`)", "null",
                def(101, "p2019", "[\"TO_DAYS('2020-01-01')\"]", "null"),
                def(102, "p2020", "[\"TO_DAYS('2021-01-01')\"]", "null"),
                def(103, "pmax", "[\"MAXVALUE\"]", "null"))));
        assertThat(placed(t, row(1L, "x", "2019-12-31", null))).isEqualTo(101);
        assertThat(placed(t, row(1L, "x", "2020-01-01", null))).isEqualTo(102);
        assertThat(placed(t, row(1L, "x", "2020-12-31", null))).isEqualTo(102);
        assertThat(placed(t, row(1L, "x", "2021-01-01", null))).isEqualTo(103);
        // TO_DAYS of a zero date is NULL: the first partition.
        assertThat(placed(t, row(1L, "x", "0000-00-00", null))).isEqualTo(101);

        TableInfo y = TidbTableInfoReader.read(table(partition(1, "YEAR(`d`) DIV 10", "null",
                def(101, "p199x", "[\"200\"]", "null"), def(102, "p200x", "[\"201\"]", "null"))));
        assertThat(placed(y, row(1L, "x", "1999-06-01", null))).isEqualTo(101);
        assertThat(placed(y, row(1L, "x", "2009-06-01", null))).isEqualTo(102);
        assertThatThrownBy(() -> placed(y, row(1L, "x", "2010-01-01", null)))
                .hasMessageContaining("no partition for value 201").hasMessageContaining("pt");
    }

    /** Values from MySQL's manual for TO_DAYS, TO_SECONDS, DAYOFWEEK, WEEKDAY, DAYOFYEAR. */
    @Test
    void dateFunctionsMatchMysql() {
        assertThat(PartitionLocator.dayNumber(2007, 10, 7)).isEqualTo(733_321);
        assertThat(PartitionLocator.dayNumber(1995, 5, 1)).isEqualTo(728_779);
        assertThat(PartitionLocator.dayNumber(2009, 11, 29) * 86_400).isEqualTo(63_426_672_000L);
        assertThat(eval("TO_SECONDS(`d`)", "2009-11-29 13:43:32")).isEqualTo(63_426_721_412L);
        assertThat(eval("DAYOFWEEK(`d`)", "2007-02-03")).isEqualTo(7);
        assertThat(eval("WEEKDAY(`d`)", "2008-02-03 22:23:00")).isEqualTo(6);
        assertThat(eval("DAYOFYEAR(`d`)", "2007-02-03")).isEqualTo(34);
        assertThat(eval("QUARTER(`d`)", "2008-04-01")).isEqualTo(2);
        assertThat(eval("MONTH(`d`) * 100 + DAY(`d`) - 1", "2008-04-09")).isEqualTo(408);
    }

    /** The value of a partition expression over a row whose DATE column d holds {@code datetime}. */
    private static long eval(String expr, String datetime) {
        TableInfo t = new TableInfo(100, "pt", TidbTableInfoReader.read(table("null")).columns(), List.of(), false,
                false, 0, new PartitionInfo(PartitionInfo.Type.HASH, expr, null,
                List.of(new PartitionInfo.Definition(101, "p", null, null))));
        Datum[] r = new Datum[] {Datum.NULL, Datum.NULL, Datum.ofTime(date(datetime)), Datum.NULL, Datum.NULL};
        return PartitionLocator.of(t, true).value(r);
    }

    @Test
    void hashTakesTheAbsoluteRemainder() {
        TableInfo t = TidbTableInfoReader.read(table(partition(2, "`a`", "null",
                def(101, "p0", "null", "null"), def(102, "p1", "null", "null"), def(103, "p2", "null", "null"),
                def(104, "p3", "null", "null"))));
        assertThat(placed(t, row(5L, "x", null, null))).isEqualTo(102);
        assertThat(placed(t, row(-7L, "x", null, null))).isEqualTo(104); // -7 % 4 = -3 -> 3
        assertThat(placed(t, row(8L, "x", null, null))).isEqualTo(101);
        assertThat(placed(t, row(null, "x", null, null))).isEqualTo(101);
        assertThat(placed(t, row(Long.MIN_VALUE, "x", null, null))).isEqualTo(101);

        // An unsigned value above 2^63 goes by its signed bits, as TiDB's GetInt64 does: -1 % 4 -> 1.
        TableInfo u = TidbTableInfoReader.read(table(partition(2, "`u`", "null",
                def(101, "p0", "null", "null"), def(102, "p1", "null", "null"), def(103, "p2", "null", "null"))));
        assertThat(placed(u, row(1L, "x", null, -1L))).isEqualTo(102);
        assertThat(placed(u, row(1L, "x", null, 4L))).isEqualTo(102);

        TableInfo e = TidbTableInfoReader.read(table(partition(2, "MOD(`a`, 10) + YEAR(`d`)", "null",
                def(101, "p0", "null", "null"), def(102, "p1", "null", "null"))));
        assertThat(placed(e, row(13L, "x", "2001-01-01", null))).isEqualTo(101); // (3 + 2001) % 2 = 0
        assertThat(placed(e, row(-14L, "x", "2001-01-01", null))).isEqualTo(102); // (-4 + 2001) % 2 = 1
    }

    @Test
    void listWithNullAndDefault() {
        TableInfo t = TidbTableInfoReader.read(table(partition(3, "`a`", "null",
                def(101, "odd", "null", "[[\"1\"],[\"3\"],[\"-5\"]]"),
                def(102, "even", "null", "[[\"2\"],[\"4\"],[\"NULL\"]]"))));
        assertThat(placed(t, row(3L, "x", null, null))).isEqualTo(101);
        assertThat(placed(t, row(-5L, "x", null, null))).isEqualTo(101);
        assertThat(placed(t, row(4L, "x", null, null))).isEqualTo(102);
        assertThat(placed(t, row(null, "x", null, null))).isEqualTo(102);
        assertThatThrownBy(() -> placed(t, row(6L, "x", null, null)))
                .isInstanceOf(NoPartitionException.class).hasMessageContaining("value 6").hasMessageContaining("pt");

        TableInfo d = TidbTableInfoReader.read(table(partition(3, "`a`", "null",
                def(101, "one", "null", "[[\"1\"]]"), def(102, "rest", "null", "[[\"DEFAULT\"]]"))));
        assertThat(placed(d, row(1L, "x", null, null))).isEqualTo(101);
        assertThat(placed(d, row(6L, "x", null, null))).isEqualTo(102);
        assertThat(placed(d, row(null, "x", null, null))).isEqualTo(102);
    }

    /**
     * KEY: CRC-32 (IEEE) of the decimal text of integers and of the collation key of strings, NULL as one
     * zero byte, modulo the partition count. Expected partitions computed with zlib's crc32 by hand.
     */
    @Test
    void keyHashesTheColumnsHashInput() {
        String[] four = {def(101, "p0", "null", "null"), def(102, "p1", "null", "null"),
            def(103, "p2", "null", "null"), def(104, "p3", "null", "null")};
        TableInfo t = TidbTableInfoReader.read(table(partition(4, "", "[{\"O\":\"a\",\"L\":\"a\"}]", four)));
        assertThat(placed(t, row(5L, "x", null, null))).isEqualTo(103); // crc32("5") % 4 = 2
        assertThat(placed(t, row(-7L, "x", null, null))).isEqualTo(104); // crc32("-7") % 4 = 3
        assertThat(placed(t, row(0L, "x", null, null))).isEqualTo(102); // crc32("0") % 4 = 1

        TableInfo u = TidbTableInfoReader.read(table(partition(4, "", "[{\"O\":\"u\",\"L\":\"u\"}]",
                def(101, "p0", "null", "null"), def(102, "p1", "null", "null"), def(103, "p2", "null", "null"))));
        assertThat(placed(u, row(1L, "x", null, -1L))).isEqualTo(101); // crc32("18446744073709551615") % 3 = 0

        TableInfo two = TidbTableInfoReader.read(table(partition(4, "",
                "[{\"O\":\"a\",\"L\":\"a\"},{\"O\":\"s\",\"L\":\"s\"}]", four)));
        assertThat(placed(two, row(null, "abc", null, null))).isEqualTo(104); // 00 + general_ci key of abc
        assertThat(placed(two, row(1L, "abc", null, null))).isEqualTo(102);
        assertThat(placed(two, row(2L, "abc", null, null))).isEqualTo(101);
        assertThat(placed(two, row(3L, "aBc  ", null, null))).isEqualTo(101); // collation key: case and padding fold
        assertThatThrownBy(() -> new TableKvEncoder(two, false)).hasMessageContaining("without new collations");
    }

    @Test
    void rangeColumnsComparesStringsByCollationThenDates() {
        TableInfo t = TidbTableInfoReader.read(table(partition(1, "", "[{\"O\":\"s\",\"L\":\"s\"},{\"O\":\"d\",\"L\":\"d\"}]",
                def(101, "p0", "[\"_utf8mb4'g'\",\"_utf8mb4'2020-01-01'\"]", "null"),
                def(102, "p1", "[\"'g'\",\"MAXVALUE\"]", "null"),
                def(103, "p2", "[\"MAXVALUE\",\"MAXVALUE\"]", "null"))));
        assertThat(placed(t, row(1L, "apple", "2030-01-01", null))).isEqualTo(101);
        assertThat(placed(t, row(1L, "G", "2019-12-31", null))).isEqualTo(101); // 'G' = 'g' under general_ci
        assertThat(placed(t, row(1L, "g", "2020-01-01", null))).isEqualTo(102);
        assertThat(placed(t, row(1L, "h", "2000-01-01", null))).isEqualTo(103);
        assertThat(placed(t, row(1L, null, "2099-01-01", null))).isEqualTo(101); // NULL below every value
        // Without new collations the comparison rules of string bounds are not kept: refused.
        assertThatThrownBy(() -> new TableKvEncoder(t, false)).hasMessageContaining("table pt")
                .hasMessageContaining("string column s").hasMessageContaining("new collations");
    }

    @Test
    void listColumnsMatchesTuples() {
        TableInfo t = TidbTableInfoReader.read(table(partition(3, "", "[{\"O\":\"a\",\"L\":\"a\"},{\"O\":\"s\",\"L\":\"s\"}]",
                def(101, "p0", "null", "[[\"1\",\"'x'\"],[\"2\",\"NULL\"]]"),
                def(102, "p1", "null", "[[\"1\",\"'y'\"]]"))));
        assertThat(placed(t, row(1L, "X", null, null))).isEqualTo(101);
        assertThat(placed(t, row(2L, null, null, null))).isEqualTo(101);
        assertThat(placed(t, row(1L, "y ", null, null))).isEqualTo(102); // PAD SPACE
        assertThatThrownBy(() -> placed(t, row(2L, "x", null, null)))
                .isInstanceOf(NoPartitionException.class).hasMessageContaining("(2, 'x')");
    }

    @Test
    void refusesWhatCannotBePlacedExactly() {
        String[] two = {def(101, "p0", "null", "null"), def(102, "p1", "null", "null")};
        assertThatThrownBy(() -> TidbTableInfoReader.read(table(partition(4, "", "[{\"O\":\"d\",\"L\":\"d\"}]", two))))
                .hasMessageContaining("table pt").hasMessageContaining("KEY partitioning on column d");
        assertThatThrownBy(() -> TidbTableInfoReader.read(table(partition(2, "CRC32(`s`)", "null", two))))
                .hasMessageContaining("table pt").hasMessageContaining("CRC32(`s`)");
        assertThatThrownBy(() -> TidbTableInfoReader.read(table(partition(2, "`u` + 1", "null", two))))
                .hasMessageContaining("unsigned");
        assertThatThrownBy(() -> TidbTableInfoReader.read(table(partition(2, "UNIX_TIMESTAMP(`d`)", "null", two))))
                .hasMessageContaining("UNIX_TIMESTAMP");
        assertThatThrownBy(() -> TidbTableInfoReader.read(table(partition(1, "UNIX_TIMESTAMP(`ts`)", "null",
                def(101, "p0", "[\"UNIX_TIMESTAMP('2020-01-01 00:00:00')\"]", "null")))))
                .hasMessageContaining("time zone");
        assertThatThrownBy(() -> TidbTableInfoReader.read(table(partition(2, "`a`", "null", two))
                .replace("\"is_global\":false", "\"is_global\":true")))
                .hasMessageContaining("global index i_s");
        assertThatThrownBy(() -> TidbTableInfoReader.read(table(partition(2, "`a`", "null", two))
                .replace("\"enable\":true", "\"enable\":false")))
                .hasMessageContaining("disabled");
    }

    @Test
    void refusesACountThatDiffersFromTheListedPartitions() {
        String json = table(partition(2, "`a`", "null", def(101, "p0", "null", "null"), def(102, "p1", "null", "null")))
                .replace("\"num\":2", "\"num\":3");
        assertThatThrownBy(() -> TidbTableInfoReader.read(json)).hasMessageContaining("table pt")
                .hasMessageContaining("counts 3 partitions but lists 2");
    }

    @Test
    void unixTimestampOfATimestampColumn() {
        TableInfo t = TidbTableInfoReader.read(table(partition(1, "UNIX_TIMESTAMP(`ts`)", "null",
                def(101, "p0", "[\"1577836800\"]", "null"), def(102, "p1", "[\"MAXVALUE\"]", "null"))));
        Datum[] r = row(1L, "x", null, null);
        r[4] = Datum.ofTime(date("2019-12-31 23:59:59")); // stored in UTC
        assertThat(placed(t, r)).isEqualTo(101);
        r[4] = Datum.ofTime(date("2020-01-01 00:00:00"));
        assertThat(placed(t, r)).isEqualTo(102);
    }

    @Test
    void overflowInTheExpressionIsARowError() {
        TableInfo t = TidbTableInfoReader.read(table(partition(2, "`a` * 2", "null",
                def(101, "p0", "null", "null"))));
        assertThatThrownBy(() -> placed(t, row(Long.MAX_VALUE, "x", null, null)))
                .isInstanceOf(NoPartitionException.class).hasMessageContaining("out of range");
    }
}
