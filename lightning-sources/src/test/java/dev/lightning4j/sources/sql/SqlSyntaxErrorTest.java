package dev.lightning4j.sources.sql;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.SourceRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SqlSyntaxErrorTest {

    /** Reads {@code sql} to the end and returns the syntax error it must raise. */
    private static ImportException errorOf(String sql) {
        ImportException e = catchThrowableOfType(ImportException.class, () -> SqlRows.read(sql));
        assertThat(e).as("an error for %s", sql).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_SYNTAX);
        assertThat(e.file()).isEqualTo(SqlRows.FILE);
        assertThat(e.table()).isEqualTo("db.t");
        assertThat(e.reason()).endsWith("; fix the file or exclude it with a filter");
        assertThat(e.getMessage()).contains("file " + SqlRows.FILE + " at byte " + e.offset());
        return e;
    }

    @Test
    void unterminatedStringPointsAtItsOpeningQuote() {
        String sql = "INSERT INTO t VALUES (1,'abc\ndef";
        ImportException e = errorOf(sql);
        assertThat(e.offset()).isEqualTo(sql.indexOf('\''));
        assertThat(e.reason()).startsWith("unterminated string at end of file, near ''abc\\ndef'");
    }

    @Test
    void unterminatedStringEndingInBackslash() {
        String sql = "INSERT INTO t VALUES (\"abc\\";
        assertThat(errorOf(sql).offset()).isEqualTo(sql.indexOf('"'));
    }

    @Test
    void aFileThatIsNotSqlIsAnErrorNotSkippedStatements() {
        String sql = "SET NAMES binary;\n\u00e9\u00bf\u0001data;INSERT INTO t VALUES (1);";
        ImportException e = errorOf(sql);
        assertThat(e.offset()).isEqualTo("SET NAMES binary;\n".length());
        assertThat(e.reason()).startsWith("expected a statement (INSERT, REPLACE, SET, ...) but the file does not look"
                + " like SQL here");
        // statements that start with a keyword are still skipped
        assertThat(catchThrowableOfType(ImportException.class,
                () -> SqlRows.read("LOCK TABLES t WRITE;\nINSERT INTO t VALUES (1);UNLOCK TABLES;"))).isNull();
    }

    @Test
    void garbageBetweenTuples() {
        String sql = "INSERT INTO t VALUES (1) x (2);";
        ImportException e = errorOf(sql);
        assertThat(e.offset()).isEqualTo(sql.indexOf('x'));
        assertThat(e.reason()).startsWith("expected ',' or ';' after a row of VALUES, near 'x (2);'");
    }

    @Test
    void missingClosingParenthesisAtEndOfFile() {
        String sql = "INSERT INTO t VALUES (1, 2";
        ImportException e = errorOf(sql);
        assertThat(e.offset()).isEqualTo(sql.length());
        assertThat(e.reason()).contains("missing ')'").contains("row starting at byte 21");
    }

    @Test
    void missingClosingParenthesisBeforeSemicolon() {
        String sql = "INSERT INTO t VALUES (1, 2;\nINSERT INTO t VALUES (3);";
        ImportException e = errorOf(sql);
        assertThat(e.offset()).isEqualTo(sql.indexOf(';'));
        assertThat(e.reason()).contains("expected ',' or ')'").contains("near ';\\nINSERT INTO t VALU'");
    }

    @Test
    void unknownTokensInAValue() {
        String sql = "INSERT INTO t VALUES (1, DEFAULT);";
        ImportException e = errorOf(sql);
        assertThat(e.offset()).isEqualTo(sql.indexOf("DEFAULT"));
        assertThat(e.reason()).startsWith("unknown token where a value was expected, near 'DEFAULT);'");

        String at = "INSERT INTO t VALUES (@x);";
        assertThat(errorOf(at).offset()).isEqualTo(at.indexOf('@'));
        String fn = "INSERT INTO t VALUES (NOW());";
        assertThat(errorOf(fn).offset()).isEqualTo(fn.indexOf("NOW"));
    }

    @Test
    void malformedLiterals() {
        for (String bad : List.of("1.2.3", "12abc", "1e", "-", "X'0G'", "0xZZ", "b'012'", "0b2")) {
            String sql = "INSERT INTO t VALUES (7, " + bad + ");";
            ImportException e = errorOf(sql);
            assertThat(e.offset()).as(bad).isEqualTo(sql.indexOf(bad));
            assertThat(e.reason()).as(bad).startsWith("malformed").contains("near '" + bad);
        }
    }

    @Test
    void missingValue() {
        String sql = "INSERT INTO t VALUES (1,,2);";
        ImportException e = errorOf(sql);
        assertThat(e.offset()).isEqualTo(sql.indexOf(",,") + 1);
        assertThat(e.reason()).startsWith("a value is missing");
    }

    @Test
    void insertWithoutValues() {
        String select = "INSERT INTO t SELECT * FROM u;";
        ImportException e = errorOf(select);
        assertThat(e.offset()).isEqualTo(select.indexOf("SELECT"));
        assertThat(e.reason()).startsWith("INSERT without VALUES").contains("near 'SELECT * FROM u;'");

        String set = "SET NAMES binary;\nINSERT INTO t SET a = 1;";
        assertThat(errorOf(set).offset()).isEqualTo(set.indexOf("SET a"));
        assertThat(errorOf("INSERT INTO t (a, b VALUES (1, 2);").reason()).startsWith("expected ',' or ')' in the column list");
    }

    @Test
    void tupleListNotStartingWithParenthesis() {
        String sql = "INSERT INTO t VALUES 1, 2;";
        assertThat(errorOf(sql).offset()).isEqualTo(sql.indexOf('1'));
        String trailingComma = "INSERT INTO t VALUES (1),;";
        assertThat(errorOf(trailingComma).offset()).isEqualTo(trailingComma.indexOf(';'));
    }

    @Test
    void unterminatedCommentAndIdentifier() {
        String comment = "INSERT INTO t VALUES (1) /* never closed";
        assertThat(errorOf(comment).offset()).isEqualTo(comment.indexOf("/*"));
        String ident = "INSERT INTO `t VALUES (1);";
        ImportException e = errorOf(ident);
        assertThat(e.offset()).isEqualTo(ident.indexOf('`'));
        assertThat(e.reason()).startsWith("unterminated quoted identifier");
    }

    @Test
    void strayBytesWhereAStatementShouldStart() {
        String sql = "INSERT INTO t VALUES (1);\n(2);";
        ImportException e = errorOf(sql);
        assertThat(e.offset()).isEqualTo(sql.indexOf("(2)"));
        assertThat(e.reason()).startsWith("expected a statement");
    }

    @Test
    void rowsBeforeAnErrorAreStillDelivered() throws IOException {
        byte[] sql = "INSERT INTO t VALUES (1),(2),(3 x);".getBytes(StandardCharsets.US_ASCII);
        try (SqlRowReader reader = new SqlRowReader(SqlRows.chunk(0, -1), new ByteArrayInputStream(sql))) {
            SourceRow first = reader.next();
            SourceRow second = reader.next();
            assertThat(first.endOffset()).isEqualTo(24);
            assertThat(second.startOffset()).isEqualTo(25);
            assertThatThrownBy(reader::next).isInstanceOf(ImportException.class);
        }
    }

    @Test
    void ioErrorsPropagateAsIoExceptions() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        assertThatThrownBy(() -> new SqlRowReader(SqlRows.chunk(0, -1), failing).next())
                .isInstanceOf(IOException.class).hasMessage("disk on fire");
    }
}
