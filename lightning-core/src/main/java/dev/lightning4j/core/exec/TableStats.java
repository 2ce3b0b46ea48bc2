package dev.lightning4j.core.exec;

import dev.lightning4j.TableName;
import dev.lightning4j.TableResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one table while its chunks run. */
public final class TableStats {
    private final TableName table;
    private final int chunks;
    private final long bytesTotal;
    private final java.util.concurrent.atomic.AtomicInteger chunksDone = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final List<String> warnings = new ArrayList<>();
    private volatile long startNanos = -1;
    private volatile long endNanos = -1;

    public TableStats(TableName table, int chunks) {
        this(table, chunks, 0);
    }

    /** Counters of a table of {@code chunks} chunks and {@code bytesTotal} planned source bytes. */
    public TableStats(TableName table, int chunks, long bytesTotal) {
        this.table = table;
        this.chunks = chunks;
        this.bytesTotal = bytesTotal;
    }

    void chunkDone() {
        chunksDone.incrementAndGet();
    }

    /** The table's figures so far, for progress reports. */
    public dev.lightning4j.ImportListener.TableProgress progress() {
        return new dev.lightning4j.ImportListener.TableProgress(table, chunksDone.get(), chunks, bytes.get(),
                bytesTotal, rows.get(), skipped.get());
    }

    public void started() {
        startNanos = System.nanoTime();
    }

    public void finished() {
        endNanos = System.nanoTime();
    }

    void add(long rowsWritten, long bytesRead, long rowsSkipped) {
        rows.addAndGet(rowsWritten);
        bytes.addAndGet(bytesRead);
        skipped.addAndGet(rowsSkipped);
    }

    public synchronized void warn(String warning) {
        warnings.add(warning);
    }

    public TableName table() {
        return table;
    }

    public synchronized TableResult toResult() {
        long start = startNanos;
        long end = endNanos >= 0 ? endNanos : System.nanoTime();
        Duration d = start < 0 ? Duration.ZERO : Duration.ofNanos(end - start);
        return new TableResult(table, rows.get(), bytes.get(), skipped.get(), chunks, d, warnings);
    }
}
