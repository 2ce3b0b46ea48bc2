package dev.lightning4j.core.precheck;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.PrecheckFinding;
import dev.lightning4j.SchemaMode;
import dev.lightning4j.core.plan.TablePlan;
import dev.lightning4j.core.schema.SchemaFileCheck;
import java.util.List;

/** Every table schema file reads and holds a CREATE TABLE (when schemas are created). */
final class SchemaFilesCheck implements PrecheckCheck {
    @Override
    public String name() {
        return "schema-files";
    }

    @Override
    public void run(PrecheckContext ctx, List<PrecheckFinding> out) {
        if (ctx.config().schemaMode() != SchemaMode.CREATE) {
            return;
        }
        int files = 0;
        int bad = 0;
        for (TablePlan t : ctx.plan().tables()) {
            if (t.schemaFile() == null) {
                continue;
            }
            files++;
            String problem = SchemaFileCheck.problem(ctx.storage(), t.schemaFile(), t.name());
            if (problem != null) {
                bad++;
                out.add(PrecheckFinding.error(name(), ErrorCode.SCHEMA_FAILED, problem,
                        "fix the schema file, or create the table yourself and import with existing tables")
                        .at(t.schemaFile().path(), t.name().toString()));
            }
        }
        if (bad == 0 && files > 0) {
            out.add(PrecheckFinding.ok(name(), files + " table schema files parse"));
        }
    }
}
