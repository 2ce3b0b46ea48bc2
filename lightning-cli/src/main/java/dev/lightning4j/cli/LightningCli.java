package dev.lightning4j.cli;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.CsvOptions;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportJob;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportOption;
import dev.lightning4j.ImportOptions;
import dev.lightning4j.config.TomlConfig;
import java.util.List;
import dev.lightning4j.ImportResult;
import dev.lightning4j.PrecheckReport;
import dev.lightning4j.RowError;
import dev.lightning4j.SchemaMode;
import dev.lightning4j.TableResult;
import dev.lightning4j.TlsMode;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** {@code lightning}: the command-line front end of {@link ImportBuilder}. */
public final class LightningCli {
    static final String VERSION = "0.1.0-SNAPSHOT";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    LightningCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        int code = new LightningCli(System.out, System.err, System.getenv()).run(args);
        System.exit(code);
    }

    /** Runs the command; returns the exit status. */
    int run(String[] args) {
        CliArguments a;
        ImportBuilder builder;
        try {
            a = CliArguments.parse(args);
            if (a.has("--help")) {
                out.print(CliArguments.help());
                return 0;
            }
            if (a.has("--version")) {
                out.println("lightning " + VERSION);
                return 0;
            }
            builder = configure(a);
        } catch (IllegalArgumentException e) {
            err.println("lightning: " + e.getMessage());
            return 2;
        } catch (ImportException e) {
            err.println("lightning: " + e.getMessage());
            return 2;
        }
        if (a.has("--check-only") || a.has("--dry-run")) {
            return precheckOnly(builder);
        }
        if (CheckpointCommands.requested(a)) {
            return new CheckpointCommands(out, err).run(a, builder);
        }
        boolean quiet = a.has("--quiet");
        if (!quiet) {
            try {
                builder.listener(ProgressDisplay.choose(a.get("--progress", "auto"), err,
                        a.longValue("--progress-interval", 5)));
            } catch (IllegalArgumentException e) {
                err.println("lightning: " + e.getMessage());
                return 2;
            }
        }
        ImportJob job;
        try {
            job = builder.start();
        } catch (ImportException e) {
            err.println("lightning: " + e.getMessage());
            return e.code() == dev.lightning4j.ErrorCode.INVALID_OPTION ? 2 : 1;
        }
        // Ctrl-C: stop the workers and wait until the last batches and their checkpoints are committed.
        Thread hook = new Thread(() -> {
            job.cancel();
            try {
                job.await(java.time.Duration.ofSeconds(60));
            } catch (ImportException expected) {
                // cancelled: the main thread reports it if it still can
            }
        }, "lightning-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ImportResult result = job.await();
            printSummary(result);
            out.println("import succeeded: " + result.rows() + " rows in " + result.tables().size() + " tables, "
                    + result.skippedRows() + " rejected, " + seconds(result.duration().toMillis()));
            if (result.recordedErrors() != null) {
                out.println(result.recordedErrors().describe());
            }
            return 0;
        } catch (ImportException e) {
            ImportResult partial = job.result();
            printSummary(partial);
            err.println("lightning: import failed: " + e.getMessage());
            if (partial != null && partial.recordedErrors() != null) {
                err.println("lightning: " + partial.recordedErrors().describe());
            }
            if (a.has("--debug")) {
                e.printStackTrace(err);
            }
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    /** {@code --check-only}: the report on stdout; exit 0 when no check failed, 1 otherwise. */
    private int precheckOnly(ImportBuilder builder) {
        PrecheckReport report;
        try {
            report = builder.precheck();
        } catch (ImportException e) {
            err.println("lightning: " + e.getMessage());
            return e.code() == dev.lightning4j.ErrorCode.INVALID_OPTION ? 2 : 1;
        }
        out.print(report.render());
        out.println("pre-checks " + (report.passed() ? "passed" : "failed") + ": " + report.errors().size()
                + " error(s), " + report.warnings().size() + " warning(s); nothing was changed");
        return report.passed() ? 0 : 1;
    }

    private ImportBuilder configure(CliArguments a) {
        ImportBuilder b = ImportBuilder.create();
        boolean fromFile = a.has("--config");
        java.util.Set<String> fileKeys = java.util.Set.of();
        if (fromFile) {
            TomlConfig toml = TomlConfig.load(java.nio.file.Path.of(a.get("--config", "")));
            toml.warnings().forEach(w -> err.println("lightning: warning: " + w));
            toml.applyTo(b);
            fileKeys = toml.values().keySet();
        } else {
            String source = a.get("--data-source-dir", null);
            if ((source == null || source.isBlank()) && !CheckpointCommands.requested(a)) {
                throw new IllegalArgumentException("-d/--data-source-dir is required; see --help");
            }
            // Without a file the target defaults to 127.0.0.1:4000 as root, as Lightning's does.
            b.set("tidb.host", "127.0.0.1");
        }
        // Each flag that has a declared option goes through the same declaration as the TOML key.
        for (ImportOption o : ImportOptions.all()) {
            String flag = o.cliFlag();
            if (flag == null || !a.has(flag)) {
                continue;
            }
            List<String> values = new java.util.ArrayList<>(a.all(flag));
            if (flag.equals("--no-schema")) {
                values = List.of("true");
            } else if (flag.startsWith("--csv-")) {
                values.replaceAll(LightningCli::unescape);
            }
            b.set(o.key(), values);
        }
        if (a.has("--concurrency")) {
            b.set("lightning.region-concurrency", a.get("--concurrency", ""));
        }
        if (!a.has("--tidb-password") && !fileKeys.contains("tidb.password")
                && env.containsKey("LIGHTNING_TIDB_PASSWORD")) {
            b.set("tidb.password", env.get("LIGHTNING_TIDB_PASSWORD"));
        }
        if (a.has("--target-url")) {
            b.target(a.get("--target-url", null), a.get("--tidb-user", "root"),
                    a.get("--tidb-password", env.getOrDefault("LIGHTNING_TIDB_PASSWORD", "")));
        }
        return b;
    }

    /** Lets a shell user type \t, \n and \r in separators. */
    private static String unescape(String s) {
        return s.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r");
    }

    private void printSummary(ImportResult result) {
        if (result == null || result.tables().isEmpty()) {
            return;
        }
        int width = 5;
        for (TableResult t : result.tables()) {
            width = Math.max(width, t.table().toString().length());
        }
        String fmt = "%-" + width + "s  %12s  %8s  %12s  %9s%n";
        out.printf(fmt, "table", "rows", "rejected", "bytes", "time");
        for (TableResult t : result.tables()) {
            out.printf(fmt, t.table(), t.rows(), t.skippedRows(), t.bytes(), seconds(t.duration().toMillis()));
        }
        int shown = 0;
        for (RowError e : result.rowErrors()) {
            if (shown++ == 20) {
                out.println("... " + (result.skippedRows() - 20) + " more rejected rows");
                break;
            }
            out.println("rejected: " + e);
        }
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
