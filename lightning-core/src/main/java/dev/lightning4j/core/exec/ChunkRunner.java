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
import dev.lightning4j.spi.CompressionProvider;
import dev.lightning4j.spi.SeekableSource;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
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
            ImportListener listener, BooleanSupplier stopRequested) {
        this(storage, formatContext, budget, progress, listener, stopRequested, new Decompression(
                ServiceLoader.load(CompressionProvider.class, ChunkRunner.class.getClassLoader()).stream()
                        .map(ServiceLoader.Provider::get).toList()));
    }

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
        StoredBytes stored = new StoredBytes();
        DecodedStream decoded = null;
        boolean decompressing = false;
        List<Closeable> opened = new ArrayList<>();
        try {
            RowReader reader;
            if (format.randomAccess()) {
                if (chunk.compression() != null) {
                    throw new ImportException(ErrorCode.SOURCE_READ, "." + format.name() + " files cannot be "
                            + "compressed as a whole; decompress the file (the format compresses its own pages)",
                            file, -1, tableName, null, null);
                }
                reader = format.open(chunk, new CountingSource(file, chunk.fileSize(), stored), formatContext);
            } else {
                InputStream in = new CountingInputStream(
                        storage.open(file, chunk.compression() == null ? chunk.start() : 0), stored);
                opened.add(in);
                if (chunk.compression() != null) {
                    decompressing = true;
                    in = decoded = new DecodedStream(decompression.wrap(in, chunk.compression(), file));
                    opened.add(in);
                }
                reader = format.open(chunk, in, formatContext);
            }
            opened.add(reader);
            try (ChunkWriter writer = importer.openChunk(chunk, sink)) {
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
                    if (stored.count - reportedBytes >= PROGRESS_STEP) {
                        long written = rows - skipped[0];
                        report(stats, written - reportedRows, stored.count - reportedBytes,
                                skipped[0] - reportedSkipped);
                        reportedRows = written;
                        reportedBytes = stored.count;
                        reportedSkipped = skipped[0];
                    }
                }
                writer.flush();
            }
        } catch (ImportException e) {
            throw e.at(file, row == null ? -1 : row.startOffset(), tableName);
        } catch (IOException e) {
            if (decompressing && !stored.failed) {
                throw corrupt(chunk, decompression.provider(chunk.compression()),
                        decoded == null ? 0 : decoded.position, e, tableName);
            }
            throw new ImportException(ErrorCode.SOURCE_READ, "cannot read the data file: " + e.getMessage(),
                    file, row == null ? -1 : row.endOffset(), tableName, null, e);
        } catch (RuntimeException e) {
            throw new ImportException(ErrorCode.INTERNAL, "unexpected failure: " + e, file,
                    row == null ? -1 : row.startOffset(), tableName, null, e);
        } finally {
            closeAll(opened);
        }
        long total = stored.count;
        report(stats, rows - skipped[0] - reportedRows, total - reportedBytes, skipped[0] - reportedSkipped);
        if (!stopRequested.getAsBoolean()) {
            stats.chunkDone();
            progress.chunkDone();
            listener.chunkFinished(chunk.table(), file, rows - skipped[0], total);
        }
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

    private static void closeAll(List<Closeable> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (IOException | RuntimeException ignored) {
                // The chunk's outcome is already decided; a failing close changes nothing.
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
