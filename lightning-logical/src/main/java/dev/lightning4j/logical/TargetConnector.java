package dev.lightning4j.logical;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.ImportException;
import dev.lightning4j.TargetSpec;
import dev.lightning4j.spi.TargetFailures;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the target: a pool of our own from a URL, or the caller's DataSource, and proves at once that
 * a write session can be had, so that a wrong host or password fails the import before any work.
 */
final class TargetConnector {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private TargetConnector() {
    }

    static Connections connect(ImportConfig config, SessionSettings session) {
        TargetSpec target = config.target();
        if (target == null) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "target is required: a DataSource or a JDBC URL");
        }
        Connections connections;
        String where;
        if (target.dataSource() != null) {
            where = "the given DataSource";
            connections = Connections.borrowedFrom(target.dataSource(), session);
        } else {
            where = TargetSpec.redactUrl(target.jdbcUrl());
            connections = Connections.owned(openPool(config, session, where), session);
        }
        try {
            connections.release(connections.borrow(), false);
        } catch (SQLException e) {
            connections.close();
            throw connectFailure(e, where, target.user());
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        return connections;
    }

    private static HikariDataSource openPool(ImportConfig config, SessionSettings session, String where) {
        TargetSpec target = config.target();
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("lightning-logical-" + POOLS.incrementAndGet());
        hc.setJdbcUrl(target.jdbcUrl());
        if (target.user() != null) {
            hc.setUsername(target.user());
        }
        if (target.password() != null) {
            hc.setPassword(target.password());
        }
        // One connection per writer, one for the engine's DDL and metadata, one spare.
        hc.setMaximumPoolSize(config.concurrency() + 2);
        hc.setMinimumIdle(0);
        hc.setAutoCommit(true);
        hc.setConnectionInitSql(session.setStatement());
        hc.setInitializationFailTimeout(1); // one attempt at once: a wrong host or password fails fast
        hc.setConnectionTimeout(30_000);
        // Driver settings: statements are built as text, so no server-side preparation; UTF-8 (utf8mb4) on
        // the wire. URL parameters given by the user win.
        hc.addDataSourceProperty("useServerPrepStmts", "false");
        hc.addDataSourceProperty("characterEncoding", "UTF-8");
        // LOAD DATA LOCAL streams rows from memory (LoadDataChunkWriter); it needs the driver's consent.
        // Pool properties override the URL's, so a URL that says it itself keeps its say.
        if (!target.jdbcUrl().toLowerCase(java.util.Locale.ROOT).contains("allowloadlocalinfile=")) {
            hc.addDataSourceProperty("allowLoadLocalInfile", String.valueOf(LoadDataMode.of(config) != LoadDataMode.OFF));
        }
        // Whatever the URL says, no connection of the pool sends a file from disk: the guard refuses every
        // LOCAL INFILE request but the one a LOAD statement offers rows from memory for.
        hc.addDataSourceProperty("queryInterceptors", queryInterceptors(target.jdbcUrl()));
        hc.addDataSourceProperty("connectTimeout", "10000");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        TlsProperties.of(config.tls(), config.tlsCaCert(), target.jdbcUrl()).forEach(hc::addDataSourceProperty);
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            SQLException sql = findSql(e);
            if (sql != null) {
                throw connectFailure(sql, where, target.user());
            }
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "cannot open a connection pool to " + where + ": "
                    + e.getMessage(), e);
        }
    }

    /** The guard first, then the interceptors the URL names (pool properties replace the URL's). */
    static String queryInterceptors(String jdbcUrl) {
        String theirs = null;
        try {
            theirs = com.mysql.cj.conf.ConnectionUrl.getConnectionUrlInstance(jdbcUrl, new java.util.Properties())
                    .getMainHost().getHostProperties().get(com.mysql.cj.conf.PropertyKey.queryInterceptors.getKeyName());
        } catch (RuntimeException e) {
            // not a URL Connector/J parses: the driver reports it when the pool opens
        }
        String guard = LocalInfileGuard.class.getName();
        return theirs == null || theirs.isBlank() ? guard : guard + "," + theirs;
    }

    private static SQLException findSql(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    static ImportException connectFailure(SQLException e, String where, String user) {
        if (e.getErrorCode() == 1045 || "28000".equals(e.getSQLState())) {
            return new ImportException(ErrorCode.TARGET_ACCESS_DENIED, "access denied for user '" + user + "' at "
                    + where + "; check tidb-user/tidb-password", e);
        }
        if (e.getErrorCode() == 1044) {
            return new ImportException(ErrorCode.TARGET_ACCESS_DENIED, "user '" + user + "' may not use the database of "
                    + where + ": " + TargetFailures.firstLine(e.getMessage()) + "; grant access or choose another database", e);
        }
        if (isTls(e)) {
            return new ImportException(ErrorCode.TARGET_UNREACHABLE, "the TLS handshake with " + where + " failed: "
                    + describe(e) + "; check tls and tls-ca (the CA must have signed the server's certificate)", e);
        }
        String state = e.getSQLState();
        if (state != null && state.startsWith("08") || e.getErrorCode() == 1040 || e.getErrorCode() == 0) {
            return new ImportException(ErrorCode.TARGET_UNREACHABLE, "cannot connect to " + where + ": " + describe(e)
                    + "; check tidb-host/tidb-port and that the server is running", e);
        }
        // The connection opened but the session could not be set: a bad sql-mode or time-zone.
        return new ImportException(ErrorCode.INVALID_OPTION, "the target " + where + " rejected the session settings: "
                + TargetFailures.firstLine(e.getMessage()) + "; check sql-mode and time-zone", e);
    }

    private static boolean isTls(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException
                    || c instanceof java.security.cert.CertPathValidatorException) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /** The driver's first line plus the root cause ("Connection refused"), without stack noise. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String first = TargetFailures.firstLine(e.getMessage());
        return root == e || root.getMessage() == null ? first : first + " (" + TargetFailures.firstLine(root.getMessage()) + ")";
    }


}
