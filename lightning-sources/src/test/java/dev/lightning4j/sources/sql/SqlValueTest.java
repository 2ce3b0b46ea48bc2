package dev.lightning4j.sources.sql;

import dev.lightning4j.spi.SqlLiteral;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static dev.lightning4j.sources.sql.SqlRows.single;
import static dev.lightning4j.sources.sql.SqlRows.value;
import static org.assertj.core.api.Assertions.assertThat;

class SqlValueTest {

    private static SqlLiteral number(String text) {
        return new SqlLiteral(SqlLiteral.Kind.NUMBER, text);
    }

    @Test
    void numbersKeepTheirTextExactlyAsWritten() {
        assertThat(single("INSERT INTO t VALUES (0, 42, -7, +7, 3.25, -1.5e-3, 1E10, .5, 1., 0.0e+0, "
                + "123456789012345678901234567890);"))
                .containsExactly(number("0"), number("42"), number("-7"), number("+7"), number("3.25"),
                        number("-1.5e-3"), number("1E10"), number(".5"), number("1."), number("0.0e+0"),
                        number("123456789012345678901234567890"));
    }

    @Test
    void numbersAreTrimmedOfSurroundingBlanks() {
        assertThat(single("INSERT INTO t VALUES (  12 ,\n\t-3.5\r\n );")).containsExactly(number("12"), number("-3.5"));
    }

    @Test
    void hexLiteralsInAllSpellingsKeepTheirDigitsAndForm() {
        assertThat(single("INSERT INTO t VALUES (X'0aF1', x'0aF1', 0x0AF1, X'');"))
                .containsExactly(new SqlLiteral(SqlLiteral.Kind.HEX, "0aF1"), new SqlLiteral(SqlLiteral.Kind.HEX, "0aF1"),
                        new SqlLiteral(SqlLiteral.Kind.HEX_NUMBER, "0AF1"), new SqlLiteral(SqlLiteral.Kind.HEX, ""));
    }

    @Test
    void bitLiteralsInAllSpellingsKeepTheirDigits() {
        assertThat(single("INSERT INTO t VALUES (b'0101', B'1', 0b0101);"))
                .containsExactly(new SqlLiteral(SqlLiteral.Kind.BIT, "0101"), new SqlLiteral(SqlLiteral.Kind.BIT, "1"),
                        new SqlLiteral(SqlLiteral.Kind.BIT, "0101"));
    }

    @Test
    void nullAndBooleansIgnoreCase() {
        assertThat(single("INSERT INTO t VALUES (NULL, null, NuLl, TRUE, true, FALSE, False);"))
                .containsExactly(null, null, null, new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "TRUE"),
                        new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "TRUE"), new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "FALSE"),
                        new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "FALSE"));
    }

    @Test
    void emptyStringNullAndLookalikesAreDistinct() {
        assertThat(single("INSERT INTO t VALUES ('', NULL, 'NULL', '\\\\N', \"\");"))
                .containsExactly("", null, "NULL", "\\N", "");
    }

    @Test
    void backslashEscapesFollowMysql() {
        assertThat(value("'a\\0b'")).isEqualTo("a\0b");
        assertThat(value("'\\'\\\"\\b\\n\\r\\t\\Z\\\\'")).isEqualTo("'\"\b\n\r\t\u001a\\");
        assertThat(value("'50\\% and a\\_b'")).isEqualTo("50\\% and a\\_b");
        assertThat(value("'\\x\\y\\q\\é'")).isEqualTo("xyqé");
        assertThat(value("\"tab\\there\"")).isEqualTo("tab\there");
    }

    @Test
    void doubledQuotesStandForOneQuote() {
        assertThat(value("'it''s'")).isEqualTo("it's");
        assertThat(value("\"say \"\"hi\"\"\"")).isEqualTo("say \"hi\"");
        assertThat(value("'a\"b'")).isEqualTo("a\"b");
        assertThat(value("\"a'b\"")).isEqualTo("a'b");
        assertThat(value("''''")).isEqualTo("'");
    }

    @Test
    void stringsMaySpanLines() {
        assertThat(single("INSERT INTO t VALUES ('line 1\nline 2\r\nline 3', 'x');"))
                .containsExactly("line 1\nline 2\r\nline 3", "x");
    }

    @Test
    void rawNulBytesAndFourByteUtf8Survive() {
        byte[] sql = "INSERT INTO t VALUES ('a\0b', '😀 naïve 中文', 'x\\0😀');".getBytes(StandardCharsets.UTF_8);
        assertThat(SqlRows.read(sql).get(0).values()).containsExactly("a\0b", "😀 naïve 中文", "x\0😀");
    }

    @Test
    void invalidUtf8StringsBecomeTheirRawBytes() {
        byte[] prefix = "INSERT INTO t VALUES ('".getBytes(StandardCharsets.US_ASCII);
        byte[] body = {(byte) 0xff, 'a', (byte) 0xc3, 0, (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        byte[] suffix = "', 'ok');".getBytes(StandardCharsets.US_ASCII);
        byte[] sql = concat(prefix, body, suffix);
        Object[] values = SqlRows.read(sql).get(0).values();
        assertThat(values[0]).isInstanceOf(byte[].class);
        assertThat((byte[]) values[0]).containsExactly(body);
        assertThat(values[1]).isEqualTo("ok");
    }

    @Test
    void invalidUtf8WithEscapesBecomesTheUnescapedBytes() {
        byte[] sql = concat("INSERT INTO t VALUES ('\\n".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC0,
                (byte) 0x80}, "''');".getBytes(StandardCharsets.US_ASCII));
        assertThat((byte[]) SqlRows.read(sql).get(0).values()[0]).containsExactly('\n', 0xC0, 0x80, '\'');
    }

    @Test
    void binaryIntroducerAlwaysYieldsBytes() {
        Object[] values = single("INSERT INTO t VALUES (_binary'abc', _binary 'a\\0b', _BINARY'', _binary X'0F');");
        assertThat((byte[]) values[0]).containsExactly('a', 'b', 'c');
        assertThat((byte[]) values[1]).containsExactly('a', 0, 'b');
        assertThat((byte[]) values[2]).isEmpty();
        assertThat(values[3]).isEqualTo(new SqlLiteral(SqlLiteral.Kind.HEX, "0F"));
    }

    @Test
    void otherIntroducersAreIgnored() {
        assertThat(single("INSERT INTO t VALUES (_utf8mb4'héllo', _latin1 'x', N'national');"))
                .containsExactly("héllo", "x", "national");
    }

    @Test
    void convertUsingYieldsTheInnerString() {
        assertThat(single("INSERT INTO t VALUES (CONVERT('abc' USING utf8mb4), convert ( _binary'x' using binary ), 1);"))
                .satisfies(v -> assertThat(v[0]).isEqualTo("abc"))
                .satisfies(v -> assertThat((byte[]) v[1]).containsExactly('x'))
                .satisfies(v -> assertThat(v[2]).isEqualTo(number("1")));
    }

    @Test
    void longStringsLargerThanTheBufferAreReadWhole() {
        String big = "ab'c\\".repeat(100_000);
        String escaped = big.replace("\\", "\\\\").replace("'", "''");
        assertThat(value("'" + escaped + "'")).isEqualTo(big);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
