package dev.lightning4j.core.precheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.PrecheckFinding;
import dev.lightning4j.PrecheckReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The extension point: added checks report into the same report, a crashing check becomes a finding. */
class PrecheckerTest {
    private static PrecheckCheck check(String name, PrecheckFinding finding) {
        return new PrecheckCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(PrecheckContext context, List<PrecheckFinding> out) {
                out.add(finding);
            }
        };
    }

    @Test
    void addedChecksReportAndFailuresBecomeFindings() {
        PrecheckCheck checkpoint = check("checkpoint-consistency", PrecheckFinding.error("checkpoint-consistency",
                ErrorCode.INVALID_OPTION, "the checkpoint was made for another source", "remove the checkpoint")
                .at("db.t.0.sql", "db.t"));
        PrecheckCheck crashing = new PrecheckCheck() {
            @Override
            public String name() {
                return "crashing";
            }

            @Override
            public void run(PrecheckContext context, List<PrecheckFinding> out) {
                throw new IllegalStateException("boom");
            }
        };
        PrecheckCheck fine = check("fine", PrecheckFinding.warning("fine", "a warning", "look at it"));
        PrecheckReport report = Prechecker.of(List.of(fine, checkpoint, crashing)).run(null);

        assertThat(report.findings()).extracting(PrecheckFinding::check)
                .containsExactly("fine", "checkpoint-consistency", "crashing");
        assertThat(report.passed()).isFalse();
        assertThat(report.errors().get(1).message()).contains("boom");
        assertThat(report.render()).contains("ERROR [checkpoint-consistency] the checkpoint was made for another source"
                + " (file db.t.0.sql, table db.t) -> remove the checkpoint");

        assertThatThrownBy(() -> Prechecker.enforce(report)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
            assertThat(e.file()).isEqualTo("db.t.0.sql");
            assertThat(e.table()).isEqualTo("db.t");
            assertThat(e.getMessage()).contains("nothing was written").contains("boom");
        });
        Prechecker.enforce(Prechecker.of(List.of(fine)).run(null)); // warnings alone do not stop an import
    }
}
