package dev.lightning4j.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/** The server a benchmark imports into, and the few queries it runs there itself. */
record BenchmarkTarget(String jdbcUrl, String user, String password, String description) {

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    String version() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT VERSION()")) {
            r.next();
            return r.getString(1);
        }
    }

    /** Drops the databases so that a rerun imports into empty tables. */
    void dropDatabases(Collection<String> databases) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String db : databases) {
                s.execute("DROP DATABASE IF EXISTS " + SchemaFiles.quote(db));
            }
        }
    }

    /** Rows in all tables of the databases, counted with {@code SELECT COUNT(*)}. */
    long countRows(Collection<String> databases) throws SQLException {
        long total = 0;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String db : databases) {
                java.util.List<String> tables = new java.util.ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = '" + db.replace("'", "''") + "' AND table_type = 'BASE TABLE'")) {
                    while (r.next()) {
                        tables.add(r.getString(1));
                    }
                }
                for (String t : tables) {
                    try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + SchemaFiles.quote(db) + "."
                            + SchemaFiles.quote(t))) {
                        r.next();
                        total += r.getLong(1);
                    }
                }
            }
        }
        return total;
    }
}
