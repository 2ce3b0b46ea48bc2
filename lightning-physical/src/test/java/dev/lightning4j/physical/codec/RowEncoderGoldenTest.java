package dev.lightning4j.physical.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Row format v2 against the byte vectors of TiDB Lightning's and TiKV's own tests. */
class RowEncoderGoldenTest {

    private final RowEncoder encoder = new RowEncoder();

    /** TiKV encoder_for_test.rs test_encode_unsigned. */
    @Test
    void unsignedMaxAndMinusOne() {
        byte[] row = encoder.encode(new long[] {1, 2}, new Datum[] {Datum.ofUint(-1L), Datum.ofInt(-1)});
        assertThat(row).containsExactly(Hex.bytes(
                128, 0, 2, 0, 0, 0, 1, 2, 8, 0, 9, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255));
    }

    /** TiKV test_encode: every value type, unsorted IDs, one NULL. */
    @Test
    void everyValueTypeInColumnIdOrder() {
        long[] ids = {1, 12, 33, 3, 8, 7, 9, 6, 13, 14, 15, 16};
        Datum[] row = {
            Datum.ofInt(1000), Datum.ofInt(2), Datum.NULL, Datum.ofUint(3), Datum.ofInt(32767),
            Datum.ofBytes("abc".getBytes()), Datum.ofFloat64(1.8), Datum.ofFloat64(-1.8),
            Datum.ofTime(MysqlTime.pack(2018, 1, 19, 3, 14, 7, 0)),
            Datum.ofDecimal(BigDecimal.ONE, 1, 0),
            Datum.ofJson(JsonBinary.fromText("{\"key\":\"value\"}")),
            Datum.ofDuration(1_000_000_000L)
        };
        assertThat(encoder.encode(ids, row)).containsExactly(Hex.bytes(
                128, 0, 11, 0, 1, 0, 1, 3, 6, 7, 8, 9, 12, 13, 14, 15, 16, 33, 2, 0, 3, 0, 11, 0, 14,
                0, 16, 0, 24, 0, 25, 0, 33, 0, 36, 0, 65, 0, 69, 0, 232, 3, 3, 64, 3, 51, 51, 51, 51,
                51, 50, 97, 98, 99, 255, 127, 191, 252, 204, 204, 204, 204, 204, 205, 2, 0, 0, 0, 135,
                51, 230, 158, 25, 1, 0, 129, 1, 1, 0, 0, 0, 28, 0, 0, 0, 19, 0, 0, 0, 3, 0, 12, 22, 0,
                0, 0, 107, 101, 121, 5, 118, 97, 108, 117, 101, 0, 202, 154, 59));
    }

    /** TiKV test_encode_big: a column ID above 255 switches to 4-byte IDs and offsets. */
    @Test
    void largeFormatWhenAColumnIdExceeds255() {
        long[] ids = {1, 12, 335, 3, 8};
        Datum[] row = {Datum.ofInt(1000), Datum.ofInt(2), Datum.NULL, Datum.ofInt(3), Datum.ofInt(32767)};
        assertThat(encoder.encode(ids, row)).containsExactly(Hex.bytes(
                128, 1, 4, 0, 1, 0, 1, 0, 0, 0, 3, 0, 0, 0, 8, 0, 0, 0, 12, 0, 0, 0, 79, 1, 0, 0, 2, 0,
                0, 0, 3, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0, 0, 232, 3, 3, 255, 127, 2));
    }

    @Test
    void largeFormatWhenValuesExceed64KiB() {
        byte[] big = new byte[70_000];
        byte[] row = encoder.encode(new long[] {2, 1}, new Datum[] {Datum.ofBytes(big), Datum.ofInt(5)});
        // 80 01, 2 not null, 0 null, ids 1 and 2 as u32, end offsets 1 and 70001 as u32.
        assertThat(java.util.Arrays.copyOf(row, 22)).containsExactly(Hex.bytes(
                "80 01 02 00 00 00 01 00 00 00 02 00 00 00 01 00 00 00 71 11 01 00"));
        assertThat(row).hasSize(22 + 70_001);
    }

    /** Lightning sql2kv_test TestEncodeRowFormatV2 (TINYINT 127 in column 1). */
    @Test
    void lightningTinyint() {
        assertThat(encoder.encode(new long[] {1}, new Datum[] {Datum.ofInt(127)}))
                .containsExactly(Hex.bytes("80 00 01 00 00 00 01 01 00 7F"));
    }

    /** Lightning TestDefaultAutoRandoms: an empty VARCHAR in column 2. */
    @Test
    void lightningEmptyVarchar() {
        assertThat(encoder.encode(new long[] {2}, new Datum[] {Datum.ofString("", Collations.UTF8MB4_BIN)}))
                .containsExactly(Hex.bytes("80 00 01 00 00 00 02 00 00"));
    }

    /** Lightning TestEncodeDoubleAutoIncrement: DOUBLE 1.0 in column 1. */
    @Test
    void lightningDouble() {
        assertThat(encoder.encode(new long[] {1}, new Datum[] {Datum.ofFloat64(1.0)}))
                .containsExactly(Hex.bytes("80 00 01 00 00 00 01 08 00 BF F0 00 00 00 00 00 00"));
    }

    @Test
    void integersUseTheSmallestWidth() {
        assertThat(value(Datum.ofInt(127))).containsExactly(0x7F);
        assertThat(value(Datum.ofInt(-128))).containsExactly(0x80);
        assertThat(value(Datum.ofInt(128))).containsExactly(0x80, 0x00);
        assertThat(value(Datum.ofInt(-32769))).containsExactly(0xFF, 0x7F, 0xFF, 0xFF);
        assertThat(value(Datum.ofInt(1L << 31))).hasSize(8);
        assertThat(value(Datum.ofUint(255))).containsExactly(0xFF);
        assertThat(value(Datum.ofUint(256))).containsExactly(0x00, 0x01);
        assertThat(value(Datum.ofUint(0xFFFFFFFFL))).hasSize(4);
        assertThat(value(Datum.ofUint(0x100000000L))).hasSize(8);
    }

    private static byte[] value(Datum d) {
        ByteSink s = new ByteSink();
        RowEncoder.encodeValue(s, d);
        return s.toByteArray();
    }
}
