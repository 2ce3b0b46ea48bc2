package dev.lightning4j;

import javax.sql.DataSource;

/**
 * Where rows go: either a {@link DataSource} the caller owns, or a JDBC URL with credentials from which
 * the backend opens its own connection pool. {@link #toString()} never shows the password.
 */
public final class TargetSpec {
    private final DataSource dataSource;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    private TargetSpec(DataSource dataSource, String jdbcUrl, String user, String password) {
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public static TargetSpec of(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("target: the DataSource must not be null");
        }
        return new TargetSpec(dataSource, null, null, null);
    }

    public static TargetSpec of(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("target: '" + redactUrl(jdbcUrl) + "' is not a JDBC URL (jdbc:mysql://host:port/)");
        }
        return new TargetSpec(null, jdbcUrl, user, password);
    }

    /** A MySQL-protocol server (TiDB, MySQL, MariaDB) by host and port. */
    public static TargetSpec of(String host, int port, String user, String password) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("tidb-host must not be empty");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("tidb-port must be between 1 and 65535, not " + port);
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return new TargetSpec(null, "jdbc:mysql://" + h + ":" + port + "/", user, password);
    }

    /** The caller's DataSource, or null when a URL was given. */
    public DataSource dataSource() {
        return dataSource;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The URL with any {@code password=}, key or token parameter and any {@code user:password@} hidden. */
    public static String redactUrl(String url) {
        if (url == null) {
            return "null";
        }
        return url.replaceAll("(?i)(password[a-z0-9-]*|secret[a-z-]*|access-key[a-z-]*|session-token|[a-z-]*token)=[^&;]*",
                "$1=***").replaceAll("//([^/:@]*):[^/@]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return dataSource != null ? "DataSource " + dataSource.getClass().getName()
                : redactUrl(jdbcUrl) + (user != null ? " as " + user : "");
    }
}
