package dev.lightning4j.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsAtSemicolonsAndTrims() {
        assertThat(SqlScript.split("  SELECT 1 ;\n SELECT 2;SELECT 3  ")).containsExactly("SELECT 1", "SELECT 2",
                "SELECT 3");
    }

    @Test
    void emptyStatementsAreLeftOut() {
        assertThat(SqlScript.split(";; \n ;")).isEmpty();
        assertThat(SqlScript.split("")).isEmpty();
        assertThat(SqlScript.split("a;;b")).containsExactly("a", "b");
    }

    @Test
    void semicolonsInsideStringsDoNotSplit() {
        assertThat(SqlScript.split("INSERT INTO t VALUES ('a;b', \"c;d\");SELECT 1"))
                .containsExactly("INSERT INTO t VALUES ('a;b', \"c;d\")", "SELECT 1");
    }

    @Test
    void escapedAndDoubledQuotesStayInsideTheString() {
        assertThat(SqlScript.split("SELECT 'it\\'s;', 'it''s;', \"a\\\";\", \"b\"\";\"; SELECT 2"))
                .containsExactly("SELECT 'it\\'s;', 'it''s;', \"a\\\";\", \"b\"\";\"", "SELECT 2");
        // an escaped backslash closes nothing: the quote after it ends the string
        assertThat(SqlScript.split("SELECT 'x\\\\';SELECT 2")).containsExactly("SELECT 'x\\\\'", "SELECT 2");
    }

    @Test
    void backquotedNamesMayHoldSemicolonsAndDoubledBackquotes() {
        assertThat(SqlScript.split("CREATE TABLE `a;b` (`c``;` int);SELECT 1"))
                .containsExactly("CREATE TABLE `a;b` (`c``;` int)", "SELECT 1");
        // a backslash is no escape in a backquoted name
        assertThat(SqlScript.split("CREATE TABLE `a\\`(x int);SELECT 1"))
                .containsExactly("CREATE TABLE `a\\`(x int)", "SELECT 1");
    }

    @Test
    void commentsAreDropped() {
        String sql = """
                -- header; with a semicolon
                # another; comment, isn't it
                CREATE TABLE t ( -- trailing; comment
                  id int /* inline; comment */ PRIMARY KEY
                );
                /* block
                   comment; */
                SELECT 1;--
                """;
        assertThat(SqlScript.split(sql)).hasSize(2).allSatisfy(s -> {
            assertThat(s).doesNotContain("comment").doesNotContain("--").doesNotContain("#");
        });
        assertThat(SqlScript.split(sql).get(0)).startsWith("CREATE TABLE t (").contains("id int").contains("PRIMARY KEY");
        assertThat(SqlScript.split(sql).get(1)).isEqualTo("SELECT 1");
    }

    @Test
    void doubleDashWithoutSpaceIsNoComment() {
        // MySQL needs whitespace after --: 1--1 is 1 minus -1
        assertThat(SqlScript.split("SELECT 1--1;SELECT 2")).containsExactly("SELECT 1--1", "SELECT 2");
    }

    @Test
    void commentMarkersInsideStringsAreText() {
        assertThat(SqlScript.split("SELECT '-- x', '# y', '/* z */', `#w`;SELECT 2"))
                .containsExactly("SELECT '-- x', '# y', '/* z */', `#w`", "SELECT 2");
    }

    @Test
    void executableCommentsAreKept() {
        String dumpling = "/*!40101 SET NAMES binary*/;\n/*!40014 SET FOREIGN_KEY_CHECKS=0*/;\n"
                + "CREATE DATABASE `db` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n";
        assertThat(SqlScript.split(dumpling)).containsExactly("/*!40101 SET NAMES binary*/",
                "/*!40014 SET FOREIGN_KEY_CHECKS=0*/", "CREATE DATABASE `db` /*!40100 DEFAULT CHARACTER SET utf8mb4 */");
        // a ; inside an executable comment does not split it
        assertThat(SqlScript.split("/*!50003 SET @x = 1; SET @y = 2 */;SELECT 1"))
                .containsExactly("/*!50003 SET @x = 1; SET @y = 2 */", "SELECT 1");
    }

    @Test
    void unterminatedQuoteIsAnErrorWithItsOffset() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 1;\nSELECT 'abc;"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated")
                .hasMessageContaining("17");
        assertThatThrownBy(() -> SqlScript.split("CREATE TABLE `t (x int);"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> SqlScript.split("SELECT \"x\\\""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> SqlScript.split("SELECT 'x\\"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
    }

    @Test
    void unterminatedBlockCommentIsAnError() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 1 /* no end"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comment")
                .hasMessageContaining("9");
        assertThatThrownBy(() -> SqlScript.split("/*!40101 SET NAMES binary"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dumplingTableSchemaFile() {
        String file = """
                /*!40014 SET FOREIGN_KEY_CHECKS=0*/;
                /*!40101 SET NAMES binary*/;
                CREATE TABLE `orders` (
                  `id` bigint NOT NULL AUTO_INCREMENT,
                  `note` varchar(20) DEFAULT 'a;b' COMMENT 'it''s',
                  PRIMARY KEY (`id`) /*T![clustered_index] CLUSTERED */
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
                """;
        assertThat(SqlScript.split(file)).hasSize(3).last().asString()
                .startsWith("CREATE TABLE `orders` (").contains("DEFAULT 'a;b' COMMENT 'it''s'")
                .endsWith("COLLATE=utf8mb4_bin");
    }

    @Test
    void tidbAndMariaDbExecutableCommentsAreKept() {
        // TiDB runs /*T![feature] ... */ (clustered indexes, AUTO_RANDOM), MariaDB runs /*M!version ... */;
        // the other servers read both as plain comments, so keeping them is always right
        assertThat(SqlScript.split("CREATE TABLE t (id bigint /*T![auto_rand] AUTO_RANDOM(5) */,"
                + " PRIMARY KEY (id) /*T![clustered_index] CLUSTERED */) /*M!100100 PAGE_CHECKSUM=1 */"))
                .containsExactly("CREATE TABLE t (id bigint /*T![auto_rand] AUTO_RANDOM(5) */,"
                        + " PRIMARY KEY (id) /*T![clustered_index] CLUSTERED */) /*M!100100 PAGE_CHECKSUM=1 */");
        assertThat(SqlScript.split("SELECT 1 /*T is no marker */")).containsExactly("SELECT 1");
    }
}
