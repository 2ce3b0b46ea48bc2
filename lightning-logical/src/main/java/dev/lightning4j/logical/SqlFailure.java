package dev.lightning4j.logical;

import dev.lightning4j.RowError;
import dev.lightning4j.spi.TargetFailures;
import java.sql.SQLException;
import java.util.Set;

/** What a failed statement means for the batch that ran it. */
enum SqlFailure {
    /** Worth retrying on the same connection: deadlock, lock wait timeout, write conflict. */
    TRANSIENT,
    /** The connection is gone or unusable; retry on a fresh one. */
    CONNECTION,
    /** One or more rows of the batch are bad; the others can be written. */
    ROW,
    /** Retrying cannot help: missing table or column, privileges, syntax. */
    FATAL;

    /** Errors about values or keys of particular rows. */
    private static final Set<Integer> ROW_CODES = Set.of(
            1048, // column cannot be null
            1062, // duplicate entry
            1136, // column count does not match
            1261, 1262, 1263, // row has too few/too many values, NULL into NOT NULL
            1264, // out of range
            1265, // data truncated
            1292, // incorrect date/datetime/value
            1300, // invalid character string
            1364, // field has no default value
            1366, // incorrect integer/decimal/string value
            1367, // illegal value during parsing
            1406, // data too long
            1411, // incorrect value for function
            1416, // cannot get geometry object
            1452, // foreign key fails (only when the session checks them)
            1586, // duplicate entry for key (alternate form)
            1690, // value out of range
            1918, // cannot convert value
            3105, // value given for a generated column
            3140, // invalid JSON text
            3819, // MySQL CHECK constraint
            4025); // MariaDB CHECK constraint (also JSON validity)

    static SqlFailure classify(SQLException e) {
        int code = e.getErrorCode();
        String state = e.getSQLState();
        if (TargetFailures.connectionLost(e)) {
            return CONNECTION;
        }
        if (TargetFailures.transientConflict(e)) {
            return TRANSIENT;
        }
        if (ROW_CODES.contains(code) || (state != null && state.startsWith("22"))) {
            return ROW;
        }
        return FATAL;
    }

    /** The kind of row error a server error code reports. */
    static RowError.Kind rowKind(SQLException e) {
        return switch (e.getErrorCode()) {
            case 1062, 1586 -> RowError.Kind.CONFLICT;
            case 1136 -> RowError.Kind.COLUMN_COUNT;
            default -> RowError.Kind.TYPE;
        };
    }

    /** What a user can do about a fatal error. */
    static String hint(SQLException e) {
        return switch (e.getErrorCode()) {
            case 1146 -> "the table does not exist on the target; create it or let the import create schemas";
            case 1054 -> "a source column does not exist in the target table; compare the data's columns with the table schema";
            case 1142, 1143, 1044, 1227 -> "the user lacks a privilege on the table (INSERT, and DELETE for on-duplicate=replace); grant it";
            case 1064 -> "the server could not parse the generated statement; please report this with the failing row";
            case 1114 -> "the table is full; free space on the target";
            default -> "check the server message and the target table";
        };
    }
}
