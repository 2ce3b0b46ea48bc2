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
        return new ImportListener.Progress(tablesDone.get(), tablesTotal, chunksDone.get(), chunksTotal,
                bytesDone.get(), bytesTotal, rows.get());
    }
}
