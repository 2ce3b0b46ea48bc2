package dev.lightning4j.core.precheck;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.PrecheckFinding;
import dev.lightning4j.SchemaMode;
import dev.lightning4j.core.plan.DatabasePlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The target user holds what the import needs, read from {@code SHOW GRANTS}: SELECT and INSERT on each
 * target database, CREATE when schemas are created (CREATE VIEW and DROP for view files), DELETE for
 * {@code on-duplicate=replace}, and CREATE
 * and INSERT on the task-info schema when rejected rows are recorded.
 */
final class PrivilegeCheck implements PrecheckCheck {
    @Override
    public String name() {
        return "target-privileges";
    }

    @Override
    public void run(PrecheckContext ctx, List<PrecheckFinding> out) {
        List<String> lines = new ArrayList<>();
        try (Connection c = ctx.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        } catch (SQLException e) {
            out.add(PrecheckFinding.warning(name(), "cannot read the user's privileges (SHOW GRANTS): " + e.getMessage(),
                    "make sure the user holds SELECT, INSERT and CREATE on the target databases"));
            return;
        }
        Grants grants = Grants.parse(lines);
        Map<String, Set<String>> needed = new LinkedHashMap<>();
        for (DatabasePlan db : ctx.plan().databases()) {
            Set<String> p = needed.computeIfAbsent(db.name(), k -> new LinkedHashSet<>());
            p.add("SELECT");
            p.add("INSERT");
            if (ctx.config().schemaMode() == SchemaMode.CREATE) {
                p.add("CREATE");
            }
            if (ctx.config().conflictStrategy() == ConflictStrategy.REPLACE) {
                p.add("DELETE");
            }
            if (ctx.config().schemaMode() == SchemaMode.CREATE && !db.views().isEmpty()) {
                p.add("CREATE VIEW"); // Dumpling's view files drop a placeholder table before creating the view
                p.add("DROP");
            }
        }
        String info = ctx.config().taskInfoSchema();
        if (info != null && ctx.config().maxErrors() > 0) {
            Set<String> p = needed.computeIfAbsent(info, k -> new LinkedHashSet<>());
            p.add("CREATE");
            p.add("INSERT");
        }
        List<String> missing = new ArrayList<>();
        needed.forEach((db, privileges) -> {
            List<String> lacking = privileges.stream().filter(p -> !grants.has(p, db)).toList();
            if (!lacking.isEmpty()) {
                missing.add(String.join(", ", lacking) + " ON `" + db + "`.*");
            }
        });
        if (missing.isEmpty()) {
            out.add(PrecheckFinding.ok(name(), "the user holds " + needed));
        } else if (grants.unresolved()) {
            out.add(PrecheckFinding.warning(name(), "could not confirm these privileges from SHOW GRANTS (roles or"
                    + " table grants are in use): " + String.join("; ", missing),
                    "make sure the user holds them, through a role or directly"));
        } else {
            out.add(PrecheckFinding.error(name(), ErrorCode.TARGET_ACCESS_DENIED, "the target user lacks "
                    + String.join("; ", missing), "GRANT " + String.join("; GRANT ", missing)
                    + " TO the import user" + (info != null ? ", or turn off error recording (taskInfoSchema(null))"
                    : "")));
        }
    }
}
