package dev.lightning4j.examples;

import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TableResult;
import dev.lightning4j.testing.TestingMariaDb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports the bundled Dumpling-format export ({@code sample-dump}: three tables and a view, with NULLs,
 * Unicode, escapes, decimals, dates, JSON and binary values) and prints the result.
 *
 * <p>With no arguments the target is an embedded MariaDB started for the run. To import into your own
 * server: {@code ImportDumpExample <jdbc-url> <user> <password> [export-dir]}.
 */
public final class ImportDumpExample {

    public static void main(String[] args) throws Exception {
        run(args);
        // The embedded server's watcher thread would keep the JVM alive; its shutdown hook stops the server.
        System.exit(0);
    }

    /** Runs the example without ending the JVM. */
    public static ImportResult run(String[] args) throws Exception {
        String url;
        String user;
        String password;
        if (args.length >= 2) {
            url = args[0];
            user = args[1];
            password = args.length > 2 ? args[2] : "";
        } else {
            TestingMariaDb db = TestingMariaDb.shared();
            url = db.jdbcUrl();
            user = db.user();
            password = db.password();
            System.out.println("target: embedded MariaDB at " + db.host() + ":" + db.port());
        }
        Path source = args.length > 3 ? Path.of(args[3]) : extractSampleDump();
        System.out.println("source: " + source);

        ImportResult result = ImportBuilder.create()
                .source(source)
                .target(url, user, password)
                .backend("logical")
                .filter("shop.*")
                .listener(new ImportListener() {
                    @Override
                    public void tableFinished(TableResult r) {
                        System.out.printf("  %-16s %4d rows  %6d bytes  %4d ms%n", r.table(), r.rows(), r.bytes(),
                                r.duration().toMillis());
                    }
                })
                .run();

        System.out.printf("imported %d rows from %d tables in %d ms%n", result.rows(), result.tables().size(),
                result.duration().toMillis());
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, orders, total FROM shop.order_summary ORDER BY name")) {
            System.out.println("shop.order_summary (a view over the imported tables):");
            while (rs.next()) {
                System.out.printf("  %-20s %2d orders  total %s%n", rs.getString(1), rs.getInt(2), rs.getString(3));
            }
        }
        return result;
    }

    /** Copies the bundled export out of the class path into a temporary directory. */
    static Path extractSampleDump() throws IOException {
        Path dir = Files.createTempDirectory("lightning-sample-dump");
        List<String> names = new ArrayList<>();
        try (InputStream index = resource("INDEX");
                BufferedReader r = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        }
        for (String name : names) {
            try (InputStream in = resource(name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ImportDumpExample.class.getResourceAsStream("/sample-dump/" + name);
        if (in == null) {
            throw new IOException("the bundled export lacks " + name);
        }
        return in;
    }
}
