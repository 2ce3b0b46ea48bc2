package dev.lightning4j;

import java.util.List;

/** What {@link ImportBuilder#precheck()} found; nothing was changed on the target to find it. */
public record PrecheckReport(List<PrecheckFinding> findings) {
    public PrecheckReport {
        findings = List.copyOf(findings);
    }

    /** True when no finding is an error: an import would start. */
    public boolean passed() {
        return errors().isEmpty();
    }

    public List<PrecheckFinding> errors() {
        return bySeverity(PrecheckFinding.Severity.ERROR);
    }

    public List<PrecheckFinding> warnings() {
        return bySeverity(PrecheckFinding.Severity.WARNING);
    }

    private List<PrecheckFinding> bySeverity(PrecheckFinding.Severity s) {
        return findings.stream().filter(f -> f.severity() == s).toList();
    }

    /** One finding per line. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (PrecheckFinding f : findings) {
            sb.append(f).append('\n');
        }
        return sb.toString();
    }
}
