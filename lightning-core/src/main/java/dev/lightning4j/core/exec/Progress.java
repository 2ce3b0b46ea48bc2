package dev.lightning4j.core.exec;

import dev.lightning4j.ImportListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Import-wide counters behind {@link ImportListener.Progress}. */
public final class Progress {
    private final int tablesTotal;
    private final int chunksTotal;
    private final long bytesTotal;
    private final AtomicInteger tablesDone = new AtomicInteger();
    private final AtomicInteger chunksDone = new AtomicInteger();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final long startNanos = System.nanoTime();

    public Progress(int tablesTotal, int chunksTotal, long bytesTotal) {
        this.tablesTotal = tablesTotal;
        this.chunksTotal = chunksTotal;
        this.bytesTotal = bytesTotal;
    }

    void add(long bytes, long rowsWritten) {
        bytesDone.addAndGet(bytes);
        rows.addAndGet(rowsWritten);
    }

    void chunkDone() {
        chunksDone.incrementAndGet();
    }

    public void tableDone() {
        tablesDone.incrementAndGet();
    }

    public ImportListener.Progress snapshot() {
        return snapshot(null);
    }

    /** Totals with the figures of the table that advanced ({@code null} for none) and the time so far. */
    public ImportListener.Progress snapshot(TableStats table) {
        return new ImportListener.Progress(tablesDone.get(), tablesTotal, chunksDone.get(), chunksTotal,
                bytesDone.get(), bytesTotal, rows.get(), java.time.Duration.ofNanos(System.nanoTime() - startNanos),
                table == null ? null : table.progress());
    }
}
