package dev.lightning4j.core.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.PrecheckFinding;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sort directory's room against the source, with and without a disk quota, as TiDB Lightning judges it. */
class SortDirSpaceCheckTest {
    private final SortDirSpaceCheck check = new SortDirSpaceCheck();
    private final Path dir = Path.of("/sort");

    @Test
    void roomForTheSourcePasses() {
        PrecheckFinding f = check.judge(dir, 1000, 1000, 0);
        assertThat(f.severity()).isEqualTo(PrecheckFinding.Severity.OK);
    }

    @Test
    void shortOfRoomWithoutAQuotaStopsTheImportNamingTheQuotaAsAWayOut() {
        PrecheckFinding f = check.judge(dir, 999, 1000, 0);
        assertThat(f.severity()).isEqualTo(PrecheckFinding.Severity.ERROR);
        assertThat(f.code()).isEqualTo(ErrorCode.INVALID_OPTION);
        assertThat(f.message()).contains("999 bytes free").contains("1000 bytes");
        assertThat(f.whatToDo()).contains("tikv-importer.disk-quota below 999 bytes");
    }

    @Test
    void shortOfRoomWithAQuotaBelowTheFreeSpaceIsOnlyAWarning() {
        PrecheckFinding f = check.judge(dir, 500, 1000, 400);
        assertThat(f.severity()).isEqualTo(PrecheckFinding.Severity.WARNING);
        assertThat(f.message()).contains("tikv-importer.disk-quota (400 bytes) will import the largest tables early");
    }

    @Test
    void aQuotaNotBelowTheFreeSpaceDoesNotHelp() {
        PrecheckFinding f = check.judge(dir, 500, 1000, 500);
        assertThat(f.severity()).isEqualTo(PrecheckFinding.Severity.ERROR);
        assertThat(f.message()).contains("is not below the free space");
    }
}
