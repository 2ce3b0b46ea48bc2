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
import dev.lightning4j.spi.CompressionProvider;
import dev.lightning4j.spi.SeekableSource;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
    private final Decompression decompression;

    public ChunkRunner(Storage storage, FormatContext formatContext, ErrorBudget budget, Progress progress,
            ImportListener listener, BooleanSupplier stopRequested, Decompression decompression) {
        this.storage = storage;
        this.formatContext = formatContext;
        this.budget = budget;
        this.progress = progress;
        this.listener = listener;
        this.stopRequested = stopRequested;
        this.decompression = decompression;
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
        OpenChunk input = new OpenChunk();
        try {
            RowReader reader = open(chunk, format, resume, input);
            reportedBytes = input.stored.count; // rows skipped to reach a saved position were counted before
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
                    if (input.stored.count - reportedBytes >= PROGRESS_STEP) {
                        long written = rows - skipped[0];
                        report(stats, written - reportedRows, input.stored.count - reportedBytes,
                                skipped[0] - reportedSkipped);
                        reportedRows = written;
                        reportedBytes = input.stored.count;
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
            if (input.decompressing && !input.stored.failed) {
                throw corrupt(chunk, decompression.provider(chunk.compression()),
                        input.decoded == null ? 0 : input.decoded.position, e, tableName);
            }
            throw new ImportException(ErrorCode.SOURCE_READ, "cannot read the data file: " + e.getMessage(),
                    file, row == null ? -1 : row.endOffset(), tableName, null, e);
        } catch (RuntimeException e) {
            throw new ImportException(ErrorCode.INTERNAL, "unexpected failure: " + e, file,
                    row == null ? -1 : row.startOffset(), tableName, null, e);
        } finally {
            input.close();
        }
        long total = input.stored.count;
        report(stats, rows - skipped[0] - reportedRows, total - reportedBytes, skipped[0] - reportedSkipped);
        if (!stopRequested.getAsBoolean()) {
            stats.chunkDone();
            progress.chunkDone();
            listener.chunkFinished(chunk.table(), file, rows - skipped[0], total);
        }
    }

    /** Credits a chunk finished in an earlier run to this run's totals. */
    public void alreadyDone(ChunkCheckpoint done, TableStats stats) {
        report(stats, done.rows() - done.skipped(), Math.max(0, done.offset() - done.start()), done.skipped());
        stats.chunkDone();
        progress.chunkDone();
    }

    /**
     * Opens the chunk's reader: at the saved offset when the format can continue there with the saved
     * column list, else from the planned start with the rows already handled read and dropped (compressed
     * files, random-access formats, formats without byte offsets).
     */
    private RowReader open(DataChunk chunk, FormatProvider format, ChunkCheckpoint resume, OpenChunk input)
            throws IOException {
        if (resume != null && resume.offset() > chunk.start() && chunk.compression() == null
                && !format.randomAccess()) {
            DataChunk rest = new DataChunk(chunk.table(), chunk.file(), chunk.format(), chunk.compression(),
                    chunk.fileSize(), resume.offset(), chunk.end(), chunk.index(), chunk.columns());
            RowReader reader = open(rest, format, input);
            if (reader.resumeWith(resume.columns())) {
                return reader;
            }
            input.close();
            input.reset();
        }
        RowReader reader = open(chunk, format, input);
        if (resume != null) {
            for (long i = 0; i < resume.rows(); i++) {
                if (reader.next() == null) {
                    throw new ImportException(ErrorCode.CHECKPOINT, "the checkpoint says " + resume.rows()
                            + " rows of this chunk were handled but it has only " + i + "; the file changed:"
                            + " restore it or clear the table's checkpoints", chunk.file(), -1,
                            chunk.table().toString(), null, null);
                }
            }
        }
        return reader;
    }

    private RowReader open(DataChunk chunk, FormatProvider format, OpenChunk input) throws IOException {
        String file = chunk.file();
        RowReader reader;
        if (format.randomAccess()) {
            if (chunk.compression() != null) {
                throw new ImportException(ErrorCode.SOURCE_READ, "." + format.name() + " files cannot be "
                        + "compressed as a whole; decompress the file (the format compresses its own pages)",
                        file, -1, chunk.table().toString(), null, null);
            }
            reader = format.open(chunk, new CountingSource(file, chunk.fileSize(), input.stored), formatContext);
        } else {
            InputStream in = new CountingInputStream(
                    storage.open(file, chunk.compression() == null ? chunk.start() : 0), input.stored);
            input.opened.add(in);
            if (chunk.compression() != null) {
                input.decompressing = true; // a codec may read its header, and fail, while being opened
                in = input.decoded = new DecodedStream(decompression.wrap(in, chunk.compression(), file));
                input.opened.add(in);
            }
            reader = format.open(chunk, in, formatContext);
        }
        input.opened.add(reader);
        return reader;
    }

    /**
     * The error for a compressed file whose data broke off or does not decode: the stored file is damaged (a cut
     * copy, an unfinished dump), so the fix is a good copy, never a retry.
     */
    private static ImportException corrupt(DataChunk chunk, CompressionProvider codec, long position,
            IOException e, String table) {
        String name = codec != null ? codec.name() : chunk.compression();
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ImportException(ErrorCode.SOURCE_READ, "the " + name + " data of this ." + chunk.compression()
                + " file is truncated or corrupt (" + detail + "); decompression stopped after " + position
                + " decompressed bytes. Replace the file with a complete copy (for example dump or download it "
                + "again) and run the import again", chunk.file(), position, table, null, e);
    }

    /** The streams and reader of one chunk, closed together, and what the error messages need of them. */
    private static final class OpenChunk {
        final StoredBytes stored = new StoredBytes();
        final List<Closeable> opened = new ArrayList<>();
        DecodedStream decoded;
        boolean decompressing;

        void reset() {
            opened.clear();
            decoded = null;
            decompressing = false;
        }

        void close() {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (IOException | RuntimeException ignored) {
                    // The chunk's outcome is already decided; a failing close changes nothing.
                }
            }
        }
    }

    private void report(TableStats stats, long rows, long bytes, long skipped) {
        stats.add(rows, bytes, skipped);
        progress.add(bytes, rows);
        listener.progress(progress.snapshot(stats));
    }

    /** Stored bytes read by all streams of one chunk, for progress; and whether reading the storage failed. */
    private static final class StoredBytes {
        volatile long count;
        volatile boolean failed;
    }

    /** Counts the stored bytes read and notes a storage failure, to tell it apart from bad compressed data. */
    private static final class CountingInputStream extends FilterInputStream {
        private final StoredBytes stored;

        CountingInputStream(InputStream in, StoredBytes stored) {
            super(in);
            this.stored = stored;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                if (b >= 0) {
                    stored.count++;
                }
                return b;
            } catch (IOException e) {
                stored.failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n > 0) {
                    stored.count += n;
                }
                return n;
            } catch (IOException e) {
                stored.failed = true;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                long s = super.skip(n);
                stored.count += s;
                return s;
            } catch (IOException e) {
                stored.failed = true;
                throw e;
            }
        }
    }

    /** The decompressed stream, counting decompressed bytes so that an error says how far decoding got. */
    private static final class DecodedStream extends FilterInputStream {
        volatile long position;

        DecodedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            position += s;
            return s;
        }
    }

    /** Random access to the chunk's stored file through the storage, counting what is read. */
    private final class CountingSource implements SeekableSource {
        private final String file;
        private final long size;
        private final StoredBytes stored;

        CountingSource(String file, long size, StoredBytes stored) {
            this.file = file;
            this.size = size;
            this.stored = stored;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public InputStream open(long offset) throws IOException {
            return new CountingInputStream(storage.open(file, offset), stored);
        }
    }
}
