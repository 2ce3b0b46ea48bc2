package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.RowError;
import dev.lightning4j.physical.codec.ByteSink;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.convert.RowConverter;
import dev.lightning4j.physical.convert.ValueConverter;
import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.physical.kv.AutoIdOverflowException;
import dev.lightning4j.physical.kv.TableKvEncoder;
import dev.lightning4j.physical.model.NoPartitionException;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.RowErrorSink;
import dev.lightning4j.spi.TargetRow;
import java.io.IOException;

/**
 * Encodes one chunk's rows into the table's sorting engines: each row converted with TiDB's rules (a bad
 * value goes to the chunk's error sink), numbered by its fixed row ID, encoded into its record and index
 * pairs. Memory is the engine writers' batches. {@link #flush()} makes every pair so far durable in the
 * engines, so a chunk the engine records as done never needs encoding again.
 */
final class PhysicalChunkWriter implements ChunkWriter {
    /** 't' + 8-byte table ID + '_': the byte after it tells record ('r') from index ('i') keys. */
    private static final int KIND_POS = 10;

    private final PhysicalTableImporter table;
    private final DataChunk chunk;
    private final RowErrorSink errors;
    private final RowConverter converter;
    private final TableKvEncoder encoder;
    private final ByteSink keyBuf = new ByteSink(64);
    private LocalEngine.Writer data;
    private LocalEngine.Writer index;
    private long maxRowId;
    private long rows;
    /** Whether an early import (disk quota) may read the engines meanwhile: rows then pass the table's gate. */
    private final boolean gated;
    private final java.util.concurrent.locks.Lock shared;

    PhysicalChunkWriter(PhysicalTableImporter table, DataChunk chunk, RowErrorSink errors) {
        this.table = table;
        this.chunk = chunk;
        this.errors = errors;
        this.converter = new RowConverter(table.info(), new ValueConverter(table.backend().conversionOptions()));
        this.encoder = new TableKvEncoder(table.info(), table.backend().newCollation());
        this.gated = table.gated();
        this.shared = table.gate().readLock();
        if (gated) {
            table.writerOpened(this);
        }
    }

    @Override
    public void write(TargetRow row) {
        Datum[] datums = converter.convertOrReject(row, errors);
        if (datums == null) {
            return;
        }
        long rowId = table.rowIds().rowId(chunk.file(), row.offset());
        if (!gated) {
            encode(row, datums, rowId);
            return;
        }
        shared.lock();
        try {
            table.requireUsable();
            encode(row, datums, rowId);
        } finally {
            shared.unlock();
        }
        if ((rows & 255) == 0) {
            table.backend().diskQuota().maybeCheck();
        }
    }

    /** Encodes one row into the engine writers; a row's pairs all go to the writers before an early import. */
    private void encode(TargetRow row, Datum[] datums, long rowId) {
        if (data == null) {
            data = table.stageData().writer();
            index = table.stageIndex().writer();
        }
        try {
            encoder.encode(datums, rowId, (k, v) -> {
                byte[] stageKey = StageKeys.encode(keyBuf, k, rowId);
                try {
                    (k[KIND_POS] == 'r' ? data : index).put(stageKey, v);
                } catch (IOException e) {
                    throw engineFailure(e);
                }
            });
        } catch (NoPartitionException | AutoIdOverflowException e) {
            // TiDB refuses such a row ("Table has no partition for value"; an AUTO_RANDOM value past its bits);
            // the encoder wrote nothing for it.
            errors.reject(RowError.Kind.TYPE, row.offset(), e.getMessage(), RowConverter.rowText(row));
            return;
        }
        maxRowId = Math.max(maxRowId, rowId);
        rows++;
    }

    long rows() {
        return rows;
    }

    /**
     * Sends the pairs this chunk's writers buffer into the sorting engines (whole rows), called by an early
     * import holding the table's gate while this writer's thread waits at it.
     */
    void sendBuffered() throws IOException {
        closeWriters();
    }

    @Override
    public void flush() {
        if (gated) {
            shared.lock();
        }
        try {
            table.requireUsable();
            if (data == null) {
                data = table.stageData().writer();
                index = table.stageIndex().writer();
            }
            // The chunk's largest values travel with its pairs, so a resumed import still rebases above them; a
            // chunk continued from a saved position keeps what its earlier part noted.
            byte[] noteKey = StageKeys.autoIncrementKey(chunk.file(), chunk.start());
            long[] earlier = table.note(noteKey);
            data.put(noteKey, StageKeys.longs(Math.max(earlier[0], encoder.maxAutoIncrement()),
                    Math.max(earlier[1], maxRowId), Math.max(earlier[2], encoder.maxAutoRandomBase())));
            closeWriters();
            table.stageData().flush();
            table.stageIndex().flush();
        } catch (IOException e) {
            throw engineFailure(e);
        } finally {
            if (gated) {
                shared.unlock();
            }
        }
        table.backend().diskQuota().maybeCheck();
    }

    private void closeWriters() throws IOException {
        LocalEngine.Writer d = data;
        LocalEngine.Writer i = index;
        data = null;
        index = null;
        Closeables.closeAll(d, i);
    }

    private ImportException engineFailure(IOException e) {
        return new ImportException(ErrorCode.TARGET_WRITE, "writing to the local engine of " + chunk.table()
                + " in " + table.dir() + " failed: " + e.getMessage() + "; check free space and permissions of "
                + PhysicalOptions.SORTED_KV_DIR, chunk.file(), -1, chunk.table().toString(), null, e);
    }

    @Override
    public void close() {
        if (gated) {
            shared.lock();
        }
        try {
            if (table.broken()) {
                // The engines must keep what they hold for the resume: the buffered pairs are dropped.
                data = null;
                index = null;
            } else {
                closeWriters();
            }
        } catch (IOException e) {
            // Unflushed pairs only: the chunk is encoded again (to the same keys) when it is retried.
        } finally {
            if (gated) {
                table.writerClosed(this);
                shared.unlock();
            }
        }
    }
}
