package dev.lightning4j.physical.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.physical.codec.Collations;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.Hex;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.kv.KvPair;
import dev.lightning4j.physical.kv.TableKvEncoder;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.FieldType;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.SqlLiteral;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Source rows through conversion and KV encoding. */
class RowToKvTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    /** Lightning sql2kv_test TestEncodeRowFormatV2: 10000000 into a TINYINT, non-strict, clamps to 127. */
    @Test
    void lightningClampedTinyint() throws Exception {
        TableInfo t = new TableInfo(1, "t", List.of(ColumnInfo.of(1, "c1", 0, FieldType.of(ColumnType.TINYINT))),
                List.of(), false, false);
        RowConverter rc = new RowConverter(t, new ValueConverter(ConversionOptions.fromSqlMode("", UTC)));
        Datum[] row = rc.convert(new SourceRow(new Object[] {new SqlLiteral(SqlLiteral.Kind.NUMBER, "10000000")}, null, 0, 10));
        KvPair kv = new TableKvEncoder(t, true).encode(row, 1).get(0);
        assertThat(kv.key()).containsExactly(Hex.bytes("74 80 00 00 00 00 00 00 01 5F 72 80 00 00 00 00 00 00 01"));
        assertThat(kv.value()).containsExactly(Hex.bytes("80 00 01 00 00 00 01 01 00 7F"));
    }

    private static TableInfo people() {
        return new TableInfo(7, "people", List.of(
                new ColumnInfo(1, "id", 0, FieldType.of(ColumnType.BIGINT), true, true, null, false),
                ColumnInfo.of(2, "name", 1, FieldType.string(ColumnType.VARCHAR, 20, Collations.UTF8MB4_GENERAL_CI)),
                new ColumnInfo(3, "score", 2, FieldType.decimal(6, 2), true, false, "0", false),
                ColumnInfo.of(4, "born", 3, FieldType.of(ColumnType.DATE))),
                List.of(new IndexInfo(1, "PRIMARY", List.of(IndexColumn.full(0)), true, true),
                        new IndexInfo(2, "name", List.of(new IndexColumn(1, 3)), false, false),
                        new IndexInfo(3, "score_born", List.of(IndexColumn.full(2), IndexColumn.full(3)), true, false)),
                true, false);
    }

    @Test
    void namedColumnsDefaultsAndIndexes() throws Exception {
        TableInfo t = people();
        RowConverter rc = new RowConverter(t, new ValueConverter(ConversionOptions.strict(UTC)));
        Datum[] row = rc.convert(new SourceRow(new Object[] {"Zoë Smith ", "42"}, List.of("NAME", "id"), 0, 1));
        List<KvPair> kvs = new TableKvEncoder(t, true).encode(row, 999);
        assertThat(kvs).hasSize(3);
        // No entry for the primary key: with an int handle the record key is the index.
        // The int primary key is the handle and is not repeated in the value; born is NULL without default.
        assertThat(kvs.get(0).key()).containsExactly(TableCodec.recordKey(7, 42));
        assertThat(Hex.str(kvs.get(0).value())).isEqualTo(Hex.str(Hex.bytes(
                "80 00 02 00 00 00 02 03 0B 00 10 00 5A 6F C3 AB 20 53 6D 69 74 68 20 06 02 80 00 00")));
        // Prefix index name(3): general_ci weights of "Zoë" + int handle; restored data keeps the prefix.
        assertThat(Hex.str(kvs.get(1).key())).isEqualTo(Hex.str(Hex.bytes(
                "74 80 00 00 00 00 00 00 07 5F 69 80 00 00 00 00 00 00 02"
                        + " 01 00 5A 00 4F 00 45 00 00 FD 03 80 00 00 00 00 00 00 2A")));
        assertThat(Hex.str(kvs.get(1).value())).isEqualTo(Hex.str(Hex.bytes("00 80 00 01 00 00 00 02 04 00 5A 6F C3 AB")));
        // Unique index with a NULL is not distinct: handle in the key, '0' as value.
        assertThat(kvs.get(2).value()).containsExactly('0');
        assertThat(Arrays.copyOfRange(kvs.get(2).key(), kvs.get(2).key().length - 9, kvs.get(2).key().length))
                .containsExactly(Hex.bytes("03 80 00 00 00 00 00 00 2A"));
    }

    @Test
    void badValuesAndShapesAreRowErrors() {
        RowConverter rc = new RowConverter(people(), new ValueConverter(ConversionOptions.strict(UTC)));
        assertThatThrownBy(() -> rc.convert(new SourceRow(new Object[] {"x", "1"}, List.of("name", "nope"), 0, 1)))
                .isInstanceOf(ConversionException.class).hasMessageContaining("Unknown column 'nope'");
        assertThatThrownBy(() -> rc.convert(new SourceRow(new Object[] {"1", "a"}, null, 0, 1)))
                .hasMessageContaining("has 4 columns")
                .satisfies(e -> assertThat(((ConversionException) e).kind()).isEqualTo(dev.lightning4j.RowError.Kind.COLUMN_COUNT));
        assertThatThrownBy(() -> rc.convert(new SourceRow(new Object[] {"a"}, List.of("name"), 0, 1)))
                .hasMessageContaining("Field 'id' doesn't have a default value");
        assertThatThrownBy(() -> rc.convert(new SourceRow(new Object[] {"1", "a", "1e9", null}, null, 0, 1)))
                .isInstanceOf(ConversionException.class)
                .satisfies(e -> assertThat(((ConversionException) e).column()).isEqualTo("score"));
    }

    /** Index keys of converted values sort in the column's value order (what TiKV range scans rely on). */
    @Test
    void indexKeyOrderIsValueOrder() throws Exception {
        TableInfo t = new TableInfo(3, "o", List.of(
                ColumnInfo.of(1, "i", 0, FieldType.of(ColumnType.BIGINT)),
                ColumnInfo.of(2, "d", 1, FieldType.decimal(12, 3)),
                ColumnInfo.of(3, "ts", 2, FieldType.temporal(ColumnType.DATETIME, 3)),
                ColumnInfo.of(4, "s", 3, FieldType.string(ColumnType.VARCHAR, 10, Collations.UTF8MB4_GENERAL_CI))),
                List.of(new IndexInfo(1, "i", List.of(IndexColumn.full(0)), false, false),
                        new IndexInfo(2, "d", List.of(IndexColumn.full(1)), false, false),
                        new IndexInfo(3, "ts", List.of(IndexColumn.full(2)), false, false),
                        new IndexInfo(4, "s", List.of(IndexColumn.full(3)), false, false)), false, false);
        RowConverter rc = new RowConverter(t, new ValueConverter(ConversionOptions.strict(UTC)));
        TableKvEncoder enc = new TableKvEncoder(t, true);
        Random r = new Random(11);
        List<Object[]> rows = new ArrayList<>();
        List<List<KvPair>> kvs = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            long i = r.nextLong() >> r.nextInt(64);
            String d = String.format("%d.%03d", r.nextInt(2_000_000_000) - 1_000_000_000, r.nextInt(1000));
            String ts = String.format("%04d-%02d-%02d %02d:%02d:%02d.%03d", 1000 + r.nextInt(9000), 1 + r.nextInt(12),
                    1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000));
            String s = "" + (char) ('a' + r.nextInt(3)) + (char) ('A' + r.nextInt(3));
            Object[] src = {Long.toString(i), d, ts, s};
            rows.add(src);
            kvs.add(enc.encode(rc.convert(new SourceRow(src, null, 0, 0)), k));
        }
        List<Comparator<Object[]>> valueOrders = List.of(
                Comparator.comparingLong(o -> Long.parseLong((String) o[0])),
                Comparator.comparing(o -> new java.math.BigDecimal((String) o[1])),
                Comparator.comparing(o -> (String) o[2]),
                Comparator.comparing(o -> ((String) o[3]).toLowerCase()));
        for (int idx = 0; idx < 4; idx++) {
            for (int a = 0; a < rows.size(); a += 3) {
                for (int b = 1; b < rows.size(); b += 7) {
                    int byValue = Integer.signum(valueOrders.get(idx).compare(rows.get(a), rows.get(b)));
                    byte[] ka = kvs.get(a).get(idx + 1).key();
                    byte[] kb = kvs.get(b).get(idx + 1).key();
                    // Equal values tie-break on the handle suffix; only strict orders must agree.
                    if (byValue != 0) {
                        assertThat(Integer.signum(Arrays.compareUnsigned(ka, kb))).as("index %d rows %d/%d", idx, a, b)
                                .isEqualTo(byValue);
                    }
                }
            }
        }
    }

    @Test
    void targetRowsFromTheEngineAndRejectedRowsGoToTheSink() {
        RowConverter rc = new RowConverter(people(), new ValueConverter(ConversionOptions.strict(UTC)));
        List<dev.lightning4j.spi.TargetColumn> cols = List.of(
                new dev.lightning4j.spi.TargetColumn("id", 1, "bigint", "bigint(20)", false, null, false),
                new dev.lightning4j.spi.TargetColumn("score", 3, "decimal", "decimal(6,2)", false, null, false));
        assertThat(rc.convertOrReject(new dev.lightning4j.spi.TargetRow(cols, new Object[] {"5", "1.25"}, 0),
                (k, o, r, t) -> { throw new AssertionError(r); })[2])
                .isEqualTo(Datum.ofDecimal(new java.math.BigDecimal("1.25"), 6, 2));
        List<String> rejected = new ArrayList<>();
        Datum[] none = rc.convertOrReject(new dev.lightning4j.spi.TargetRow(cols, new Object[] {"6", "12345"}, 77),
                (kind, offset, reason, text) -> rejected.add(kind + "@" + offset + ": " + reason + " " + text));
        assertThat(none).isNull();
        assertThat(rejected).containsExactly(
                "TYPE@77: Out of range value for column 'score' (6, 12345)");
    }

    /** Lightning fills an absent or NULL AUTO_INCREMENT value with the row ID; the encoder reports the maximum. */
    @Test
    void autoIncrementTakesTheRowId() throws Exception {
        TableInfo t = new TableInfo(9, "a", List.of(
                new ColumnInfo(1, "id", 0, FieldType.of(ColumnType.BIGINT), true, true, null, false, true),
                ColumnInfo.of(2, "v", 1, FieldType.of(ColumnType.INT))),
                List.of(new IndexInfo(1, "PRIMARY", List.of(IndexColumn.full(0)), true, true)), true, false);
        RowConverter rc = new RowConverter(t, new ValueConverter(ConversionOptions.strict(UTC)));
        TableKvEncoder enc = new TableKvEncoder(t, true);
        List<KvPair> absent = enc.encode(rc.convert(new SourceRow(new Object[] {"5"}, List.of("v"), 0, 1)), 41);
        List<KvPair> nulled = enc.encode(rc.convert(new SourceRow(new Object[] {null, "6"}, null, 0, 1)), 42);
        List<KvPair> given = enc.encode(rc.convert(new SourceRow(new Object[] {"7", "7"}, null, 0, 1)), 43);
        assertThat(absent.get(0).key()).containsExactly(TableCodec.recordKey(9, 41));
        assertThat(nulled.get(0).key()).containsExactly(TableCodec.recordKey(9, 42));
        assertThat(given.get(0).key()).containsExactly(TableCodec.recordKey(9, 7));
        assertThat(enc.maxAutoIncrement()).isEqualTo(42);
    }

    /** Lightning TestEncodeDoubleAutoIncrement: the string "1" into `id double not null auto_increment` with row ID 70. */
    @Test
    void lightningDoubleAutoIncrementFromText() throws Exception {
        TableInfo t = new TableInfo(1, "t",
                List.of(new ColumnInfo(1, "id", 0, FieldType.of(ColumnType.DOUBLE), true, false, null, false, true)),
                List.of(new IndexInfo(1, "u_id", List.of(IndexColumn.full(0)), true, false)), false, false);
        RowConverter rc = new RowConverter(t, new ValueConverter(ConversionOptions.strict(UTC)));
        TableKvEncoder enc = new TableKvEncoder(t, true);
        List<KvPair> kvs = enc.encode(rc.convert(new SourceRow(new Object[] {"1"}, null, 0, 1)), 70);
        assertThat(kvs.get(0).key()).containsExactly(Hex.bytes("74 80 00 00 00 00 00 00 01 5F 72 80 00 00 00 00 00 00 46"));
        assertThat(kvs.get(0).value()).containsExactly(Hex.bytes("80 00 01 00 00 00 01 08 00 BF F0 00 00 00 00 00 00"));
        assertThat(kvs.get(1).key()).containsExactly(Hex.bytes(
                "74 80 00 00 00 00 00 00 01 5F 69 80 00 00 00 00 00 00 01 05 BF F0 00 00 00 00 00 00"));
        assertThat(kvs.get(1).value()).containsExactly(Hex.bytes("00 00 00 00 00 00 00 46"));
    }
}
