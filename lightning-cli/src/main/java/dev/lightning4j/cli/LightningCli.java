package dev.lightning4j.cli;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.CsvOptions;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportJob;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.RowError;
import dev.lightning4j.SchemaMode;
import dev.lightning4j.TableResult;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** {@code lightning}: the command-line front end of {@link ImportBuilder}. */
public final class LightningCli {
    static final String VERSION = "0.1.0-SNAPSHOT";
    private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

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
        if (CheckpointCommands.requested(a)) {
            return new CheckpointCommands(out, err).run(a, builder);
        }
        boolean quiet = a.has("--quiet");
        if (!quiet) {
            builder.listener(new ConsoleProgress(err));
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
            return 0;
        } catch (ImportException e) {
            printSummary(job.result());
            err.println("lightning: import failed: " + e.getMessage());
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

    private ImportBuilder configure(CliArguments a) {
        String source = a.get("--data-source-dir", null);
        if ((source == null || source.isBlank()) && !CheckpointCommands.requested(a)) {
            throw new IllegalArgumentException("-d/--data-source-dir is required; see --help");
        }
        ImportBuilder b = ImportBuilder.create().source(source);
        String password = a.get("--tidb-password", env.getOrDefault("LIGHTNING_TIDB_PASSWORD", ""));
        String user = a.get("--tidb-user", "root");
        if (a.has("--target-url")) {
            b.target(a.get("--target-url", null), user, password);
        } else {
            b.target(a.get("--tidb-host", "127.0.0.1"), a.intValue("--tidb-port", 4000), user, password);
        }
        b.backend(a.get("--backend", "logical"));
        a.all("--filter").forEach(b::filter);
        if (a.has("--on-duplicate")) {
            b.onDuplicate(ConflictStrategy.parse(a.get("--on-duplicate", "")));
        }
        b.maxErrors(a.longValue("--max-error", 0));
        if (a.has("--concurrency") || a.has("--region-concurrency")) {
            b.concurrency(a.intValue(a.has("--concurrency") ? "--concurrency" : "--region-concurrency", 1));
        }
        b.tableConcurrency(a.intValue("--table-concurrency", 6));
        if (a.has("--no-schema")) {
            b.schemaMode(SchemaMode.EXISTING);
        }
        if (a.has("--batch-bytes")) {
            b.batchBytes(a.longValue("--batch-bytes", 0));
        }
        if (a.has("--batch-rows")) {
            b.batchRows(a.intValue("--batch-rows", 0));
        }
        if (a.has("--sql-mode")) {
            b.sqlMode(a.get("--sql-mode", ""));
        }
        if (a.has("--time-zone")) {
            b.timeZone(a.get("--time-zone", ""));
        }
        b.csv(csv(a));
        CheckpointCommands.configure(a, b);
        return b;
    }

    private static CsvOptions csv(CliArguments a) {
        CsvOptions.Builder c = CsvOptions.builder();
        if (a.has("--csv-separator")) {
            c.separator(unescape(a.get("--csv-separator", ",")));
        }
        if (a.has("--csv-delimiter")) {
            c.delimiter(unescape(a.get("--csv-delimiter", "\"")));
        }
        if (a.has("--csv-terminator")) {
            c.terminator(unescape(a.get("--csv-terminator", "")));
        }
        if (a.has("--csv-header")) {
            c.header(a.boolValue("--csv-header"));
        }
        if (a.has("--csv-null")) {
            c.nullValues(a.all("--csv-null"));
        }
        if (a.has("--csv-backslash-escape")) {
            c.backslashEscape(a.boolValue("--csv-backslash-escape"));
        }
        if (a.has("--csv-not-null")) {
            c.notNull(a.boolValue("--csv-not-null"));
        }
        return c.build();
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

    /** Prints a progress line at most every five seconds. */
    private static final class ConsoleProgress implements ImportListener {
        private final PrintStream err;
        private final AtomicLong lastPrint = new AtomicLong(System.nanoTime());

        ConsoleProgress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void importStarted(int tables, int chunks, long bytes) {
            err.printf(Locale.ROOT, "importing %d tables, %d chunks, %.1f MiB%n", tables, chunks, bytes / 1048576.0);
        }

        @Override
        public void progress(Progress p) {
            long now = System.nanoTime();
            long last = lastPrint.get();
            if (now - last >= PROGRESS_INTERVAL_NANOS && lastPrint.compareAndSet(last, now)) {
                err.printf(Locale.ROOT, "progress: %.1f%% of bytes, %d/%d tables, %d/%d chunks, %d rows%n",
                        p.fraction() * 100, p.tablesDone(), p.tablesTotal(), p.chunksDone(), p.chunksTotal(), p.rows());
            }
        }

        @Override
        public void tableFinished(TableResult r) {
            err.printf(Locale.ROOT, "table %s done: %d rows%s%n", r.table(), r.rows(),
                    r.skippedRows() > 0 ? ", " + r.skippedRows() + " rejected" : "");
        }
    }
}
