package dev.lightning4j.logical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The session every write runs in: the import's sql_mode (strict, so bad values are errors and not
 * silently adjusted), its time zone (TIMESTAMP text in dumps is UTC), no foreign key checks (tables load
 * in any order), and utf8mb4. Unique checks stay on: they are how duplicates are found.
 */
final class SessionSettings {
    private final String sqlMode;
    private final String timeZone;

    SessionSettings(String sqlMode, String timeZone) {
        this.sqlMode = requirePlain("sql-mode", sqlMode);
        this.timeZone = requirePlain("time-zone", timeZone);
    }

    /** Values go into the statement as literals, so they must not need escaping in any sql_mode. */
    private static String requirePlain(String option, String value) {
        if (value == null) {
            throw new ImportException(ErrorCode.INVALID_OPTION, option + " must be set");
        }
        if (value.indexOf('\'') >= 0 || value.indexOf('\\') >= 0) {
            throw new ImportException(ErrorCode.INVALID_OPTION, option + " must not contain quotes or backslashes: " + value);
        }
        return value;
    }

    String sqlMode() {
        return sqlMode;
    }

    /** One statement, usable as a pool's connection init SQL; character set is left to the driver. */
    String setStatement() {
        return "SET SESSION sql_mode = '" + sqlMode + "', SESSION time_zone = '" + timeZone
                + "', SESSION foreign_key_checks = 0";
    }

    /**
     * Applies the settings to a connection of a caller's DataSource and returns what to run to give it back
     * as it was, since a pooled connection goes on to serve the caller's own code.
     */
    String applyAndRemember(Connection c) throws SQLException {
        String restore;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode, @@SESSION.time_zone, "
                        + "@@SESSION.foreign_key_checks, @@SESSION.character_set_client, "
                        + "@@SESSION.character_set_connection, @@SESSION.character_set_results")) {
            rs.next();
            restore = "SET SESSION sql_mode = " + quote(rs.getString(1)) + ", SESSION time_zone = "
                    + quote(rs.getString(2)) + ", SESSION foreign_key_checks = " + rs.getInt(3)
                    + ", SESSION character_set_client = " + quote(rs.getString(4))
                    + ", SESSION character_set_connection = " + quote(rs.getString(5))
                    + ", SESSION character_set_results = " + nullableQuote(rs.getString(6));
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET NAMES utf8mb4");
            s.execute(setStatement());
        }
        return restore;
    }

    private static String nullableQuote(String v) {
        return v == null ? "NULL" : quote(v);
    }

    /** Server-provided values (modes, zone and charset names) hold no quotes or backslashes. */
    private static String quote(String v) {
        return "'" + v.replace("'", "''") + "'";
    }
}
