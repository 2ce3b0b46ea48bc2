package dev.lightning4j.logical;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.TargetFailures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides once per import whether the target takes LOAD DATA LOCAL INFILE. */
final class LoadDataSupport {
    private static final Logger LOG = LoggerFactory.getLogger(LoadDataSupport.class);

    private LoadDataSupport() {
    }

    static boolean decide(LoadDataMode mode, Connections connections) {
        if (mode == LoadDataMode.OFF) {
            return false;
        }
        String refusal;
        try {
            Connections.Lease lease = connections.borrow();
            try {
                refusal = refusal(lease.connection());
            } finally {
                connections.release(lease, false);
            }
        } catch (SQLException e) {
            refusal = "cannot ask the server: " + TargetFailures.firstLine(e.getMessage());
        }
        if (refusal == null) {
            return true;
        }
        if (mode == LoadDataMode.ON) {
            throw new ImportException(ErrorCode.INVALID_OPTION, LoadDataMode.OPTION + "=on but " + refusal
                    + "; enable it or set " + LoadDataMode.OPTION + " to auto or off");
        }
        LOG.info("Writing with INSERT statements: {}", refusal);
        return false;
    }

    /** Why LOAD DATA LOCAL cannot be used on this connection, or null when it can. */
    static String refusal(Connection c) throws SQLException {
        JdbcConnection mysql;
        try {
            mysql = c.unwrap(JdbcConnection.class);
        } catch (SQLException e) {
            return "the connection is not MySQL Connector/J's, which streams rows from memory";
        }
        if (!mysql.getPropertySet().getBooleanProperty(PropertyKey.allowLoadLocalInfile).getValue()) {
            return "the connection does not allow LOAD DATA LOCAL (allowLoadLocalInfile=false)";
        }
        if (!LocalInfileGuard.guards(c)) {
            // without it the driver opens any file a server asks for, in answer to any query
            return "the connection allows LOAD DATA LOCAL without the guard that keeps local files from the server;"
                    + " add queryInterceptors=" + LocalInfileGuard.class.getName() + " to its properties";
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION(), @@GLOBAL.local_infile")) {
            rs.next();
            String version = rs.getString(1);
            if (version != null && version.contains("TiDB")) {
                // TiDB may commit one LOAD DATA in several transactions: a stream would not be all-or-nothing.
                return "TiDB does not load a stream in one transaction";
            }
            if (!rs.getBoolean(2)) {
                return "the server has local_infile=OFF";
            }
        } catch (SQLException e) {
            return "the server does not report local_infile: " + TargetFailures.firstLine(e.getMessage());
        }
        return null;
    }
}
