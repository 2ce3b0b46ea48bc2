package dev.lightning4j.core.precheck;

import dev.lightning4j.PrecheckFinding;
import java.util.List;

/**
 * One pre-check. The built-in ones cover the source, the schema files, CSV headers, the target's version,
 * privileges and tables, and the sort directory's space. Further checks (checkpoint consistency: the
 * checkpoint matches this source, backend and target) plug in by implementing this interface and either
 * being passed to {@link Prechecker} or listed in
 * {@code META-INF/services/dev.lightning4j.core.precheck.PrecheckCheck}.
 *
 * <p>A check reads and never writes: pre-checks also run alone as a dry run.
 */
public interface PrecheckCheck {

    /** A short name for reports, such as {@code checkpoint-consistency}. */
    String name();

    /** Adds what it finds to {@code out}; an OK finding when all is well. Never throws for what it checks. */
    void run(PrecheckContext context, List<PrecheckFinding> out);
}
