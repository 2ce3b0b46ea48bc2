package dev.lightning4j.core.exec;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.RowError;
import dev.lightning4j.core.checkpoint.ChunkTracker;
import dev.lightning4j.spi.ChunkCheckpoint;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.RowErrorSink;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetColumn;
import dev.lightning4j.spi.TargetRow;
import dev.lightning4j.spi.TargetTable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Streams one chunk: storage, decompression, parser, column mapping, backend writer. Memory is one
 * parser buffer plus one backend batch, whatever the chunk's size.
 */
public final class ChunkRunner {
    /** Report progress after about this many source bytes. */
    private static final long PROGRESS_STEP = 4L * 1024 * 1024;

    private final Storage storage;
    private final FormatContext formatContext;
    private final ErrorBudget budget;
    private final Progress progress;
    private final ImportListener listener;
    private final BooleanSupplier stopRequested;

    public ChunkRunner(Storage storage, FormatContext formatContext, ErrorBudget budget, Progress progress,
            ImportListener listener, BooleanSupplier stopRequested) {
        this.storage = storage;
        this.formatContext = formatContext;
        this.budget = budget;
        this.progress = progress;
        this.listener = listener;
        this.stopRequested = stopRequested;
    }

    /** Imports the chunk; returns normally also when stopped early (the caller knows why it stopped). */
    public void run(DataChunk chunk, FormatProvider format, TargetTable table, TableImporter importer,
            TableStats stats) {
        run(chunk, format, table, importer, stats, null);
    }

    /**
     * Imports the chunk, continuing from {@code tracker}'s saved position when it has one and saving the
     * position as batches commit; {@code tracker} may be null (no checkpoints).
     */
    public void run(DataChunk chunk, FormatProvider format, TargetTable table, TableImporter importer,
            TableStats stats, ChunkTracker tracker) {
        String file = chunk.file();
        String tableName = chunk.table().toString();
        ChunkCheckpoint resume = tracker == null ? null : tracker.resumedFrom();
        long[] skipped = {resume == null ? 0 : resume.skipped()};
        RowErrorSink sink = (kind, offset, reason, rowText) -> {
            if (tracker != null && tracker.isReplayedDuplicate(kind)) {
                return; // the row is on the target from the run before the crash
            }
            skipped[0]++;
            if (tracker != null) {
                tracker.rejected();
            }
            budget.reject(new RowError(chunk.table(), file, offset, kind, reason, rowText));
        };
        RowMapper mapper = new RowMapper(table, file);
        long rows = resume == null ? 0 : resume.rows();
        long reportedRows = rows - skipped[0];
        long reportedBytes = 0;
        long reportedSkipped = skipped[0];
        if (resume != null) {
            // What the runs before did counts in this run's totals.
            report(stats, reportedRows, Math.max(0, resume.offset() - chunk.start()), reportedSkipped);
        }
        SourceRow row = null;
        boolean exhausted = false;
        ChunkInput input = null;
        try {
            input = ChunkInput.open(storage, chunk, format, formatContext, resume);
            CountingInputStream counted = input.counted;
            RowReader reader = input.reader;
            reportedBytes = counted.count; // rows skipped to reach a saved position were counted before
            try (ChunkWriter writer = tracker == null ? importer.openChunk(chunk, sink)
                    : importer.openChunk(chunk, sink, tracker)) {
                while (!stopRequested.getAsBoolean()) {
                    row = reader.next();
                    if (row == null) {
                        exhausted = true;
                        break;
                    }
                    List<TargetColumn> columns = mapper.columnsOf(row);
                    Object[] values = row.values();
                    rows++;
                    if (values.length != columns.size()) {
                        sink.reject(RowError.Kind.COLUMN_COUNT, row.startOffset(), "the row has " + values.length
                                + " values but " + columns.size() + " columns are imported", RowText.render(values));
                    } else {
                        writer.write(new TargetRow(columns, values, row.startOffset()));
                    }
                    if (tracker != null) {
                        tracker.consumed(row);
                    }
                    if (counted.count - reportedBytes >= PROGRESS_STEP) {
                        long written = rows - skipped[0];
                        report(stats, written - reportedRows, counted.count - reportedBytes,
                                skipped[0] - reportedSkipped);
                        reportedRows = written;
                        reportedBytes = counted.count;
                        reportedSkipped = skipped[0];
                    }
                }
                writer.flush();
                if (tracker != null) {
                    tracker.flushed(exhausted);
                }
            }
        } catch (ImportException e) {
            throw e.at(file, row == null ? -1 : row.startOffset(), tableName);
        } catch (IOException e) {
            throw new ImportException(ErrorCode.SOURCE_READ, "cannot read the data file: " + e.getMessage()
                    + (chunk.compression() != null ? "; the compressed file may be truncated or corrupt" : ""),
                    file, row == null ? -1 : row.endOffset(), tableName, null, e);
        } catch (RuntimeException e) {
            throw new ImportException(ErrorCode.INTERNAL, "unexpected failure: " + e, file,
                    row == null ? -1 : row.startOffset(), tableName, null, e);
        } finally {
            if (input != null) {
                input.close();
            }
        }
        long total = input.counted.count;
        report(stats, rows - skipped[0] - reportedRows, total - reportedBytes, skipped[0] - reportedSkipped);
        if (!stopRequested.getAsBoolean()) {
            progress.chunkDone();
            listener.chunkFinished(chunk.table(), file, rows - skipped[0], total);
        }
    }

    /** Credits a chunk finished in an earlier run to this run's totals. */
    public void alreadyDone(ChunkCheckpoint done, TableStats stats) {
        report(stats, done.rows() - done.skipped(), Math.max(0, done.offset() - done.start()), done.skipped());
        progress.chunkDone();
    }

    /**
     * The open source of a chunk: at its saved offset when the format can continue there with the saved
     * column list, else from the planned start with the rows already handled read and dropped (compressed
     * files, formats without byte offsets).
     */
    private static final class ChunkInput {
        final InputStream raw;
        final CountingInputStream counted;
        final RowReader reader;

        private ChunkInput(InputStream raw, CountingInputStream counted, RowReader reader) {
            this.raw = raw;
            this.counted = counted;
            this.reader = reader;
        }

        static ChunkInput open(Storage storage, DataChunk chunk, FormatProvider format, FormatContext context,
                ChunkCheckpoint resume) throws IOException {
            if (resume != null && resume.offset() > chunk.start() && chunk.compression() == null) {
                DataChunk rest = new DataChunk(chunk.table(), chunk.file(), chunk.format(), chunk.compression(),
                        chunk.fileSize(), resume.offset(), chunk.end(), chunk.index());
                ChunkInput in = open(storage, rest, format, context);
                if (in.reader.resumeWith(resume.columns())) {
                    return in;
                }
                in.close();
            }
            ChunkInput in = open(storage, chunk, format, context);
            if (resume != null) {
                try {
                    for (long i = 0; i < resume.rows(); i++) {
                        if (in.reader.next() == null) {
                            throw new ImportException(ErrorCode.CHECKPOINT, "the checkpoint says " + resume.rows()
                                    + " rows of this chunk were handled but it has only " + i + "; the file changed:"
                                    + " restore it or clear the table's checkpoints", chunk.file(), -1,
                                    chunk.table().toString(), null, null);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    in.close();
                    throw e;
                }
            }
            return in;
        }

        private static ChunkInput open(Storage storage, DataChunk chunk, FormatProvider format, FormatContext context)
                throws IOException {
            InputStream raw = storage.open(chunk.file(), chunk.compression() == null ? chunk.start() : 0);
            try {
                CountingInputStream counted = new CountingInputStream(raw);
                InputStream in = Decompression.wrap(counted, chunk.compression(), chunk.file());
                return new ChunkInput(raw, counted, format.open(chunk, in, context));
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }

        void close() {
            try {
                reader.close();
            } catch (IOException ignored) {
                // Nothing was lost: reading is over.
            }
            try {
                raw.close();
            } catch (IOException ignored) {
                // As above.
            }
        }
    }

    private void report(TableStats stats, long rows, long bytes, long skipped) {
        stats.add(rows, bytes, skipped);
        progress.add(bytes, rows);
        listener.progress(progress.snapshot());
    }

    /** Counts the stored bytes read, for progress. */
    private static final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
