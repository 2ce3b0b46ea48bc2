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

    /**
     * A target reached through the caller's pool; the library borrows connections and never closes it.
     *
     * @param dataSource the pool, serving at least the import's concurrency plus one connections
     * @return the target
     * @throws IllegalArgumentException when {@code dataSource} is null
     */
    public static TargetSpec of(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("target: the DataSource must not be null");
        }
        return new TargetSpec(dataSource, null, null, null);
    }

    /**
     * A target by JDBC URL; the backend opens and closes its own connections.
     *
     * @param jdbcUrl  a {@code jdbc:} URL such as {@code jdbc:mysql://host:3306/}
     * @param user     the user, or null when the URL carries it
     * @param password the password, or null; never shown by {@link #toString()}
     * @return the target
     * @throws IllegalArgumentException when the URL does not start with {@code jdbc:}
     */
    public static TargetSpec of(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("target: '" + redactUrl(jdbcUrl) + "' is not a JDBC URL (jdbc:mysql://host:port/)");
        }
        return new TargetSpec(null, jdbcUrl, user, password);
    }

    /**
     * A MySQL-protocol server (TiDB, MySQL, MariaDB) by host and port ({@code tidb.host}, {@code tidb.port}).
     *
     * @param host     a host name or IP address; an IPv6 address may be given without brackets
     * @param port     the port, 1 to 65535
     * @param user     the user
     * @param password the password, or null; never shown by {@link #toString()}
     * @return the target
     * @throws IllegalArgumentException when the host is blank or the port out of range
     */
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

    /**
     * The caller's pool.
     *
     * @return the DataSource, or null when a URL was given
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The JDBC URL, which may hold secrets: log {@link #redactUrl(String)} of it instead.
     *
     * @return the URL, or null when a DataSource was given
     */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * The user for a URL target.
     *
     * @return the user, or null when a DataSource was given or none was set
     */
    public String user() {
        return user;
    }

    /**
     * The password for a URL target.
     *
     * @return the password, or null
     */
    public String password() {
        return password;
    }

    /**
     * The URL with any {@code password=}, key or token parameter and any {@code user:password@} hidden, for
     * messages and logs.
     *
     * @param url any URL, or null
     * @return the URL with secrets replaced by {@code ***}; {@code "null"} for null
     */
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
