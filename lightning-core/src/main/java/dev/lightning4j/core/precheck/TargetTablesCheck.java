package dev.lightning4j.core.precheck;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.PrecheckFinding;
import dev.lightning4j.SchemaMode;
import dev.lightning4j.core.plan.TablePlan;
import dev.lightning4j.core.schema.TargetCatalog;
import java.util.List;

/** Each table exists or will be created, and is empty where the backend needs it empty. */
final class TargetTablesCheck implements PrecheckCheck {
    private static String firstFile(TablePlan t) {
        return t.schemaFile() != null ? t.schemaFile().path() : t.chunks().isEmpty() ? null : t.chunks().get(0).file();
    }

    @Override
    public String name() {
        return "target-tables";
    }

    @Override
    public void run(PrecheckContext ctx, List<PrecheckFinding> out) {
        TargetCatalog catalog = new TargetCatalog(ctx.dataSource());
        boolean create = ctx.config().schemaMode() == SchemaMode.CREATE;
        int existing = 0;
        int bad = 0;
        for (TablePlan t : ctx.plan().tables()) {
            boolean exists = catalog.table(t.name()) != null;
            if (!exists) {
                if (!create || t.schemaFile() == null) {
                    bad++;
                    out.add(PrecheckFinding.error(name(), ErrorCode.MISSING_SCHEMA, "table " + t.name()
                            + " does not exist on the target" + (t.schemaFile() == null ? " and the source has no schema"
                            + " file for it (" + t.name().schema() + "." + t.name().table() + "-schema.sql)" : ""),
                            "create the table, add its schema file, or exclude it with a filter")
                            .at(firstFile(t), t.name().toString()));
                }
                continue;
            }
            existing++;
            if (ctx.requiresEmptyTables() && !t.chunks().isEmpty() && !catalog.isEmpty(t.name())) {
                bad++;
                out.add(PrecheckFinding.error(name(), ErrorCode.INVALID_OPTION, "table " + t.name()
                        + " is not empty and the backend requires empty tables",
                        "empty the table, exclude it with a filter, or use the logical backend")
                        .at(null, t.name().toString()));
            }
        }
        if (bad == 0) {
            out.add(PrecheckFinding.ok(name(), ctx.plan().tables().size() + " tables, " + existing
                    + " already on the target"));
        }
    }
}
