package dev.lightning4j.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaStatementsTest {
    @Test
    void sessionSettingsIncludingExecutableComments() {
        assertThat(SchemaStatements.isSessionSetting("/*!40101 SET NAMES binary*/")).isTrue();
        assertThat(SchemaStatements.isSessionSetting("/*!40014 SET FOREIGN_KEY_CHECKS=0*/")).isTrue();
        assertThat(SchemaStatements.isSessionSetting("SET sql_mode=''")).isTrue();
        assertThat(SchemaStatements.isSessionSetting("DROP TABLE victim")).isFalse();
        assertThat(SchemaStatements.isSessionSetting("/*!40101 DROP TABLE victim*/")).isFalse();
        assertThat(SchemaStatements.isSessionSetting("SETTLE")).isFalse();
    }

    @Test
    void viewFilesMayOnlyActOnTheViewItself() {
        assertThat(SchemaStatements.actsOnView("CREATE TABLE `v`(`a` int) ENGINE=MyISAM", "db", "v")).isTrue();
        assertThat(SchemaStatements.actsOnView("DROP TABLE IF EXISTS `v`", "db", "v")).isTrue();
        assertThat(SchemaStatements.actsOnView("DROP VIEW IF EXISTS `db`.`v`", "db", "v")).isTrue();
        assertThat(SchemaStatements.actsOnView("CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`%` SQL SECURITY DEFINER"
                + " VIEW `v` (`a`) AS SELECT `a` FROM `t`", "db", "v")).isTrue();
        assertThat(SchemaStatements.actsOnView("DROP TABLE IF EXISTS `victim`", "db", "v")).isFalse();
        assertThat(SchemaStatements.actsOnView("DROP TABLE `v`, `victim`", "db", "v")).isFalse();
        assertThat(SchemaStatements.actsOnView("DROP TABLE `other`.`v`", "db", "v")).isFalse();
        assertThat(SchemaStatements.actsOnView("GRANT ALL ON *.* TO x", "db", "v")).isFalse();
        assertThat(SchemaStatements.actsOnView("DROP DATABASE db", "db", "v")).isFalse();
    }
}
