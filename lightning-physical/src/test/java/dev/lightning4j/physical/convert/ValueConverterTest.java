package dev.lightning4j.physical.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.physical.codec.Collations;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.JsonBinary;
import dev.lightning4j.physical.codec.MysqlTime;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.FieldType;
import dev.lightning4j.spi.SqlLiteral;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueConverterTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final ValueConverter strict = new ValueConverter(ConversionOptions.strict(SHANGHAI));
    private final ValueConverter lax = new ValueConverter(
            ConversionOptions.fromSqlMode("ONLY_FULL_GROUP_BY,NO_AUTO_CREATE_USER", SHANGHAI));

    private static ColumnInfo col(FieldType t) {
        return ColumnInfo.of(1, "c", 0, t);
    }

    private Datum conv(Object v, FieldType t) throws ConversionException {
        return strict.convert(v, col(t));
    }

    private void rejects(Object v, FieldType t, String messagePart) {
        assertThatThrownBy(() -> conv(v, t)).isInstanceOf(ConversionException.class).hasMessageContaining(messagePart);
    }

    @Test
    void integersWithRangesRoundingAndLiterals() throws Exception {
        FieldType tiny = FieldType.of(ColumnType.TINYINT);
        assertThat(conv("127", tiny)).isEqualTo(Datum.ofInt(127));
        assertThat(conv(" -128 ", tiny)).isEqualTo(Datum.ofInt(-128));
        assertThat(conv("1.5", tiny)).isEqualTo(Datum.ofInt(2));
        assertThat(conv("-1.5", tiny)).isEqualTo(Datum.ofInt(-2));
        assertThat(conv(new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, "7f"), tiny)).isEqualTo(Datum.ofInt(127));
        assertThat(conv(new SqlLiteral(SqlLiteral.Kind.BIT, "101"), tiny)).isEqualTo(Datum.ofInt(5));
        assertThat(conv(new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "TRUE"), tiny)).isEqualTo(Datum.ofInt(1));
        rejects("128", tiny, "Out of range");
        rejects("abc", tiny, "Incorrect tinyint value");
        rejects("", tiny, "Incorrect");
        assertThat(conv("18446744073709551615", FieldType.unsigned(ColumnType.BIGINT))).isEqualTo(Datum.ofUint(-1L));
        rejects("-1", FieldType.unsigned(ColumnType.INT), "Out of range");
        // Non-strict clamps, as Lightning's TestEncodeRowFormatV2 relies on.
        assertThat(lax.convert("10000000", col(tiny))).isEqualTo(Datum.ofInt(127));
        assertThat(lax.convert("12abc", col(tiny))).isEqualTo(Datum.ofInt(12));
    }

    /** Plain digits take a path without BigDecimal: the same limits, both sides of each. */
    @Test
    void plainIntegersAtEveryTypeLimit() throws Exception {
        Object[][] signed = {{ColumnType.TINYINT, -128L, 127L}, {ColumnType.SMALLINT, -32768L, 32767L},
            {ColumnType.MEDIUMINT, -8388608L, 8388607L}, {ColumnType.INT, (long) Integer.MIN_VALUE,
                (long) Integer.MAX_VALUE}};
        for (Object[] c : signed) {
            FieldType t = FieldType.of((ColumnType) c[0]);
            long lo = (long) c[1];
            long hi = (long) c[2];
            assertThat(conv(Long.toString(lo), t)).isEqualTo(Datum.ofInt(lo));
            assertThat(conv("+" + hi, t)).isEqualTo(Datum.ofInt(hi));
            rejects(Long.toString(lo - 1), t, "Out of range");
            rejects(Long.toString(hi + 1), t, "Out of range");
            assertThat(lax.convert(Long.toString(hi + 1), col(t))).isEqualTo(Datum.ofInt(hi));
            FieldType u = FieldType.unsigned((ColumnType) c[0]);
            long uhi = hi * 2 + 1;
            assertThat(conv(Long.toString(uhi), u)).isEqualTo(Datum.ofUint(uhi));
            rejects(Long.toString(uhi + 1), u, "Out of range");
            rejects("-1", u, "Out of range");
        }
        FieldType big = FieldType.of(ColumnType.BIGINT);
        assertThat(conv("-999999999999999999", big)).isEqualTo(Datum.ofInt(-999999999999999999L));
        assertThat(conv("9223372036854775807", big)).isEqualTo(Datum.ofInt(Long.MAX_VALUE));
        rejects("9223372036854775808", big, "Out of range");
        assertThat(conv("-0", big)).isEqualTo(Datum.ofInt(0));
        assertThat(conv("000000000000000042", big)).isEqualTo(Datum.ofInt(42));
    }

    /** The allocation-free UTF-8 check agrees with the JDK's strict decoder. */
    @Test
    void utf8CheckAgreesWithTheJdk() throws Exception {
        java.util.Random r = new java.util.Random(5);
        byte[][] fixed = {{}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF},
            "añ€😀".getBytes(StandardCharsets.UTF_8)};
        List<byte[]> cases = new java.util.ArrayList<>(List.of(fixed));
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[r.nextInt(6)];
            for (int k = 0; k < b.length; k++) {
                int x = r.nextInt(4);
                b[k] = (byte) (x == 0 ? r.nextInt(128) : x == 1 ? 0x80 + r.nextInt(64) : 0xC0 + r.nextInt(64));
            }
            cases.add(b);
        }
        for (byte[] b : cases) {
            boolean jdk;
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
                jdk = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdk = false;
            }
            assertThat(ValueConverter.isValidUtf8(b)).as(java.util.Arrays.toString(b)).isEqualTo(jdk);
        }
        // Bytes (not a String) that are not UTF-8 are still refused in strict mode.
        rejects(new byte[] {(byte) 0xC0, (byte) 0x80}, FieldType.string(ColumnType.VARCHAR, 10,
                Collations.UTF8MB4_BIN), "Incorrect string value");
    }

    @Test
    void yearRules() throws Exception {
        FieldType y = FieldType.of(ColumnType.YEAR);
        assertThat(conv("69", y)).isEqualTo(Datum.ofInt(2069));
        assertThat(conv("70", y)).isEqualTo(Datum.ofInt(1970));
        assertThat(conv("0", y)).isEqualTo(Datum.ofInt(2000));
        assertThat(conv(new SqlLiteral(SqlLiteral.Kind.NUMBER, "0"), y)).isEqualTo(Datum.ofInt(0));
        assertThat(conv("2155", y)).isEqualTo(Datum.ofInt(2155));
        rejects("2156", y, "Out of range");
    }

    @Test
    void realsAndDecimals() throws Exception {
        assertThat(conv("1.5e3", FieldType.of(ColumnType.DOUBLE))).isEqualTo(Datum.ofFloat64(1500));
        assertThat(conv("0.1", FieldType.of(ColumnType.FLOAT))).isEqualTo(Datum.ofFloat32(0.1f));
        rejects("1e39", FieldType.of(ColumnType.FLOAT), "Out of range");
        FieldType dec = FieldType.decimal(5, 2);
        assertThat(conv("123.455", dec)).isEqualTo(Datum.ofDecimal(new BigDecimal("123.46"), 5, 2));
        assertThat(conv("-0.005", dec)).isEqualTo(Datum.ofDecimal(new BigDecimal("-0.01"), 5, 2));
        rejects("1000", dec, "Out of range");
        assertThat(lax.convert("1000", col(dec))).isEqualTo(Datum.ofDecimal(new BigDecimal("999.99"), 5, 2));
    }

    @Test
    void datesDatetimesAndTimestampsInUtc() throws Exception {
        assertThat(conv("2018-01-19 03:14:07", FieldType.temporal(ColumnType.DATETIME, 0)))
                .isEqualTo(Datum.ofTime(MysqlTime.pack(2018, 1, 19, 3, 14, 7, 0)));
        assertThat(conv("20180119031407", FieldType.temporal(ColumnType.DATETIME, 0)))
                .isEqualTo(Datum.ofTime(MysqlTime.pack(2018, 1, 19, 3, 14, 7, 0)));
        assertThat(conv("2018-01-19", FieldType.of(ColumnType.DATE)))
                .isEqualTo(Datum.ofTime(MysqlTime.pack(2018, 1, 19, 0, 0, 0, 0)));
        // Fractions round half up to the column's precision and carry.
        assertThat(conv("2018-12-31 23:59:59.96", FieldType.temporal(ColumnType.DATETIME, 1)))
                .isEqualTo(Datum.ofTime(MysqlTime.pack(2019, 1, 1, 0, 0, 0, 0)));
        assertThat(conv("2018-01-19 03:14:07.1234567", FieldType.temporal(ColumnType.DATETIME, 6)))
                .isEqualTo(Datum.ofTime(MysqlTime.pack(2018, 1, 19, 3, 14, 7, 123457)));
        // TIMESTAMP: read in the session zone (UTC+8), stored in UTC.
        assertThat(conv("2018-01-19 11:14:07", FieldType.temporal(ColumnType.TIMESTAMP, 0)))
                .isEqualTo(Datum.ofTime(MysqlTime.pack(2018, 1, 19, 3, 14, 7, 0)));
        rejects("1970-01-01 07:00:00", FieldType.temporal(ColumnType.TIMESTAMP, 0), "Incorrect timestamp");
        rejects("2018-02-30", FieldType.of(ColumnType.DATE), "Incorrect date");
        rejects("0000-00-00", FieldType.of(ColumnType.DATE), "Incorrect date");
        rejects("nonsense", FieldType.of(ColumnType.DATETIME), "Incorrect datetime");
        assertThat(lax.convert("0000-00-00 00:00:00", col(FieldType.of(ColumnType.DATETIME)))).isEqualTo(Datum.ofTime(0));
    }

    @Test
    void timeAsNanoseconds() throws Exception {
        FieldType t = FieldType.temporal(ColumnType.TIME, 0);
        assertThat(conv("00:00:01", t)).isEqualTo(Datum.ofDuration(1_000_000_000L));
        assertThat(conv("-838:59:59", t)).isEqualTo(Datum.ofDuration(-(838L * 3600 + 59 * 60 + 59) * 1_000_000_000L));
        assertThat(conv("1 02:00:00", t)).isEqualTo(Datum.ofDuration(26L * 3600 * 1_000_000_000L));
        assertThat(conv("101", t)).isEqualTo(Datum.ofDuration(61_000_000_000L));
        assertThat(conv("00:00:01.5", FieldType.temporal(ColumnType.TIME, 1))).isEqualTo(Datum.ofDuration(1_500_000_000L));
        rejects("839:00:00", t, "Out of range");
        rejects("00:61:00", t, "Incorrect time");
    }

    @Test
    void stringsCharsetsLengthsAndPadding() throws Exception {
        FieldType vc = FieldType.string(ColumnType.VARCHAR, 3, Collations.UTF8MB4_BIN);
        assertThat(conv("äbc", vc)).isEqualTo(Datum.ofString("äbc", Collations.UTF8MB4_BIN));
        assertThat(conv("abc   ", vc)).isEqualTo(Datum.ofString("abc", Collations.UTF8MB4_BIN));
        rejects("abcd", vc, "Data too long");
        rejects(new byte[] {(byte) 0xFF}, vc, "Incorrect string value");
        FieldType ch = FieldType.string(ColumnType.CHAR, 5, Collations.UTF8MB4_GENERAL_CI);
        assertThat(conv("a  ", ch)).isEqualTo(Datum.ofString("a", Collations.UTF8MB4_GENERAL_CI));
        assertThat(conv(new SqlLiteral(SqlLiteral.Kind.NUMBER, "12"), ch))
                .isEqualTo(Datum.ofString("12", Collations.UTF8MB4_GENERAL_CI));
        assertThat(conv(new byte[] {0, 1}, FieldType.binary(ColumnType.CHAR, 4))).isEqualTo(Datum.ofBytes(new byte[] {0, 1, 0, 0}));
        assertThat(conv(new SqlLiteral(SqlLiteral.Kind.HEX, "4142"), FieldType.binary(ColumnType.VARCHAR, 4)))
                .isEqualTo(Datum.ofBytes("AB".getBytes(StandardCharsets.US_ASCII)));
        rejects(new byte[300], FieldType.binary(ColumnType.TEXT, 255), "Data too long");
        rejects("é", FieldType.string(ColumnType.VARCHAR, 3, Collations.forName("ascii_bin").orElseThrow()), "Incorrect string");
    }

    @Test
    void enumSetBitJson() throws Exception {
        FieldType e = FieldType.enumOf(ColumnType.ENUM, List.of("a", "b", "c"), Collations.UTF8MB4_GENERAL_CI);
        assertThat(conv("B", e)).isEqualTo(Datum.ofEnum(2));
        assertThat(conv("3", e)).isEqualTo(Datum.ofEnum(3));
        assertThat(conv(new SqlLiteral(SqlLiteral.Kind.NUMBER, "1"), e)).isEqualTo(Datum.ofEnum(1));
        rejects("d", e, "not one of its values");
        rejects("", e, "not one of its values");
        FieldType s = FieldType.enumOf(ColumnType.SET, List.of("a", "b", "c"), Collations.UTF8MB4_GENERAL_CI);
        assertThat(conv("c,A", s)).isEqualTo(Datum.ofSet(5));
        assertThat(conv("", s)).isEqualTo(Datum.ofSet(0));
        assertThat(conv(new SqlLiteral(SqlLiteral.Kind.NUMBER, "7"), s)).isEqualTo(Datum.ofSet(7));
        rejects("a,z", s, "not one of its values");
        FieldType bit = FieldType.bit(9);
        assertThat(conv(new SqlLiteral(SqlLiteral.Kind.BIT, "100000001"), bit)).isEqualTo(Datum.ofBit(257));
        assertThat(conv(new SqlLiteral(SqlLiteral.Kind.NUMBER, "511"), bit)).isEqualTo(Datum.ofBit(511));
        rejects(new SqlLiteral(SqlLiteral.Kind.NUMBER, "512"), bit, "Data too long");
        FieldType json = FieldType.of(ColumnType.JSON);
        assertThat(conv("{\"key\":\"value\"}", json)).isEqualTo(Datum.ofJson(JsonBinary.fromText("{\"key\":\"value\"}")));
        rejects("{bad", json, "Invalid JSON");
    }

    @Test
    void nullIntoNotNullIsAnError() throws Exception {
        ColumnInfo c = new ColumnInfo(1, "n", 0, FieldType.of(ColumnType.INT), true, false, null, false);
        assertThatThrownBy(() -> strict.convert(null, c)).hasMessageContaining("cannot be null");
        assertThat(strict.convert(null, col(FieldType.of(ColumnType.INT)))).isEqualTo(Datum.NULL);
    }

    @Test
    void sqlModeParsing() {
        ConversionOptions o = ConversionOptions.fromSqlMode("STRICT_TRANS_TABLES,NO_ZERO_DATE", ZoneId.of("UTC"));
        assertThat(o.strict()).isTrue();
        assertThat(o.noZeroDate()).isTrue();
        assertThat(o.noZeroInDate()).isFalse();
        assertThat(o.now()).isBeforeOrEqualTo(LocalDateTime.now(ZoneId.of("UTC")));
    }
}
