package dev.lightning4j;

import java.util.List;

/**
 * What {@link ImportBuilder#precheck()} found; nothing was changed on the target to find it.
 *
 * @param findings every check's result, in the order the checks ran
 */
public record PrecheckReport(List<PrecheckFinding> findings) {
    /**
     * Copies {@code findings}, which must not be null.
     *
     * @param findings every check's result, in the order the checks ran
     */
    public PrecheckReport {
        findings = List.copyOf(findings);
    }

    /**
     * Whether an import would start: no finding is an error.
     *
     * @return true when there is no {@link PrecheckFinding.Severity#ERROR} finding (warnings allowed)
     */
    public boolean passed() {
        return errors().isEmpty();
    }

    /**
     * The findings that would stop an import.
     *
     * @return the {@link PrecheckFinding.Severity#ERROR} findings in check order; empty when the report passed
     */
    public List<PrecheckFinding> errors() {
        return bySeverity(PrecheckFinding.Severity.ERROR);
    }

    /**
     * The findings a user should look at but that do not stop an import.
     *
     * @return the {@link PrecheckFinding.Severity#WARNING} findings in check order
     */
    public List<PrecheckFinding> warnings() {
        return bySeverity(PrecheckFinding.Severity.WARNING);
    }

    private List<PrecheckFinding> bySeverity(PrecheckFinding.Severity s) {
        return findings.stream().filter(f -> f.severity() == s).toList();
    }

    /**
     * The report for people.
     *
     * @return one finding per line, each ending in a newline; empty when there are no findings
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (PrecheckFinding f : findings) {
            sb.append(f).append('\n');
        }
        return sb.toString();
    }
}
