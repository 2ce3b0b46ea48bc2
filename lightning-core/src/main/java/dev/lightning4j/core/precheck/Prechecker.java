package dev.lightning4j.core.precheck;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.PrecheckFinding;
import dev.lightning4j.PrecheckReport;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the built-in checks and any added ones, in order, into one report. */
public final class Prechecker {
    private static final Logger LOG = LoggerFactory.getLogger(Prechecker.class);

    private final List<PrecheckCheck> checks = new ArrayList<>();

    private Prechecker() {
    }

    /** Exactly the given checks, in order (tests, or a caller composing its own set). */
    public static Prechecker of(List<PrecheckCheck> checks) {
        Prechecker p = new Prechecker();
        p.checks.addAll(checks);
        return p;
    }

    /** The built-in checks followed by those found with ServiceLoader in {@code loader} and {@code extra}. */
    public Prechecker(ClassLoader loader, List<PrecheckCheck> extra) {
        checks.add(new SourceCheck());
        checks.add(new SchemaFilesCheck());
        checks.add(new TargetVersionCheck());
        checks.add(new PrivilegeCheck());
        checks.add(new TargetTablesCheck());
        checks.add(new CsvHeaderCheck());
        checks.add(new SortDirSpaceCheck());
        ServiceLoader.load(PrecheckCheck.class, loader).forEach(checks::add);
        checks.addAll(extra);
    }

    public PrecheckReport run(PrecheckContext context) {
        List<PrecheckFinding> out = new ArrayList<>();
        for (PrecheckCheck c : checks) {
            try {
                c.run(context, out);
            } catch (ImportException e) {
                out.add(PrecheckFinding.error(c.name(), e.code(), e.getMessage(), "fix the cause named in the message"));
            } catch (RuntimeException e) {
                out.add(PrecheckFinding.error(c.name(), ErrorCode.INTERNAL, "the check failed: " + e,
                        "run with checkRequirements(false) to skip pre-checks, and report this"));
            }
        }
        PrecheckReport report = new PrecheckReport(out);
        for (PrecheckFinding f : report.findings()) {
            if (f.severity() != PrecheckFinding.Severity.OK) {
                LOG.warn("pre-check: {}", f);
            }
        }
        return report;
    }

    /**
     * Stops an import whose report has errors, before anything is written.
     *
     * @throws ImportException with the first error's code, listing every error and what to do about it
     */
    public static void enforce(PrecheckReport report) {
        List<PrecheckFinding> errors = report.errors();
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("pre-checks failed, nothing was written: ");
        for (int i = 0; i < errors.size(); i++) {
            PrecheckFinding f = errors.get(i);
            sb.append(i == 0 ? "" : "; ").append(f.message()).append(" -> ").append(f.whatToDo());
        }
        sb.append(" (checkRequirements(false) or --check-requirements=false skips the pre-checks)");
        PrecheckFinding first = errors.get(0);
        ErrorCode code = first.code() != null ? first.code() : ErrorCode.PRECHECK_FAILED;
        throw new ImportException(code, sb.toString(), first.file(), -1, first.table(), null, null);
    }
}
