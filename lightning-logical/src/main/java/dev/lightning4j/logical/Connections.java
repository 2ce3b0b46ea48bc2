package dev.lightning4j.logical;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Hands out connections set up for writing. The backend's own pool sets the session when it opens a
 * connection; a caller's DataSource gets the session on each borrow and its settings back on release.
 */
final class Connections implements AutoCloseable {
    private final DataSource dataSource;
    private final HikariDataSource ownPool;
    private final SessionSettings session;

    private Connections(DataSource dataSource, HikariDataSource ownPool, SessionSettings session) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.session = session;
    }

    static Connections owned(HikariDataSource pool, SessionSettings session) {
        return new Connections(pool, pool, session);
    }

    static Connections borrowedFrom(DataSource callers, SessionSettings session) {
        return new Connections(callers, null, session);
    }

    DataSource dataSource() {
        return dataSource;
    }

    boolean ownsPool() {
        return ownPool != null;
    }

    /** A connection in the write session, in autocommit mode. */
    Lease borrow() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            String restore = ownPool != null ? null : session.applyAndRemember(c);
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return new Lease(c, restore);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Gives a connection back; a broken one is dropped rather than pooled again. */
    void release(Lease lease, boolean broken) {
        Connection c = lease.connection();
        if (broken && ownPool != null) {
            ownPool.evictConnection(c);
            return;
        }
        if (!broken && lease.restoreSql() != null) {
            try (Statement s = c.createStatement()) {
                s.execute(lease.restoreSql());
            } catch (SQLException e) {
                // the connection is closed below either way; a failed restore only matters to a pool
            }
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing to do: the connection is being discarded
        }
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    /** A borrowed connection and the statement that restores a caller's session, or null. */
    record Lease(Connection connection, String restoreSql) {
    }
}
