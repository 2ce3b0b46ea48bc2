package dev.lightning4j.sources.csv;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;

import static dev.lightning4j.sources.csv.CsvTesting.FILE;
import static dev.lightning4j.sources.csv.CsvTesting.Scanner;
import static dev.lightning4j.sources.csv.CsvTesting.chunk;
import static dev.lightning4j.sources.csv.CsvTesting.read;
import static dev.lightning4j.sources.csv.CsvTesting.utf8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** Malformed data fails with SOURCE_SYNTAX naming file, absolute byte offset and table, and what to do. */
class CsvSyntaxErrorTest {
    private static final CsvOptions PLAIN = CsvOptions.builder().header(false).backslashEscape(false).build();
    private static final CsvOptions ESCAPED = CsvOptions.builder().header(false).build();

    private static ImportException fail(Scanner kind, CsvOptions o, String data, long chunkStart) {
        try {
            read(kind, o, new ByteArrayInputStream(utf8(data)), chunk(chunkStart, -1));
        } catch (ImportException e) {
            return e;
        }
        throw new AssertionError("no error for " + data);
    }

    private static void assertError(ImportException e, long offset, String... fragments) {
        org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_SYNTAX);
        org.assertj.core.api.Assertions.assertThat(e.file()).isEqualTo(FILE);
        org.assertj.core.api.Assertions.assertThat(e.table()).isEqualTo("db.t");
        org.assertj.core.api.Assertions.assertThat(e.offset()).isEqualTo(offset);
        org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains(fragments)
                .contains("file db.t.csv at byte " + offset);
    }

    @ParameterizedTest
    @EnumSource(value = Scanner.class, names = {"BYTES", "FASTCSV"})
    void unterminatedQuotedFieldPointsAtTheOpeningQuote(Scanner kind) {
        assertError(fail(kind, PLAIN, "a,b\nc,\"open\nmore", 1000), 1006, "unterminated quoted field",
                "close the quoted field");
    }

    @ParameterizedTest
    @EnumSource(value = Scanner.class, names = {"BYTES", "FASTCSV"})
    void dataAfterTheClosingQuote(Scanner kind) {
        assertError(fail(kind, PLAIN, "x,y\n\"ab\"c,d\n", 0), 8, "data after the closing quote", "near \"c,d\\n\"",
                "put a separator right after the closing");
    }

    @ParameterizedTest
    @EnumSource(value = Scanner.class, names = {"BYTES", "FASTCSV"})
    void quoteInsideAnUnquotedField(Scanner kind) {
        assertError(fail(kind, PLAIN, "ok\nab\"c\"\n", 0), 5, "quote delimiter inside an unquoted field");
    }

    @org.junit.jupiter.api.Test
    void escapedErrors() {
        assertError(fail(Scanner.BYTES, ESCAPED, "a,\"b\\\"\n", 0), 2, "unterminated quoted field",
                "escaped with a backslash");
        assertError(fail(Scanner.BYTES, ESCAPED, "a,b\\", 0), 3, "backslash at the end");
        assertError(fail(Scanner.BYTES, ESCAPED, "\"a\"\\n,b\n", 0), 3, "data after the closing quote");
        CsvOptions multi = ESCAPED.toBuilder().separator("|+|").delimiter("$$").build();
        assertError(fail(Scanner.BYTES, multi, "$$a$$|b\n", 0), 5, "data after the closing quote");
    }

    @ParameterizedTest
    @EnumSource(value = Scanner.class, names = {"BYTES", "FASTCSV"})
    void headerWithRepeatedOrEmptyNames(Scanner kind) {
        CsvOptions header = PLAIN.toBuilder().header(true).build();
        assertThatThrownBy(() -> read(kind, header, new ByteArrayInputStream(utf8("id,Name,name\n1,2,3\n")),
                chunk(0, -1))).asInstanceOf(type(ImportException.class))
                .satisfies(e -> assertHeader(e, "names column 'name' twice"));
        assertThatThrownBy(() -> read(kind, header, new ByteArrayInputStream(utf8("id, ,x\n")), chunk(0, -1)))
                .asInstanceOf(type(ImportException.class))
                .satisfies(e -> assertHeader(e, "empty name for column 2"));
        // Without schema matching the header is only skipped, so its names do not matter.
        CsvOptions skip = header.toBuilder().headerSchemaMatch(false).build();
        org.assertj.core.api.Assertions.assertThat(read(kind, skip, new ByteArrayInputStream(utf8("a,a,\n1,2,3\n")),
                chunk(0, -1))).hasSize(1);
    }

    private static void assertHeader(ImportException e, String fragment) {
        org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_SYNTAX);
        org.assertj.core.api.Assertions.assertThat(e.offset()).isZero();
        org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains(fragment, "header-schema-match=false",
                "db.t.csv", "db.t");
    }
}
