package dev.lightning4j.spi;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a lost target from a statement the target refused. A lost target (server stopped or restarting,
 * network gone, a pool that could not open a connection in time) is not the table's fault: it is reported as
 * {@link ErrorCode#TARGET_UNREACHABLE}, kept out of the checkpoints' table failures, and a plain resume goes on.
 */
public final class TargetFailures {
    /**
     * Server shutdown in progress, connection killed, too many connections, server gone away, lost connection,
     * aborted connection, network read and write errors and timeouts.
     */
    private static final Set<Integer> CONNECTION_CODES = Set.of(1053, 1927, 1040, 2002, 2003, 2006, 2013, 1152,
            1158, 1159, 1160, 1161);

    /**
     * Deadlock, lock wait timeout, query interrupted, TiDB's write conflicts, "server is busy" answers and
     * transaction retry errors.
     */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(1213, 1205, 1317, 8002, 9007, 8022, 8028, 9001, 9002,
            9005, 9006, 8027);

    private static final int RETRY_ATTEMPTS = 8;

    private TargetFailures() {
    }

    /**
     * Whether {@code e} says the connection to the target is gone or could not be had: SQLState class 08, the
     * server's connection error codes, or the JDBC connection exception types (which pools such as HikariCP
     * throw on a timeout without any SQLState).
     *
     * @param e a failure of a statement or of getting a connection
     * @return true when retrying on another connection, or resuming later, is the way on
     */
    public static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return CONNECTION_CODES.contains(e.getErrorCode()) || (state != null && state.startsWith("08"))
                || e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException;
    }

    /**
     * Whether {@code e} says the statement met another transaction or a busy server (a deadlock, a lock wait
     * timeout, a write conflict; SQLState class 40 or the servers' codes for these), so running the transaction
     * again on the same target is the way on.
     *
     * @param e a failure of a statement
     * @return true when the transaction may simply run again
     */
    public static boolean transientConflict(SQLException e) {
        String state = e.getSQLState();
        return TRANSIENT_CODES.contains(e.getErrorCode()) || (state != null && state.startsWith("40"));
    }

    /**
     * The exception for a failure of {@code what} on the target: TARGET_UNREACHABLE with the advice to resume
     * when the connection was lost, otherwise {@code otherwise} with {@code advice}.
     *
     * @param what what was being done, e.g. "read the columns of db.t"
     * @param e the failure
     * @param table the table concerned, or null
     * @param otherwise the code when the target answered and refused
     * @param advice what to do when the target answered and refused, or null
     * @return the exception to throw
     */
    public static ImportException failure(String what, SQLException e, String table, ErrorCode otherwise,
            String advice) {
        String message = "cannot " + what + ": " + firstLine(e.getMessage()) + " (error " + e.getErrorCode() + ")";
        if (connectionLost(e)) {
            return new ImportException(ErrorCode.TARGET_UNREACHABLE, message + "; the target is unreachable;"
                    + " resume the import when it is back", null, -1, table, null, e);
        }
        return new ImportException(otherwise, advice == null ? message : message + "; " + advice, null, -1, table,
                null, e);
    }

    /** A read or write on the target that may be tried again from the start. */
    @FunctionalInterface
    public interface SqlCall<T> {
        /**
         * Runs once.
         *
         * @return the result
         * @throws SQLException when the target fails
         */
        T call() throws SQLException;
    }

    /**
     * Runs {@code call}, trying again while the connection is lost (a server restarting, a network blip): up to
     * 8 attempts with pauses from 100 ms doubling to 5 s, about 11 s in all. Other failures are thrown at once.
     *
     * @param call what to run; it must take its own connection, so that a retry gets a fresh one
     * @param <T> the result type
     * @return what the call returned
     * @throws SQLException the last failure when every attempt lost the connection, or the first other failure
     */
    public static <T> T retryingLostConnections(SqlCall<T> call) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                return call.call();
            } catch (SQLException e) {
                if (!connectionLost(e) || attempt >= RETRY_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(100L << (attempt - 1), 5_000L));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * The first line of a server or driver message (drivers append stack-like detail on further lines).
     *
     * @param message the message, or null
     * @return its first line, empty for null
     */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
