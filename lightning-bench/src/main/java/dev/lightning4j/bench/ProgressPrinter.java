package dev.lightning4j.bench;

import dev.lightning4j.ImportListener;
import java.io.PrintStream;

/** Prints a progress line every few seconds; the engine calls it after every batch, from many threads. */
final class ProgressPrinter implements ImportListener {
    private static final long EVERY_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final long start = System.nanoTime();
    private long last = start;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void importStarted(int tables, int chunks, long bytes) {
        out.printf("import started: %d tables, %d chunks, %.1f MiB%n", tables, chunks, bytes / 1048576.0);
    }

    @Override
    public void progress(Progress p) {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - last < EVERY_NANOS) {
                return;
            }
            last = now;
        }
        double secs = (now - start) / 1e9;
        out.printf("  %5.1f s  %5.1f%%  %,.1f MiB  %,d rows  %.1f MiB/s  heap used %.0f MiB%n", secs,
                p.fraction() * 100, p.bytesDone() / 1048576.0, p.rows(), p.bytesDone() / 1048576.0 / secs,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0);
    }
}
