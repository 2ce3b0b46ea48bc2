package dev.lightning4j.core.precheck;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.PrecheckFinding;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The target answers, and a TiDB target is 4.0 or newer (Lightning's cluster version check). */
final class TargetVersionCheck implements PrecheckCheck {
    private static final Pattern TIDB = Pattern.compile("(?i)TiDB-v?(\\d+)\\.(\\d+)");

    @Override
    public String name() {
        return "target-version";
    }

    @Override
    public void run(PrecheckContext ctx, List<PrecheckFinding> out) {
        String version;
        try (Connection c = ctx.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            rs.next();
            version = rs.getString(1);
        } catch (SQLException e) {
            out.add(PrecheckFinding.error(name(), ErrorCode.TARGET_UNREACHABLE, "the target does not answer: "
                    + e.getMessage(), "check tidb-host, tidb-port and that the server is running"));
            return;
        }
        out.add(check(version));
    }

    PrecheckFinding check(String version) {
        Matcher m = TIDB.matcher(version);
        if (m.find()) {
            int major = Integer.parseInt(m.group(1));
            if (major < 4) {
                return PrecheckFinding.error(name(), ErrorCode.PRECHECK_FAILED, "the target is TiDB " + m.group(1) + "."
                        + m.group(2) + " (" + version + "); at least 4.0 is required", "upgrade the TiDB cluster");
            }
            return PrecheckFinding.ok(name(), "target is TiDB " + m.group(1) + "." + m.group(2) + " (" + version + ")");
        }
        return PrecheckFinding.ok(name(), "target is " + version);
    }
}
