package dev.lightning4j.logical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.RowError;
import dev.lightning4j.spi.SqlLiteral;
import java.math.BigDecimal;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The literal text handed to the server, and how server errors are read. */
class SqlValuesTest {

    @Test
    void rendersEachValueForm() {
        StringBuilder sb = new StringBuilder();
        new SqlValues(false).appendTuple(sb, new Object[] {null, "a'b\\c\0\n\r\u001A", new byte[] {0, (byte) 0xAB},
            new SqlLiteral(SqlLiteral.Kind.BIT, "101"), new SqlLiteral(SqlLiteral.Kind.HEX, "abc"), new BigDecimal("1E+3"),
            true, new byte[0]});
        assertThat(sb).hasToString("(NULL,'a\\'b\\\\c\\0\\n\\r\\Z',X'00AB',b'101',X'0abc',1000,1,'')");
    }

    @Test
    void noBackslashEscapesOnlyDoublesQuotes() {
        StringBuilder sb = new StringBuilder();
        SqlValues.forSqlMode("ANSI_QUOTES,no_backslash_escapes").append(sb, "a'b\\c");
        assertThat(sb).hasToString("'a''b\\c'");
    }

    @Test
    void countsUtf8Bytes() {
        String s = "aé中😀";
        assertThat(SqlValues.utf8Length(s, 0, s.length())).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void classifiesServerErrors() {
        assertThat(SqlFailure.classify(new SQLException("deadlock", "40001", 1213))).isEqualTo(SqlFailure.TRANSIENT);
        assertThat(SqlFailure.classify(new SQLException("write conflict", "HY000", 9007))).isEqualTo(SqlFailure.TRANSIENT);
        assertThat(SqlFailure.classify(new SQLException("link failure", "08S01", 0))).isEqualTo(SqlFailure.CONNECTION);
        assertThat(SqlFailure.classify(new SQLException("too long", "22001", 1406))).isEqualTo(SqlFailure.ROW);
        assertThat(SqlFailure.classify(new SQLException("dup", "23000", 1062))).isEqualTo(SqlFailure.ROW);
        assertThat(SqlFailure.classify(new SQLException("no table", "42S02", 1146))).isEqualTo(SqlFailure.FATAL);
        assertThat(SqlFailure.rowKind(new SQLException("dup", "23000", 1062))).isEqualTo(RowError.Kind.CONFLICT);
        assertThat(SqlFailure.rowKind(new SQLException("count", "21S01", 1136))).isEqualTo(RowError.Kind.COLUMN_COUNT);
        assertThat(SqlFailure.rowKind(new SQLException("range", "22003", 1264))).isEqualTo(RowError.Kind.TYPE);
    }
}
