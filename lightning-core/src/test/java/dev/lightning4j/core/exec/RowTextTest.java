package dev.lightning4j.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.spi.SqlLiteral;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RowTextTest {

    @Test
    void rendersEachKindOfValue() {
        Object[] row = {null, "it's", new byte[] {0x00, 0x7f, (byte) 0xff}, new SqlLiteral(SqlLiteral.Kind.NUMBER,
                "-1.5e3"), new SqlLiteral(SqlLiteral.Kind.HEX, "abc"), new SqlLiteral(SqlLiteral.Kind.BIT, "101"),
                new SqlLiteral(SqlLiteral.Kind.BOOLEAN, "TRUE"), 42, new BigDecimal("1.50")};
        assertThat(RowText.render(row))
                .isEqualTo("(NULL,'it''s',X'007fff',-1.5e3,X'0abc',b'101',TRUE,'42','1.50')");
    }

    @Test
    void emptyRow() {
        assertThat(RowText.render(new Object[0])).isEqualTo("()");
    }

    @Test
    void shortRowIsComplete() {
        assertThat(RowText.render(new Object[] {"a", "b"})).isEqualTo("('a','b')");
    }

    @Test
    void longRowIsShortenedWithAnEllipsis() {
        String big = "x".repeat(1000);
        String text = RowText.render(new Object[] {1, big, "never shown"});
        assertThat(text).hasSize(256 + 3).startsWith("('1','xxx").endsWith("x...").doesNotContain("never");
    }

    @Test
    void manyValuesAreCutToo() {
        Object[] row = new Object[500];
        java.util.Arrays.fill(row, "v");
        String text = RowText.render(row);
        assertThat(text).hasSize(259).endsWith("...");
    }

    @Test
    void longBinaryIsShortened() {
        String text = RowText.render(new Object[] {new byte[10_000]});
        assertThat(text).startsWith("(X'0000").endsWith("...").hasSize(259);
    }
}
