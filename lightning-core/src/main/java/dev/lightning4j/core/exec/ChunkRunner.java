package dev.lightning4j.core.exec;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportListener;
import dev.lightning4j.RowError;
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
        String file = chunk.file();
        String tableName = chunk.table().toString();
        long[] skipped = {0};
        RowErrorSink sink = (kind, offset, reason, rowText) -> {
            skipped[0]++;
            budget.reject(new RowError(chunk.table(), file, offset, kind, reason, rowText));
        };
        RowMapper mapper = new RowMapper(table, file);
        long rows = 0;
        long reportedRows = 0;
        long reportedBytes = 0;
        long reportedSkipped = 0;
        SourceRow row = null;
        CountingInputStream counted = null;
        try (InputStream raw = storage.open(file, chunk.compression() == null ? chunk.start() : 0)) {
            counted = new CountingInputStream(raw);
            InputStream in = Decompression.wrap(counted, chunk.compression(), file);
            try (RowReader reader = format.open(chunk, in, formatContext);
                    ChunkWriter writer = importer.openChunk(chunk, sink)) {
                while (!stopRequested.getAsBoolean() && (row = reader.next()) != null) {
                    List<TargetColumn> columns = mapper.columnsOf(row);
                    Object[] values = row.values();
                    rows++;
                    if (values.length != columns.size()) {
                        sink.reject(RowError.Kind.COLUMN_COUNT, row.startOffset(), "the row has " + values.length
                                + " values but " + columns.size() + " columns are imported", RowText.render(values));
                    } else {
                        writer.write(new TargetRow(columns, values, row.startOffset()));
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
        }
        long total = counted.count;
        report(stats, rows - skipped[0] - reportedRows, total - reportedBytes, skipped[0] - reportedSkipped);
        if (!stopRequested.getAsBoolean()) {
            progress.chunkDone();
            listener.chunkFinished(chunk.table(), file, rows - skipped[0], total);
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
