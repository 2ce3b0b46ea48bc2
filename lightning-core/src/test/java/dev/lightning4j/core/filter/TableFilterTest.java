package dev.lightning4j.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter follows TiDB Lightning's table-filter syntax and precedence. */
class TableFilterTest {

    private static TableFilter filter(String... rules) {
        return TableFilter.parse(List.of(rules));
    }

    @Test
    void plainNamesMatchExactly() {
        TableFilter f = filter("shop.orders");
        assertThat(f.matches("shop", "orders")).isTrue();
        assertThat(f.matches("shop", "orders2")).isFalse();
        assertThat(f.matches("shop", "order")).isFalse();
        assertThat(f.matches("shop2", "orders")).isFalse();
    }

    @Test
    void starMatchesAnyRunIncludingEmpty() {
        TableFilter f = filter("db*.*_log");
        assertThat(f.matches("db", "_log")).isTrue();
        assertThat(f.matches("db_prod", "audit_log")).isTrue();
        assertThat(f.matches("xdb", "audit_log")).isFalse();
        assertThat(f.matches("db", "audit_logs")).isFalse();
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() {
        TableFilter f = filter("db?.t??");
        assertThat(f.matches("db1", "t01")).isTrue();
        assertThat(f.matches("db", "t01")).isFalse();
        assertThat(f.matches("db12", "t01")).isFalse();
        assertThat(f.matches("db1", "t1")).isFalse();
        // one Unicode code point, even outside the BMP
        assertThat(f.matches("db\uD83D\uDE00", "t\u00e9x")).isTrue();
    }

    @Test
    void characterRangesAndNegatedRanges() {
        TableFilter f = filter("db[0-9].t[!a]");
        assertThat(f.matches("db5", "tb")).isTrue();
        assertThat(f.matches("dbx", "tb")).isFalse();
        assertThat(f.matches("db5", "ta")).isFalse();
        assertThat(f.matches("db5", "tA")).isFalse(); // case-insensitive, so [!a] also refuses A
    }

    @Test
    void caretInsideBracketsIsLiteralNotNegation() {
        // Lightning escapes `[^`: in a glob only `!` negates
        TableFilter f = filter("db.t[^x]");
        assertThat(f.matches("db", "t^")).isTrue();
        assertThat(f.matches("db", "tx")).isTrue();
        assertThat(f.matches("db", "ty")).isFalse();
    }

    @Test
    void bracketsHoldOnlyGlobSyntaxNotJavaRegexClassSyntax() {
        TableFilter f = filter("db.t[a&&b]");
        assertThat(f.matches("db", "ta")).isTrue();
        assertThat(f.matches("db", "t&")).isTrue();
        assertThat(f.matches("db", "tb")).isTrue();
        assertThat(f.matches("db", "tc")).isFalse();
        TableFilter escapedHyphen = filter("db.t[a\\-c]", "db.u[\\\\-]");
        assertThat(escapedHyphen.matches("db", "t-")).isTrue();
        assertThat(escapedHyphen.matches("db", "tb")).isFalse();
        assertThat(escapedHyphen.matches("db", "u\\")).isTrue();
        assertThat(escapedHyphen.matches("db", "u-")).isTrue();
        TableFilter nested = filter("db.t[[]");
        assertThat(nested.matches("db", "t[")).isTrue();
    }

    @Test
    void backquotedNamesMayHoldDotsAndWildcardCharacters() {
        TableFilter f = filter("`AdventureWorks.Person`.`Pass*word`", "`a``b`.t");
        assertThat(f.matches("AdventureWorks.Person", "Pass*word")).isTrue();
        assertThat(f.matches("AdventureWorks.Person", "Password")).isFalse();
        assertThat(f.matches("AdventureWorksXPerson", "Pass*word")).isFalse();
        assertThat(f.matches("a`b", "t")).isTrue();
    }

    @Test
    void doubleQuotedNamesWorkLikeBackquotedOnes() {
        TableFilter f = filter("\"AdventureWorks.Person\".\"Person\"", "\"a\"\"b\".t");
        assertThat(f.matches("AdventureWorks.Person", "Person")).isTrue();
        assertThat(f.matches("a\"b", "t")).isTrue();
    }

    @Test
    void backslashEscapesASpecialCharacter() {
        TableFilter f = filter("AdventureWorks\\.*.*", "db\\-1.t");
        assertThat(f.matches("AdventureWorks.Person", "x")).isTrue();
        assertThat(f.matches("AdventureWorksPerson", "x")).isFalse();
        assertThat(f.matches("db-1", "t")).isTrue();
    }

    @Test
    void regexPartsMatchAnywhereUnlessAnchored() {
        // Go's MatchString: `/b/` matches db01
        TableFilter f = filter("/b/.t");
        assertThat(f.matches("db01", "t")).isTrue();
        assertThat(f.matches("xyz", "t")).isFalse();

        TableFilter anchored = filter("/^db\\d{2,}$/./^tbl\\d{2,}$/");
        assertThat(anchored.matches("db01", "tbl99")).isTrue();
        assertThat(anchored.matches("db1", "tbl99")).isFalse();
        assertThat(anchored.matches("xdb01", "tbl99")).isFalse();
        assertThat(anchored.matches("db01", "tbl99x")).isFalse();
    }

    @Test
    void regexMayHoldEscapedSlashesAndDots() {
        TableFilter f = filter("/a\\/b/./x.y/");
        assertThat(f.matches("a/b", "xzy")).isTrue();
        assertThat(f.matches("ab", "xzy")).isFalse();
        // an escaped backslash right before the closing slash ends the regex there
        TableFilter g = filter("/a\\\\/.t");
        assertThat(g.matches("a\\", "t")).isTrue();
    }

    @Test
    void regexIsCaseInsensitive() {
        TableFilter f = filter("/^Shop$/./^ORD/");
        assertThat(f.matches("shop", "orders")).isTrue();
        assertThat(f.matches("SHOP", "Orders")).isTrue();
    }

    @Test
    void lastMatchingRuleWins() {
        // the precedence table of Lightning's table-filter documentation
        TableFilter f = filter("employees.*", "!*.dep*", "*.departments");
        assertThat(f.matches("irrelevant", "table")).isFalse();
        assertThat(f.matches("employees", "employees")).isTrue();
        assertThat(f.matches("employees", "dept_emp")).isFalse();
        assertThat(f.matches("employees", "departments")).isTrue();
        assertThat(f.matches("else", "departments")).isTrue();
    }

    @Test
    void exclusionAloneSelectsNothing() {
        TableFilter f = filter("!*.Password");
        assertThat(f.matches("db", "Password")).isFalse();
        assertThat(f.matches("db", "other")).isFalse();
        TableFilter g = filter("*.*", "!*.Password");
        assertThat(g.matches("db", "Password")).isFalse();
        assertThat(g.matches("db", "other")).isTrue();
    }

    @Test
    void noRulesSelectNothing() {
        assertThat(filter().matches("db", "t")).isFalse();
        assertThat(filter("", "  ", "# only a comment").matches("db", "t")).isFalse();
    }

    @Test
    void namesMatchCaseInsensitively() {
        TableFilter f = filter("Shop.Orders", "!shop.AUDIT*");
        assertThat(f.matches("SHOP", "orders")).isTrue();
        assertThat(f.matches("shop", "ORDERS")).isTrue();
        TableFilter g = filter("shop.*", "!SHOP.audit*");
        assertThat(g.matches("Shop", "Audit_Log")).isFalse();
        assertThat(g.matches("Shop", "items")).isTrue();
        assertThat(filter("`Ünïcode`.t").matches("üNÏCODE", "T")).isTrue();
    }

    @Test
    void surroundingWhitespaceIsTrimmed() {
        assertThat(filter("  db.t \t").matches("db", "t")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "MySQL", "sys", "SYS", "information_schema", "INFORMATION_SCHEMA",
            "performance_schema", "Performance_Schema", "metrics_schema", "METRICS_SCHEMA", "inspection_schema",
            "Inspection_Schema"})
    void defaultFilterExcludesSystemSchemasInAnyCase(String schema) {
        TableFilter f = TableFilter.parse(ImportConfig.DEFAULT_FILTER);
        assertThat(f.matches(schema, "user")).isFalse();
        assertThat(f.mayMatchSchema(schema)).isFalse();
    }

    @Test
    void defaultFilterKeepsUserSchemas() {
        TableFilter f = TableFilter.parse(ImportConfig.DEFAULT_FILTER);
        assertThat(f.matches("shop", "orders")).isTrue();
        assertThat(f.matches("mysql2", "t")).isTrue();
        assertThat(f.matches("my_sys", "t")).isTrue();
        assertThat(f.mayMatchSchema("shop")).isTrue();
    }

    @Test
    void mayMatchSchemaFollowsLightningMatchSchema() {
        // a positive rule selects the schema; a negative one excludes it only when it covers every table
        TableFilter f = filter("*.*", "!db1.*", "!db2.secret", "db3.t");
        assertThat(f.mayMatchSchema("db1")).isFalse();
        assertThat(f.mayMatchSchema("db2")).isTrue();
        assertThat(f.mayMatchSchema("other")).isTrue();
        assertThat(filter("db3.t").mayMatchSchema("db3")).isTrue();
        assertThat(filter("db3.t").mayMatchSchema("db4")).isFalse();
        assertThat(filter("!db1.*", "db1.t").mayMatchSchema("db1")).isTrue();
    }

    @Test
    void rulesFromFileWithCommentsAndBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("filter.txt");
        Files.writeString(file, """
                # the shop, except its logs
                shop.*

                   !shop.*_log
                # comment with a bad rule inside: no.dot.here
                *.WorkOrder
                """, StandardCharsets.UTF_8);
        TableFilter f = filter("@" + file);
        assertThat(f.matches("shop", "orders")).isTrue();
        assertThat(f.matches("shop", "audit_log")).isFalse();
        assertThat(f.matches("other", "WorkOrder")).isTrue();
        assertThat(f.matches("other", "x")).isFalse();
    }

    @Test
    void fileRulesTakeTheirPlaceInTheOrder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("deny.txt");
        Files.writeString(file, "!shop.secret\n", StandardCharsets.UTF_8);
        assertThat(filter("shop.*", "@" + file).matches("shop", "secret")).isFalse();
        assertThat(filter("@" + file, "shop.*").matches("shop", "secret")).isTrue();
    }

    @Test
    void badRuleInAFileNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "shop.*\n# fine\nnodot\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> filter("@" + file))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).contains("nodot").contains(file.toString() + ":3");
                });
    }

    @Test
    void filterFilesCannotImportOtherFiles(@TempDir Path dir) throws IOException {
        Path inner = dir.resolve("inner.txt");
        Files.writeString(inner, "db.t\n", StandardCharsets.UTF_8);
        Path outer = dir.resolve("outer.txt");
        Files.writeString(outer, "@" + inner + "\n", StandardCharsets.UTF_8);
        assertInvalid("@" + outer, "@" + inner);
    }

    @Test
    void missingRuleFileIsInvalidOption(@TempDir Path dir) {
        assertInvalid("@" + dir.resolve("absent.txt"), "absent.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nodot", "db.", ".tbl", "db..t", "db.t.x", "/unterminated.t", "db./re", "`db.t",
            "db.`t", "\"db.t", "//.t", "db.[a", "db.[].x", "db.t\\", "db.\\d", "db.t u", "db.t#comment",
            "db-1.t", "db.t'", "db.[!]", "/(/.t", "``.t"})
    void invalidRulesAreRejectedNamingTheRule(String rule) {
        assertInvalid(rule, rule);
    }

    private static void assertInvalid(String rule, String named) {
        assertThatThrownBy(() -> filter("db.ok", rule))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).contains(named);
                });
    }
}
