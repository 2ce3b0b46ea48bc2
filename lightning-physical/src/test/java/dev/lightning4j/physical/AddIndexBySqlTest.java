package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AddIndexBySqlTest {

    @Test
    void indexDefinitionsAreTakenAsTidbPrintsThemAndThePrimaryKeyAndConstraintsAreLeftOut() {
        String ddl = "CREATE TABLE `t` (\n"
                + "  `id` bigint NOT NULL,\n"
                + "  `name` varchar(64) DEFAULT NULL,\n"
                + "  `KEY x` int DEFAULT NULL,\n"
                + "  `p` int DEFAULT NULL,\n"
                + "  PRIMARY KEY (`id`) /*T![clustered_index] NONCLUSTERED */,\n"
                + "  UNIQUE KEY `uk_name` (`name`(10),`p`),\n"
                + "  KEY `k_back``tick` (`p` DESC) USING BTREE COMMENT 'a, b',\n"
                + "  KEY `k_hidden` (`p`) /*!80000 INVISIBLE */,\n"
                + "  KEY `k_expr` ((lower(`name`))),\n"
                + "  FULLTEXT KEY `ft` (`name`),\n"
                + "  CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `o` (`id`)\n"
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
        Map<String, String> defs = AddIndexBySql.parse(ddl);
        assertThat(defs.keySet()).containsExactly("uk_name", "k_back`tick", "k_hidden", "k_expr", "ft");
        assertThat(defs).containsEntry("uk_name", "UNIQUE KEY `uk_name` (`name`(10),`p`)")
                .containsEntry("k_back`tick", "KEY `k_back``tick` (`p` DESC) USING BTREE COMMENT 'a, b'")
                .containsEntry("k_hidden", "KEY `k_hidden` (`p`) /*!80000 INVISIBLE */")
                .containsEntry("k_expr", "KEY `k_expr` ((lower(`name`)))")
                .containsEntry("ft", "FULLTEXT KEY `ft` (`name`)");
        // A saved definition reads back as itself.
        assertThat(AddIndexBySql.parse(defs.get("uk_name"))).containsExactly(Map.entry("uk_name",
                "UNIQUE KEY `uk_name` (`name`(10),`p`)"));
    }
}
