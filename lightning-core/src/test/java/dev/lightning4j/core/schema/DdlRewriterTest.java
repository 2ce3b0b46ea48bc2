package dev.lightning4j.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.TableName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DdlRewriterTest {
    private static final TableName TARGET = new TableName("db", "t");

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false, value = {
            "CREATE DATABASE `src`|",
            "CREATE DATABASE src|",
            "create database src|",
            "CREATE SCHEMA `src`|",
            "CREATE DATABASE IF NOT EXISTS `src`|",
            "Create Schema If Not Exists src|",
            "CREATE DATABASE `we``ird`|",
            "CREATE DATABASE `src` /*!40100 DEFAULT CHARACTER SET utf8mb4 */| /*!40100 DEFAULT CHARACTER SET utf8mb4 */",
            "CREATE DATABASE IF NOT EXISTS src CHARACTER SET latin1 COLLATE latin1_bin| CHARACTER SET latin1 COLLATE latin1_bin",
            "CREATE SCHEMA `src`DEFAULT CHARSET=utf8|DEFAULT CHARSET=utf8",
    })
    void createDatabaseIsMadeIdempotentForTheTargetName(String statement, String rest) {
        assertThat(DdlRewriter.createDatabase(statement, "target"))
                .isEqualTo("CREATE DATABASE IF NOT EXISTS `target`" + (rest == null ? "" : rest));
    }

    @Test
    void targetDatabaseNameIsQuoted() {
        assertThat(DdlRewriter.createDatabase("CREATE DATABASE x", "my`db.x"))
                .isEqualTo("CREATE DATABASE IF NOT EXISTS `my``db.x`");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/*!40101 SET NAMES binary*/", "DROP DATABASE x", "CREATE TABLE x (a int)",
            "ALTER DATABASE x CHARACTER SET utf8", "SELECT 'CREATE DATABASE x'", "CREATE DATABASES"})
    void otherStatementsAreNoCreateDatabase(String statement) {
        assertThat(DdlRewriter.createDatabase(statement, "target")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false, value = {
            "CREATE TABLE `orders` (`id` int)| (`id` int)",
            "CREATE TABLE orders(id int)|(id int)",
            "create table orders (id int)| (id int)",
            "CREATE TABLE `src`.`orders` (id int)| (id int)",
            "CREATE TABLE src.orders (id int)| (id int)",
            "CREATE TABLE `src` . `orders` (id int)| (id int)",
            "CREATE TABLE src.`orders` (id int)| (id int)",
            "CREATE TABLE IF NOT EXISTS `orders` (id int)| (id int)",
            "CREATE TEMPORARY TABLE `orders` (id int)| (id int)",
            "CREATE TEMPORARY TABLE IF NOT EXISTS src.orders (id int)| (id int)",
            "CREATE TABLE `we``ird.name` (id int)| (id int)",
            "CREATE TABLE `a b` LIKE `c`| LIKE `c`",
            "CREATE TABLE tëst_$1 (id int)| (id int)",
    })
    void createTableIsMadeIdempotentForTheTargetName(String statement, String rest) {
        assertThat(DdlRewriter.createTable(statement, TARGET)).isEqualTo("CREATE TABLE IF NOT EXISTS `db`.`t`" + rest);
    }

    @Test
    void statementsSpanningLinesAreRewritten() {
        assertThat(DdlRewriter.createDatabase("CREATE\n  DATABASE\t`src`\n/*!40100 x */", "target"))
                .isEqualTo("CREATE DATABASE IF NOT EXISTS `target`\n/*!40100 x */");
        assertThat(DdlRewriter.createTable("CREATE\nTABLE\n`orders`\n(\n`id` int\n) ENGINE=InnoDB", TARGET))
                .isEqualTo("CREATE TABLE IF NOT EXISTS `db`.`t`\n(\n`id` int\n) ENGINE=InnoDB");
    }

    @Test
    void targetTableNameIsQuoted() {
        assertThat(DdlRewriter.createTable("CREATE TABLE x (a int)", new TableName("d`b", "t.x`")))
                .isEqualTo("CREATE TABLE IF NOT EXISTS `d``b`.`t.x``` (a int)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/*!40101 SET NAMES binary*/", "CREATE DATABASE x", "CREATE TABLESPACE ts ADD DATAFILE 'f'",
            "CREATE VIEW v AS SELECT 1", "DROP TABLE IF EXISTS t", "ALTER TABLE t ADD x int",
            "INSERT INTO t VALUES ('CREATE TABLE x (a int)')", "CREATE TABLEX (a int)"})
    void otherStatementsAreNoCreateTable(String statement) {
        assertThat(DdlRewriter.createTable(statement, TARGET)).isNull();
    }
}
