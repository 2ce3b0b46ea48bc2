package dev.lightning4j.sources.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.SqlLiteral;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** data-character-set in SQL dumps: quoted strings are decoded; _binary strings and literals stay as they are. */
class SqlCharsetTest {
    private static final Charset GB18030 = Charset.forName("GB18030");

    private static List<Object[]> read(byte[] sql, String charset, String replacement) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        try (RowReader r = new SqlFormatProvider().open(SqlRows.chunk(0, -1), new ByteArrayInputStream(sql),
                new FormatContext(null, charset, replacement))) {
            for (SourceRow row = r.next(); row != null; row = r.next()) {
                rows.add(row.values());
            }
        }
        return rows;
    }

    @Test
    void stringsAreDecodedFromGb18030AndBinaryStringsAreNot() throws IOException {
        byte[] sql = "INSERT INTO t VALUES ('中文 \\'引号\\' 𠀀', _binary'二进制', 42, X'E4B8AD');\n".getBytes(GB18030);
        Object[] row = read(sql, "gb18030", null).get(0);
        assertThat(row[0]).isEqualTo("中文 '引号' 𠀀");
        assertThat(row[1]).isEqualTo("二进制".getBytes(GB18030));
        assertThat(row[2]).isEqualTo(new SqlLiteral(SqlLiteral.Kind.NUMBER, "42"));
        assertThat(row[3]).isEqualTo(new SqlLiteral(SqlLiteral.Kind.HEX, "E4B8AD"));
    }

    @Test
    void invalidBytesAreReplacedOrFailAtTheStringsQuote() throws IOException {
        byte[] prefix = "INSERT INTO t VALUES (1,'ok'),(2,'a".getBytes(GB18030);
        byte[] sql = new byte[prefix.length + 5];
        System.arraycopy(prefix, 0, sql, 0, prefix.length);
        sql[prefix.length] = (byte) 0xFF;
        System.arraycopy("');\n".getBytes(GB18030), 0, sql, prefix.length + 1, 4);
        assertThat(read(sql, "gb18030", "?").get(1)[1]).isEqualTo("a?");
        long quote = prefix.length - 2;
        assertThatThrownBy(() -> read(sql, "gb18030", null)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_SYNTAX);
            assertThat(e.offset()).isEqualTo(quote);
            assertThat(e.file()).isEqualTo(SqlRows.FILE);
            assertThat(e.getMessage()).contains("gb18030", "data-invalid-char-replace");
        });
    }
}
