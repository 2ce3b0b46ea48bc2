package dev.lightning4j.it;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportConfig;
import dev.lightning4j.testing.TestingMariaDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain-JDBC access to the shared test server: reference loads, checksums and counts. */
public final class ItDb {
    public static final TestingMariaDb SERVER = TestingMariaDb.shared();

    private ItDb() {
    }

    /** A builder reading {@code source} into the test server, limited to the tables of {@code db}. */
    public static ImportBuilder importer(Path source, String db) {
        return ImportBuilder.create().source(source)
                .target(SERVER.jdbcUrl(), SERVER.user(), SERVER.password())
                .filter(db + ".*");
    }

    public static Connection connect(String database, String extraUrlParams) throws SQLException {
        String url = database == null ? SERVER.jdbcUrl() : SERVER.jdbcUrl(database);
        url += (url.contains("?") ? "&" : "?") + extraUrlParams;
        return DriverManager.getConnection(url, SERVER.user(), SERVER.password());
    }

    public static void execute(String database, String... statements) {
        try (Connection c = connect(database, "allowMultiQueries=true"); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A database name of the caller's own that does not exist on the server (yet). */
    public static String unusedDatabaseName(String prefix) {
        String db = SERVER.createDatabase(prefix);
        execute(null, "DROP DATABASE `" + db + "`");
        return db;
    }

    public static long count(String qualifiedTable) {
        return longValue("SELECT COUNT(*) FROM " + qualifiedTable);
    }

    /** {@code CHECKSUM TABLE}: the server's own order-independent checksum of every row. */
    public static long checksum(String qualifiedTable) {
        try (Connection c = connect(null, "sslMode=DISABLED"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("CHECKSUM TABLE " + qualifiedTable)) {
            rs.next();
            long v = rs.getLong(2);
            if (rs.wasNull()) {
                throw new IllegalStateException("no checksum for " + qualifiedTable + ": the table is missing");
            }
            return v;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static long longValue(String query) {
        try (Connection c = connect(null, "sslMode=DISABLED"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in " + query, e);
        }
    }

    public static List<List<String>> rows(String query) {
        return rowsInSession(null, query);
    }

    /** The rows of {@code query} as text, in a session where {@code sessionStatement} ran first (none when null). */
    public static List<List<String>> rowsInSession(String sessionStatement, String query) {
        try (Connection c = connect(null, "sslMode=DISABLED"); Statement st = c.createStatement()) {
            if (sessionStatement != null) {
                st.execute(sessionStatement);
            }
            try (ResultSet rs = st.executeQuery(query)) {
                List<List<String>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in " + query, e);
        }
    }

    /** Table names of a database, sorted. */
    public static List<String> tables(String database) {
        List<String> names = new ArrayList<>();
        for (List<String> r : rows("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                + database + "' ORDER BY table_name")) {
            names.add(r.get(0));
        }
        return names;
    }

    /**
     * Replays SQL files the way a client replaying the dump would: each file's bytes go to the server
     * unchanged (the connection encodes text as ISO-8859-1, one byte per char, and the files' own
     * {@code SET NAMES} decide how the server reads them). Schema files run with an empty sql_mode, as the
     * import runs them; data files with the import's strict mode and UTC.
     */
    public static void replay(String database, List<Path> schemaFiles, List<Path> dataFiles) {
        try (Connection c = connect(database, "allowMultiQueries=true&characterEncoding=ISO-8859-1");
                Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute("SET SESSION sql_mode = '', time_zone = '+00:00'");
            for (Path f : schemaFiles) {
                st.execute(latin1(f));
            }
            st.execute("SET SESSION sql_mode = '" + ImportConfig.DEFAULT_SQL_MODE + "'");
            for (Path f : dataFiles) {
                st.execute(latin1(f));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reference load failed: " + e.getMessage(), e);
        }
    }

    public static String latin1(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
