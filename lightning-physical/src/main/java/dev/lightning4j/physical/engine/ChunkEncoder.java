package dev.lightning4j.physical.engine;

import dev.lightning4j.RowError;
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.convert.RowConverter;
import dev.lightning4j.physical.kv.TableKvEncoder;
import dev.lightning4j.physical.model.NoPartitionException;
import dev.lightning4j.spi.RowErrorSink;
import dev.lightning4j.spi.TargetRow;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One thread's path from engine rows to local engines, as TiDB Lightning splits it: record pairs to the
 * table's data engine, index pairs to its index engine, each with its own checksum. A row that cannot be
 * converted goes to the chunk's {@link RowErrorSink} and writes nothing.
 */
public final class ChunkEncoder implements AutoCloseable {
    private static final byte RECORD_MARK = 'r';
    /** 't' + 8-byte table ID + '_': the byte after it tells record ('r') from index ('i') keys. */
    private static final int KIND_POS = 10;

    private final RowConverter converter;
    private final TableKvEncoder encoder;
    private final LocalEngine.Writer data;
    private final LocalEngine.Writer index;
    private final KvChecksum dataChecksum = new KvChecksum();
    private final KvChecksum indexChecksum = new KvChecksum();
    private long rows;

    public ChunkEncoder(RowConverter converter, TableKvEncoder encoder, LocalEngine dataEngine, LocalEngine indexEngine) {
        this.converter = converter;
        this.encoder = encoder;
        this.data = dataEngine.writer();
        this.index = indexEngine.writer();
    }

    /**
     * @param rowId the row's ID within the table (the chunk's row-ID range)
     * @return whether the row was written (false: rejected to {@code sink})
     */
    public boolean write(TargetRow row, long rowId, RowErrorSink sink) {
        Datum[] datums = converter.convertOrReject(row, sink);
        if (datums == null) {
            return false;
        }
        try {
            encoder.encode(datums, rowId, (k, v) -> {
                try {
                    if (k[KIND_POS] == RECORD_MARK) {
                        data.put(k, v);
                        dataChecksum.update(k, v);
                    } else {
                        index.put(k, v);
                        indexChecksum.update(k, v);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (NoPartitionException e) {
            sink.reject(RowError.Kind.TYPE, row.offset(), e.getMessage(), null);
            return false;
        }
        rows++;
        return true;
    }

    public long rows() {
        return rows;
    }

    /** Checksum of the record pairs written (merge across threads with {@link KvChecksum#add}). */
    public KvChecksum dataChecksum() {
        return dataChecksum;
    }

    public KvChecksum indexChecksum() {
        return indexChecksum;
    }

    /** The largest AUTO_INCREMENT value seen, for rebasing the table's allocator. */
    public long maxAutoIncrement() {
        return encoder.maxAutoIncrement();
    }

    /** Sends the last batches to the engines. */
    @Override
    public void close() throws IOException {
        try {
            data.close();
        } finally {
            index.close();
        }
    }
}
