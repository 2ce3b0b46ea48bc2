package dev.lightning4j.cli;

import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.ImportResult;
import dev.lightning4j.TableName;
import dev.lightning4j.TableResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the command shows while an import runs: a bar redrawn in place on a terminal, or a log line at a fixed
 * interval when standard error is a file or a pipe (where a bar would leave hundreds of partial lines).
 */
abstract class ProgressDisplay implements ImportListener {
    final PrintStream err;
    private final long intervalNanos;
    private final AtomicLong lastDraw = new AtomicLong(System.nanoTime());
    private final long startNanos = System.nanoTime();
    private volatile int tablesTotal;
    private volatile int chunksTotal;
    private volatile long bytesTotal;
    private volatile int tablesDone;
    private volatile int chunksDone;
    private volatile long bytesDone;

    ProgressDisplay(PrintStream err, long intervalNanos) {
        this.err = err;
        this.intervalNanos = intervalNanos;
    }

    /** A bar on a terminal, else log lines every {@code logIntervalSeconds}. */
    static ProgressDisplay choose(String mode, PrintStream err, long logIntervalSeconds) {
        boolean terminal = switch (mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT)) {
            case "bar" -> true;
            case "log" -> false;
            case "auto" -> System.console() != null;
            default -> throw new IllegalArgumentException("--progress must be bar, log or auto, not '" + mode + "'");
        };
        return terminal ? new Bar(err) : new Log(err, Duration.ofSeconds(logIntervalSeconds).toNanos());
    }

    @Override
    public void importStarted(int tables, int chunks, long bytes) {
        tablesTotal = tables;
        chunksTotal = chunks;
        bytesTotal = bytes;
        synchronized (this) {
            err.printf(Locale.ROOT, "importing %d tables, %d chunks, %s%n", tables, chunks, size(bytes));
        }
    }

    @Override
    public void progress(Progress p) {
        bytesDone = Math.max(bytesDone, p.bytesDone());
        chunksDone = Math.max(chunksDone, p.chunksDone());
        tablesDone = Math.max(tablesDone, p.tablesDone());
        maybeDraw(p, false);
    }

    @Override
    public void chunkFinished(TableName table, String file, long rows, long bytes) {
        maybeDraw(null, false);
    }

    private void maybeDraw(Progress p, boolean force) {
        long now = System.nanoTime();
        long last = lastDraw.get();
        if (force || (now - last >= intervalNanos && lastDraw.compareAndSet(last, now))) {
            synchronized (this) {
                draw(p != null ? p : current());
            }
        }
    }

    /** A snapshot from what was seen so far, for callbacks that carry no totals. */
    Progress current() {
        return new Progress(tablesDone, tablesTotal, chunksDone, chunksTotal, bytesDone, bytesTotal, -1,
                Duration.ofNanos(System.nanoTime() - startNanos), null);
    }

    abstract void draw(Progress p);

    @Override
    public void tableFinished(TableResult r) {
        synchronized (this) {
            above(String.format(Locale.ROOT, "table %s done: %d rows%s in %.1fs", r.table(), r.rows(),
                    r.skippedRows() > 0 ? ", " + r.skippedRows() + " rejected" : "", r.duration().toMillis() / 1000.0));
        }
    }

    @Override
    public void importFinished(ImportResult result, ImportException failure) {
        synchronized (this) {
            finish();
        }
    }

    /** Prints a line of its own (above the bar on a terminal). */
    abstract void above(String line);

    abstract void finish();

    static String line(Progress p, long rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%5.1f%%  %s/%s  %s/s", p.fraction() * 100, size(p.bytesDone()),
                size(p.bytesTotal()), size((long) p.bytesPerSecond())));
        if (rows >= 0) {
            sb.append(String.format(Locale.ROOT, "  %d rows (%.0f/s)", rows, p.rowsPerSecond()));
        }
        sb.append(String.format(Locale.ROOT, "  tables %d/%d  chunks %d/%d", p.tablesDone(), p.tablesTotal(),
                p.chunksDone(), p.chunksTotal()));
        p.eta().ifPresent(eta -> sb.append("  ETA ").append(clock(eta)));
        if (p.table() != null) {
            sb.append(String.format(Locale.ROOT, "  [%s %.0f%%]", p.table().table(), p.table().fraction() * 100));
        }
        return sb.toString();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Redraws one line in place with a carriage return, at most five times a second. */
    static final class Bar extends ProgressDisplay {
        private static final int WIDTH = 24;
        private volatile long rows;
        private boolean drawn;

        Bar(PrintStream err) {
            super(err, 200_000_000L);
        }

        @Override
        public void progress(Progress p) {
            rows = Math.max(rows, p.rows());
            super.progress(p);
        }

        @Override
        void draw(Progress p) {
            int filled = (int) Math.round(p.fraction() * WIDTH);
            String bar = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] ";
            err.print("\r" + bar + line(p, Math.max(rows, p.rows())) + "\033[K");
            err.flush();
            drawn = true;
        }

        @Override
        void above(String text) {
            err.print("\r\033[K" + text + "\n");
            draw(current());
        }

        @Override
        void finish() {
            if (drawn) {
                draw(current());
                err.print("\n");
                err.flush();
            }
        }
    }

    /** Prints a progress line at a fixed interval. */
    static final class Log extends ProgressDisplay {
        Log(PrintStream err, long intervalNanos) {
            super(err, intervalNanos);
        }

        @Override
        void draw(Progress p) {
            err.println("progress: " + line(p, p.rows()));
        }

        @Override
        void above(String text) {
            err.println(text);
        }

        @Override
        void finish() {
        }
    }
}
