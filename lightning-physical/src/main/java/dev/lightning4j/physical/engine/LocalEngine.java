package dev.lightning4j.physical.engine;

import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.kv.KvPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A local sorted store of encoded KV pairs for one engine (a table's data or its indexes), on RocksDB:
 * many threads write unsorted batches, the ingest step reads the pairs back in key order. Keys compare
 * as unsigned bytes, which is TiKV's order for raw keys. A key written twice keeps its last value.
 *
 * <p>The write-ahead log is off, as bulk loading needs no per-write durability: {@link #flush()} (called
 * by {@link #close()}) persists everything written so far, and a reopened engine sees exactly that.
 * Thread-safe; iterators and writers are each for one thread.
 */
public final class LocalEngine implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final EngineOptions options;
    private final Options dbOptions;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalEngine(Path dir, EngineOptions options, Options dbOptions, WriteOptions writeOptions, RocksDB db) {
        this.dir = dir;
        this.options = options;
        this.dbOptions = dbOptions;
        this.writeOptions = writeOptions;
        this.db = db;
    }

    /** Opens the engine in {@code dir}, creating it if needed; an existing engine keeps its flushed pairs. */
    public static LocalEngine open(Path dir, EngineOptions options) throws IOException {
        Files.createDirectories(dir);
        Options o = new Options()
                .setCreateIfMissing(true)
                .setWriteBufferSize(options.memtableBytes())
                .setMaxWriteBufferNumber(2)
                .setMaxBackgroundJobs(options.backgroundJobs())
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                // Writes arrive unsorted and only once; let L0 grow rather than stall writers on compaction.
                .setLevel0SlowdownWritesTrigger(64)
                .setLevel0StopWritesTrigger(128);
        WriteOptions w = new WriteOptions().setDisableWAL(true);
        try {
            return new LocalEngine(dir, options, o, w, RocksDB.open(o, dir.toString()));
        } catch (RocksDBException e) {
            w.close();
            o.close();
            throw new IOException("cannot open the local engine in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** A writer for one thread; close it to send its last batch. */
    public Writer writer() {
        ensureOpen();
        return new Writer();
    }

    /** Writes pairs at once (a small batch, from any thread). */
    public void write(List<KvPair> pairs) throws IOException {
        try (Writer w = writer()) {
            for (KvPair p : pairs) {
                w.put(p.key(), p.value());
            }
        }
    }

    /** Persists every pair written so far (memtables to SST files). */
    public void flush() throws IOException {
        ensureOpen();
        try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
            db.flush(f);
        } catch (RocksDBException e) {
            throw new IOException("flushing the local engine in " + dir + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Pairs in key order within {@code [lower, upper)}; null bounds are open. Close the iterator (it holds
     * RocksDB resources).
     */
    public KvIterator iterator(byte[] lower, byte[] upper) {
        ensureOpen();
        return new KvIterator(lower, upper);
    }

    /**
     * The last key within {@code [lower, upper)} (null bounds are open), found by one seek from the end, or
     * null when the range holds no pair. The ingest step needs it before streaming a region's pairs.
     */
    public byte[] lastKey(byte[] lower, byte[] upper) {
        ensureOpen();
        try (ReadOptions read = new ReadOptions().setFillCache(false);
                Slice lo = lower == null ? null : new Slice(lower);
                Slice up = upper == null ? null : new Slice(upper)) {
            if (lo != null) {
                read.setIterateLowerBound(lo);
            }
            if (up != null) {
                read.setIterateUpperBound(up);
            }
            try (RocksIterator it = db.newIterator(read)) {
                it.seekToLast();
                if (it.isValid()) {
                    return it.key();
                }
                try {
                    it.status();
                } catch (RocksDBException e) {
                    throw new UncheckedIOException(new IOException("reading the local engine failed: " + e.getMessage(), e));
                }
                return null;
            }
        }
    }

    /** Count, bytes and key range, by one sorted scan (memory stays constant). */
    public EngineStats stats() {
        long kvs = 0;
        long bytes = 0;
        byte[] first = null;
        byte[] last = null;
        try (KvIterator it = iterator(null, null)) {
            while (it.hasNext()) {
                KvPair p = it.next();
                if (first == null) {
                    first = p.key();
                }
                last = p.key();
                kvs++;
                bytes += p.key().length + p.value().length;
            }
        }
        return new EngineStats(kvs, bytes, first, last);
    }

    /** The checksum of everything in the engine, as ADMIN CHECKSUM TABLE would compute it over the same pairs. */
    public KvChecksum checksum() {
        KvChecksum c = new KvChecksum();
        try (KvIterator it = iterator(null, null)) {
            while (it.hasNext()) {
                KvPair p = it.next();
                c.update(p.key(), p.value());
            }
        }
        return c;
    }

    /**
     * Keys that cut the engine's sorted pairs into ranges of at most {@code maxBytes} key+value bytes and
     * {@code maxKeys} pairs (Lightning's region split sizes); each returned key starts a new range.
     */
    public List<byte[]> splitKeys(long maxBytes, long maxKeys) {
        List<byte[]> keys = new ArrayList<>();
        long bytes = 0;
        long count = 0;
        try (KvIterator it = iterator(null, null)) {
            while (it.hasNext()) {
                KvPair p = it.next();
                long size = p.key().length + p.value().length;
                if (count > 0 && (bytes + size > maxBytes || count + 1 > maxKeys)) {
                    keys.add(p.key());
                    bytes = 0;
                    count = 0;
                }
                bytes += size;
                count++;
            }
        }
        return keys;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the local engine in " + dir + " is closed");
        }
    }

    /** Flushes and closes. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
            db.flush(f);
        } catch (RocksDBException e) {
            throw new IOException("flushing the local engine in " + dir + " failed: " + e.getMessage(), e);
        } finally {
            db.close();
            writeOptions.close();
            dbOptions.close();
        }
    }

    /** Batches one thread's pairs. */
    public final class Writer implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();
        private long pending;

        private Writer() {
        }

        public void put(byte[] key, byte[] value) throws IOException {
            try {
                batch.put(key, value);
            } catch (RocksDBException e) {
                throw new IOException("local engine write failed: " + e.getMessage(), e);
            }
            pending += key.length + value.length;
            if (pending >= options.batchBytes()) {
                send();
            }
        }

        private void send() throws IOException {
            if (batch.count() == 0) {
                return;
            }
            try {
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw new IOException("local engine write to " + dir + " failed: " + e.getMessage(), e);
            }
            batch.clear();
            pending = 0;
        }

        @Override
        public void close() throws IOException {
            try {
                send();
            } finally {
                batch.close();
            }
        }
    }

    /** Sorted pairs of a key range. */
    public final class KvIterator implements Iterator<KvPair>, AutoCloseable {
        private final ReadOptions read;
        private final Slice lowerSlice;
        private final Slice upperSlice;
        private final RocksIterator it;

        private KvIterator(byte[] lower, byte[] upper) {
            read = new ReadOptions().setFillCache(false);
            lowerSlice = lower == null ? null : new Slice(lower);
            upperSlice = upper == null ? null : new Slice(upper);
            if (lowerSlice != null) {
                read.setIterateLowerBound(lowerSlice);
            }
            if (upperSlice != null) {
                read.setIterateUpperBound(upperSlice);
            }
            it = db.newIterator(read);
            it.seekToFirst();
        }

        @Override
        public boolean hasNext() {
            if (it.isValid()) {
                return true;
            }
            try {
                it.status();
            } catch (RocksDBException e) {
                throw new UncheckedIOException(new IOException("reading the local engine failed: " + e.getMessage(), e));
            }
            return false;
        }

        @Override
        public KvPair next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KvPair p = new KvPair(it.key(), it.value());
            it.next();
            return p;
        }

        @Override
        public void close() {
            it.close();
            read.close();
            if (lowerSlice != null) {
                lowerSlice.close();
            }
            if (upperSlice != null) {
                upperSlice.close();
            }
        }
    }
}
