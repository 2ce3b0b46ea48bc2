package dev.lightning4j.core.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.PrecheckFinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsTest {
    @Test
    void globalAllGrantsEverything() {
        Grants g = Grants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION",
                "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION"));
        assertThat(g.has("INSERT", "any")).isTrue();
        assertThat(g.unresolved()).isFalse();
    }

    @Test
    void databaseGrantsWithWildcardsAndEscapes() {
        Grants g = Grants.parse(List.of("GRANT USAGE ON *.* TO `u`@`%` IDENTIFIED BY PASSWORD '*AB'",
                "GRANT SELECT, INSERT ON `shop`.* TO `u`@`%`",
                "GRANT CREATE ON `log\\_%`.* TO `u`@`%`",
                "GRANT DELETE ON `we``ird`.* TO `u`@`%`"));
        assertThat(g.has("SELECT", "shop")).isTrue();
        assertThat(g.has("INSERT", "SHOP")).isTrue(); // database names compare case-insensitively here
        assertThat(g.has("CREATE", "shop")).isFalse();
        assertThat(g.has("CREATE", "log_2026")).isTrue();
        assertThat(g.has("CREATE", "logx2026")).isFalse(); // \_ is a literal underscore
        assertThat(g.has("DELETE", "we`ird")).isTrue();
        assertThat(g.unresolved()).isFalse();
    }

    @Test
    void tableGrantsAndRolesAreNotedAsUnresolved() {
        Grants table = Grants.parse(List.of("GRANT INSERT (`a`), SELECT ON `shop`.`t` TO `u`@`%`"));
        assertThat(table.has("INSERT", "shop")).isFalse();
        assertThat(table.unresolved()).isTrue();
        Grants role = Grants.parse(List.of("GRANT `importer` TO `u`@`%`"));
        assertThat(role.unresolved()).isTrue();
    }

    @Test
    void tidbOlderThanFourIsRefusedAndOthersPass() {
        TargetVersionCheck check = new TargetVersionCheck();
        assertThat(check.check("5.7.25-TiDB-v3.0.19").severity()).isEqualTo(PrecheckFinding.Severity.ERROR);
        assertThat(check.check("5.7.25-TiDB-v3.0.19").message()).contains("TiDB 3.0").contains("4.0");
        assertThat(check.check("8.0.11-TiDB-v7.5.1").severity()).isEqualTo(PrecheckFinding.Severity.OK);
        assertThat(check.check("11.4.5-MariaDB").severity()).isEqualTo(PrecheckFinding.Severity.OK);
    }
}
