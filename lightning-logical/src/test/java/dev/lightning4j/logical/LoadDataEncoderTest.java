package dev.lightning4j.logical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.SqlLiteral;
import dev.lightning4j.spi.TargetColumn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text layout of LOAD streams and the rules that send a value to INSERT instead. */
class LoadDataEncoderTest {
    private static final List<TargetColumn> COLUMNS = List.of(
            new TargetColumn("i", 1, "int", "int(11)", true, null, false),
            new TargetColumn("s", 2, "varchar", "varchar(10)", true, "utf8mb4", false),
            new TargetColumn("b", 3, "varbinary", "varbinary(10)", true, null, false));

    private final LoadDataEncoder encoder = new LoadDataEncoder(new TableName("d", "t"), COLUMNS, ConflictStrategy.REPLACE);

    @Test
    void statementNamesTheStrategyTableAndColumns() {
        assertThat(encoder.statement()).isEqualTo("LOAD DATA LOCAL INFILE 'lightning-stream' REPLACE INTO TABLE `d`.`t`"
                + " CHARACTER SET binary FIELDS TERMINATED BY X'09' ESCAPED BY X'5C' LINES TERMINATED BY X'0A'"
                + " (`i`,`s`,`b`)");
    }

    @Test
    void escapesSeparatorsTheEscapeAndNulAndWritesNullAsBackslashN() {
        assertThat(line(new SqlLiteral(SqlLiteral.Kind.NUMBER, "-5"), "a\tb\nc\rd\\e\0f é😀", null))
                .isEqualTo(utf8("-5\ta\\tb\\nc\\rd\\\\e\\0f é😀\t\\N\n"));
        assertThat(line(null, "\\N", new byte[] {0, '\t', (byte) 0xFF, '\\'}))
                .isEqualTo(concat(utf8("\\N\t\\\\N\t\\0\\t"), new byte[] {(byte) 0xFF}, utf8("\\\\\n")));
    }

    @Test
    void hexLiteralsBecomeTheirBytesInBinaryColumnsOnly() {
        // 0xabc is the bytes 0A BC: the newline byte is escaped
        assertThat(line(null, null, new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, "abc")))
                .isEqualTo(concat(utf8("\\N\t\\N\t\\n"), new byte[] {(byte) 0xBC}, utf8("\n")));
        assertThat(line(new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, "7f"), null, null)).isNull();
    }

    @Test
    void valuesLoadWouldStoreDifferentlyAreRefused() {
        assertThat(line(new SqlLiteral(SqlLiteral.Kind.NUMBER, "1.5"), null, null)).isNull();
        assertThat(line(null, new SqlLiteral(SqlLiteral.Kind.NUMBER, "007"), null)).isNull();
        assertThat(line("", null, null)).isNull();
        assertThat(line(2.5d, null, null)).isNull();
        assertThat(line(null, new byte[] {1}, null)).isNull();
        assertThat(line(new SqlLiteral(SqlLiteral.Kind.BIT, "1"), null, null)).isNull();
        assertThat(line(new SqlLiteral(SqlLiteral.Kind.NUMBER, "-0"), null, null)).isNull();
    }

    @Test
    void numberForms() {
        assertThat(LoadDataEncoder.numberForm("+0042")).isZero();
        assertThat(LoadDataEncoder.numberForm("-.5")).isEqualTo(1);
        assertThat(LoadDataEncoder.numberForm("1.5e-3")).isEqualTo(2);
        assertThat(LoadDataEncoder.numberForm("1e")).isEqualTo(-1);
        assertThat(LoadDataEncoder.numberForm("-")).isEqualTo(-1);
        assertThat(LoadDataEncoder.isNegativeZero("-0.000e5")).isTrue();
        assertThat(LoadDataEncoder.isNegativeZero("-0.001")).isFalse();
        assertThat(LoadDataEncoder.unhex("abc")).containsExactly(0x0A, 0xBC);
        assertThat(LoadDataEncoder.unhex("zz")).isNull();
    }

    /** The line's bytes, or null when the row must go through INSERT. */
    private byte[] line(Object... values) {
        LoadDataEncoder.ByteSink sink = new LoadDataEncoder.ByteSink(4);
        sink.put((byte) 'x');
        if (!encoder.append(sink, values)) {
            assertThat(sink.size()).as("a refused row leaves the stream as it was").isEqualTo(1);
            return null;
        }
        return java.util.Arrays.copyOfRange(sink.array(), 1, sink.size());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
