package dev.lightning4j.cli;

import dev.lightning4j.it.ItDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One in-process run of the command line, with what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = new LightningCli(o, e, Map.of("LIGHTNING_TIDB_PASSWORD", ItDb.SERVER.password())).run(args);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Arguments pointing at the test server, followed by {@code more}. */
    static String[] toTestServer(String source, String db, String... more) {
        List<String> args = new ArrayList<>(List.of("-d", source, "--target-url", ItDb.SERVER.jdbcUrl(),
                "-u", ItDb.SERVER.user(), "-f", db + ".*", "-q"));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    /** True when stderr holds a Java stack trace rather than only messages. */
    boolean hasStackTrace() {
        return err.contains("\tat ") || err.contains("Exception in thread");
    }
}
