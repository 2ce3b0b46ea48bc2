package dev.lightning4j.testing;

/**
 * The parts of a {@code jdbc:mysql://host:port/db?params} URL that the test server needs: where it is,
 * and the same URL pointed at another database.
 */
record JdbcUrl(String prefix, String host, int port, String database, String query) {

    static JdbcUrl parse(String url) {
        int scheme = url.indexOf("://");
        if (!url.startsWith("jdbc:") || scheme < 0) {
            throw new IllegalArgumentException("not a jdbc:mysql:// URL: " + url);
        }
        String prefix = url.substring(0, scheme + 3);
        String rest = url.substring(scheme + 3);
        int q = rest.indexOf('?');
        String query = q >= 0 ? rest.substring(q + 1) : "";
        String hostPart = q >= 0 ? rest.substring(0, q) : rest;
        int slash = hostPart.indexOf('/');
        String database = slash >= 0 ? hostPart.substring(slash + 1) : "";
        String authority = slash >= 0 ? hostPart.substring(0, slash) : hostPart;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String host = authority;
        int port = 3306;
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) {
            host = authority.substring(0, colon);
            port = Integer.parseInt(authority.substring(colon + 1));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new JdbcUrl(prefix, host, port, database, query);
    }

    /** This URL with its database replaced ({@code ""} for none), parameters kept. */
    String withDatabase(String db) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return prefix + h + ":" + port + "/" + db + (query.isEmpty() ? "" : "?" + query);
    }
}
