package dev.lightning4j.physical.engine;

import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.kv.KvPair;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.EnvOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A local sorted store of encoded KV pairs for one engine (a table's data or its indexes), on RocksDB:
 * many threads write unsorted pairs, the ingest step reads the pairs back in key order. Keys compare
 * as unsigned bytes, which is TiKV's order for raw keys. A key written twice keeps its last value (the
 * value of the writer that sent it last).
 *
 * <p>Writes take TiDB Lightning's local-writer path: each {@link Writer} buffers its pairs in memory up to
 * {@link EngineOptions#writerBytes()}, sorts them, writes them as one sorted SST file and ingests that into
 * RocksDB (the file is moved, not copied), so pairs never go through the memtable. Buffers smaller than
 * {@link EngineOptions#batchBytes()} when sent (the last pairs of a writer, small {@link #write} calls) go
 * in as a sorted write batch instead. Files that overlap no other go straight to the last level; files
 * whose key ranges overlap (index pairs) stay in level 0, as automatic compaction is off: a writer
 * compacts the engine once 64 such files pile up, and the first read after writes compacts it when more
 * than 16 remain ({@link #compact()}).
 *
 * <p>The write-ahead log is off, as bulk loading needs no per-write durability: ingested files are durable
 * once their writer's send returns, write batches once {@link #flush()} (called by {@link #close()})
 * returns, and a reopened engine sees exactly that. Thread-safe; iterators and writers are each for one
 * thread.
 */
public final class LocalEngine implements Closeable, SortedPairs {
    static {
        RocksDB.loadLibrary();
    }

    /** Level-0 files beyond which the first read after writes compacts the engine. */
    static final int COMPACT_L0_FILES = 16;
    /**
     * Level-0 files at which a writer compacts the engine after its ingest (one compaction at a time), so
     * that overlapping files (index pairs) never pile up without bound.
     */
    static final int WRITE_COMPACT_L0_FILES = 64;
    private final AtomicBoolean compacting = new AtomicBoolean();
    private static final String INGEST_DIR = "ingest";

    private final Path dir;
    private final Path ingestDir;
    private final EngineOptions options;
    private final Options dbOptions;
    private final Options sstOptions;
    private final EnvOptions envOptions;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong nextSst = new AtomicLong();
    private final AtomicLong sstFiles = new AtomicLong();
    /** Set by writes, cleared by a compaction check: whether a read should check level 0 first. */
    private volatile boolean written;

    // Incremental statistics: exact while no two sent runs overlap in key range (each run is deduplicated).
    private final Object statsLock = new Object();
    private final Object compactLock = new Object();
    private boolean statsExact;
    private final TreeMap<byte[], byte[]> runs = new TreeMap<>(Arrays::compareUnsigned);
    private long kvs;
    private long bytes;
    /**
     * While the statistics are exact: the sent pairs cut into granules of about {@link #granuleBytes} or
     * {@link #granuleKeys} (TiDB Lightning's range properties), by first key -> {bytes, keys}. Region split
     * keys come from these instead of a scan. Granules of different runs never interleave (runs do not
     * overlap), so neighbours may be merged: past {@link #MAX_GRANULES} every two are, which bounds memory.
     */
    private TreeMap<byte[], long[]> granules = new TreeMap<>(Arrays::compareUnsigned);
    private long granuleBytes;
    private long granuleKeys;

    /** Granule size while writing: a split at 96 MiB regions leaves each region at least 92 MiB. */
    static final long GRANULE_BYTES = 4L << 20;
    static final long GRANULE_KEYS = 40_960;
    /** Granules kept at most (about 4 MiB of keys and counts); more merge two by two. */
    static final int MAX_GRANULES = 1 << 16;

    private LocalEngine(Path dir, EngineOptions options, Options dbOptions, Options sstOptions, EnvOptions envOptions,
            WriteOptions writeOptions, RocksDB db) {
        this.dir = dir;
        this.ingestDir = dir.resolve(INGEST_DIR);
        this.options = options;
        this.dbOptions = dbOptions;
        this.sstOptions = sstOptions;
        this.envOptions = envOptions;
        this.writeOptions = writeOptions;
        this.db = db;
    }

    /** Opens the engine in {@code dir}, creating it if needed; an existing engine keeps its flushed pairs. */
    public static LocalEngine open(Path dir, EngineOptions options) throws IOException {
        return open(dir, options, GRANULE_BYTES, GRANULE_KEYS);
    }

    /** {@link #open(Path, EngineOptions)} with the split statistics' granule size (tests use small ones). */
    static LocalEngine open(Path dir, EngineOptions options, long granuleBytes, long granuleKeys) throws IOException {
        Files.createDirectories(dir);
        Path ingest = dir.resolve(INGEST_DIR);
        // SST files a writer had not ingested when the process stopped hold nothing the engine accepted.
        deleteTree(ingest);
        Files.createDirectories(ingest);
        Options o = new Options()
                .setCreateIfMissing(true)
                .setWriteBufferSize(options.memtableBytes())
                .setMaxWriteBufferNumber(2)
                .setMaxBackgroundJobs(options.backgroundJobs())
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                // Sorted runs arrive once each; compaction runs when a read needs it, not while writers write.
                .setDisableAutoCompactions(true)
                .setLevel0SlowdownWritesTrigger(1 << 20)
                .setLevel0StopWritesTrigger(1 << 20)
                // RocksDB's informational LOG (50 KB per engine and growing) counts against the disk quota.
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2);
        // Writers' files: uncompressed (LZ4 cost 2 of 10 CPU seconds per 512 MiB of sbtest for 17% less
        // disk on a short-lived engine), blocks of the engine's size (32 KiB by default).
        Options sst = new Options().setCompressionType(CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockSize(options.blockBytes()));
        EnvOptions env = new EnvOptions();
        WriteOptions w = new WriteOptions().setDisableWAL(true);
        RocksDB db;
        try {
            db = RocksDB.open(o, dir.toString());
        } catch (RocksDBException e) {
            w.close();
            env.close();
            sst.close();
            o.close();
            throw new IOException("cannot open the local engine in " + dir + ": " + e.getMessage(), e);
        }
        LocalEngine engine = new LocalEngine(dir, options, o, sst, env, w, db);
        engine.granuleBytes = granuleBytes;
        engine.granuleKeys = granuleKeys;
        try (RocksIterator it = db.newIterator()) {
            it.seekToFirst();
            // A new engine keeps its statistics as pairs come; a reopened one counts them when asked.
            engine.statsExact = !it.isValid();
        }
        engine.written = !engine.statsExact;
        return engine;
    }

    public Path dir() {
        return dir;
    }

    /**
     * A writer for one thread: it buffers up to {@link EngineOptions#writerBytes()} of pairs, then sorts and
     * sends them; close it to send the rest.
     */
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

    /** Persists every pair sent so far (memtables to SST files; ingested files are durable already). */
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
    @Override
    public KvIterator iterator(byte[] lower, byte[] upper) {
        ensureOpen();
        compactIfOverlapping();
        return new KvIterator(lower, upper);
    }

    /**
     * The last key within {@code [lower, upper)} (null bounds are open), found by one seek from the end, or
     * null when the range holds no pair. The ingest step needs it before streaming a region's pairs.
     */
    @Override
    public byte[] lastKey(byte[] lower, byte[] upper) {
        return lastKey(lower, upper, null);
    }

    /**
     * The last key within {@code [lower, upper)} that {@code accept} takes (null takes every key), found by a
     * seek from the end and steps back past the keys it refuses; null when there is none.
     */
    public byte[] lastKey(byte[] lower, byte[] upper, java.util.function.Predicate<byte[]> accept) {
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
                while (it.isValid()) {
                    byte[] k = it.key();
                    if (accept == null || accept.test(k)) {
                        return k;
                    }
                    it.prev();
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

    /** The value stored under {@code key}, or null. */
    public byte[] get(byte[] key) {
        ensureOpen();
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new UncheckedIOException(new IOException("reading the local engine in " + dir + " failed: "
                    + e.getMessage(), e));
        }
    }

    /** Removes {@code key} (durable with the next {@link #flush()}). */
    public void delete(byte[] key) throws IOException {
        ensureOpen();
        try {
            db.delete(writeOptions, key);
        } catch (RocksDBException e) {
            throw new IOException("deleting from the local engine in " + dir + " failed: " + e.getMessage(), e);
        }
        synchronized (statsLock) {
            statsExact = false;
            runs.clear();
        }
    }

    /** Whether the engine holds any pair within {@code [lower, upper)} (null bounds are open). */
    public boolean isEmpty(byte[] lower, byte[] upper) {
        return lastKey(lower, upper) == null;
    }

    /**
     * Removes every pair within {@code [lower, upper)} and compacts that range, so the space the pairs took is
     * given back to the disk when this returns. Writers must not send pairs into the range meanwhile (the
     * caller keeps them out): a pair sent during the call may or may not be removed.
     */
    public void deleteRange(byte[] lower, byte[] upper) throws IOException {
        ensureOpen();
        try {
            db.deleteRange(writeOptions, lower, upper);
            try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
                db.flush(f);
            }
            try (CompactRangeOptions c = new CompactRangeOptions()
                    .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized)) {
                db.compactRange(null, lower, upper, c);
            }
        } catch (RocksDBException e) {
            throw new IOException("removing pairs from the local engine in " + dir + " failed: " + e.getMessage(), e);
        }
        synchronized (statsLock) {
            // The kept statistics counted the removed pairs; count by a scan from now on.
            statsExact = false;
            runs.clear();
        }
        written = true;
    }

    /**
     * Merges the engine's files into one sorted level, so that reads visit each key once. Reads do this
     * themselves when many written files overlap.
     */
    public void compact() throws IOException {
        ensureOpen();
        try (CompactRangeOptions c = new CompactRangeOptions()
                .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized)) {
            db.compactRange(null, null, null, c);
        } catch (RocksDBException e) {
            throw new IOException("compacting the local engine in " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private void compactIfOverlapping() {
        if (!written) {
            return;
        }
        // Its own lock: writers recording their runs (statsLock) go on while a read compacts.
        synchronized (compactLock) {
            if (!written) {
                return;
            }
            written = false;
            try {
                if (level0Files() > COMPACT_L0_FILES) {
                    compact();
                }
            } catch (RocksDBException | IOException | NumberFormatException e) {
                throw new UncheckedIOException(new IOException("compacting the local engine in " + dir + " failed: "
                        + e.getMessage(), e));
            }
        }
    }

    private long level0Files() throws RocksDBException {
        return Long.parseLong(db.getProperty("rocksdb.num-files-at-level0").trim());
    }

    /** SST files the writers have ingested so far. */
    public long ingestedFiles() {
        return sstFiles.get();
    }

    /**
     * Count, bytes and key range. Kept as pairs are sent while no two sends overlap in key range (as for
     * record pairs of disjoint row-ID ranges); otherwise, and for a reopened engine, counted by one sorted
     * scan (memory stays constant).
     */
    public EngineStats stats() {
        ensureOpen();
        synchronized (statsLock) {
            if (statsExact) {
                return runs.isEmpty() ? new EngineStats(0, 0, null, null)
                        : new EngineStats(kvs, bytes, runs.firstKey().clone(), runs.lastEntry().getValue().clone());
            }
        }
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
     *
     * <p>While the statistics are exact (see {@link #stats()}) the keys come from the granules counted as pairs
     * were sent, without reading the engine: ranges are then whole granules, so each may fall short of the
     * limits by up to one granule (4 MiB or 40,960 pairs). Otherwise, or when a granule alone exceeds a limit,
     * one sorted scan cuts each range as full as the limits allow.
     */
    @Override
    public List<byte[]> splitKeys(long maxBytes, long maxKeys) {
        ensureOpen();
        List<byte[]> fromGranules = splitKeysFromGranules(maxBytes, maxKeys);
        return fromGranules != null ? fromGranules : splitKeysByScan(maxBytes, maxKeys);
    }

    /** Split keys from one sorted scan: each range as full as the limits allow. */
    List<byte[]> splitKeysByScan(long maxBytes, long maxKeys) {
        return SortedPairs.splitKeysByScan(iterator(null, null), maxBytes, maxKeys);
    }

    /** Split keys from the granules, or null when they cannot tell (statistics not exact, a granule too big). */
    List<byte[]> splitKeysFromGranules(long maxBytes, long maxKeys) {
        synchronized (statsLock) {
            if (!statsExact) {
                return null;
            }
            for (long[] g : granules.values()) {
                if (g[0] > maxBytes || g[1] > maxKeys) {
                    return null;
                }
            }
            List<byte[]> keys = new ArrayList<>();
            long bytes = 0;
            long count = 0;
            for (Map.Entry<byte[], long[]> e : granules.entrySet()) {
                long[] g = e.getValue();
                if (count > 0 && (bytes + g[0] > maxBytes || count + g[1] > maxKeys)) {
                    keys.add(e.getKey().clone());
                    bytes = 0;
                    count = 0;
                }
                bytes += g[0];
                count += g[1];
            }
            return keys;
        }
    }

    /**
     * Records a sent run (its keys unique) for {@link #stats()}, with its granules ({@code runGranules}: first
     * key -> {bytes, keys}, in key order) for {@link #splitKeys}.
     */
    private void sent(byte[] first, byte[] last, long runKvs, long runBytes, List<Map.Entry<byte[], long[]>> runGranules) {
        written = true;
        synchronized (statsLock) {
            if (!statsExact) {
                return;
            }
            Map.Entry<byte[], byte[]> below = runs.floorEntry(last);
            if (below != null && Arrays.compareUnsigned(below.getValue(), first) >= 0) {
                statsExact = false; // some keys may be in both runs
                runs.clear();
                granules = new TreeMap<>(Arrays::compareUnsigned);
                return;
            }
            runs.put(first, last);
            kvs += runKvs;
            bytes += runBytes;
            for (Map.Entry<byte[], long[]> g : runGranules) {
                granules.put(g.getKey(), g.getValue());
            }
            if (granules.size() > MAX_GRANULES) {
                TreeMap<byte[], long[]> merged = new TreeMap<>(Arrays::compareUnsigned);
                Map.Entry<byte[], long[]> pending = null;
                for (Map.Entry<byte[], long[]> g : granules.entrySet()) {
                    if (pending == null) {
                        pending = g;
                    } else {
                        merged.put(pending.getKey(), new long[] {pending.getValue()[0] + g.getValue()[0],
                                pending.getValue()[1] + g.getValue()[1]});
                        pending = null;
                    }
                }
                if (pending != null) {
                    merged.put(pending.getKey(), pending.getValue());
                }
                granules = merged;
            }
        }
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
            envOptions.close();
            sstOptions.close();
            dbOptions.close();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /**
     * Buffers one thread's pairs, and sends them sorted: as an ingested SST file, or as a write batch when
     * few. Memory is bounded by {@link EngineOptions#writerBytes()}.
     */
    public final class Writer implements Closeable {
        private final SortBuffer buffer = new SortBuffer(options.writerBytes());
        /** A pair's key and value copied next to each other for the SST writer, and views of each. */
        private ByteBuffer pairBuf;
        private ByteBuffer keyView;
        private ByteBuffer valueView;
        private long sends;
        private boolean closed;

        private Writer() {
        }

        public void put(byte[] key, byte[] value) throws IOException {
            if (closed) {
                throw new IllegalStateException("the writer of the local engine in " + dir + " is closed");
            }
            if (!buffer.put(key, value)) {
                send();
                buffer.put(key, value);
            }
        }

        /** Heap the writer's buffer holds now (at most {@link EngineOptions#writerBytes()}, or one larger pair). */
        public long bufferedBytes() {
            return buffer.memoryBytes();
        }

        /** How many times this writer has sent its buffer to the engine. */
        public long sends() {
            return sends;
        }

        private void send() throws IOException {
            if (buffer.count() == 0) {
                return;
            }
            ensureOpen();
            buffer.sort();
            int n = buffer.sortedCount();
            byte[] a = buffer.arena();
            long runBytes = 0;
            // The run cut into granules for split keys: each ends once it reaches the granule size.
            List<Map.Entry<byte[], long[]>> runGranules = new ArrayList<>();
            long gBytes = 0;
            long gKeys = 0;
            int gFirst = 0;
            for (int i = 0; i < n; i++) {
                int p = buffer.sorted(i);
                long size = buffer.keyLength(p) + buffer.valueLength(p);
                runBytes += size;
                gBytes += size;
                gKeys++;
                if (gBytes >= granuleBytes || gKeys >= granuleKeys || i == n - 1) {
                    runGranules.add(Map.entry(buffer.key(buffer.sorted(gFirst)), new long[] {gBytes, gKeys}));
                    gBytes = 0;
                    gKeys = 0;
                    gFirst = i + 1;
                }
            }
            if (buffer.dataBytes() < options.batchBytes()) {
                writeBatch(a, n);
            } else {
                writeSst(a, n);
            }
            sent(buffer.key(buffer.sorted(0)), buffer.key(buffer.sorted(n - 1)), n, runBytes, runGranules);
            buffer.clear();
            sends++;
        }

        private void writeBatch(byte[] a, int n) throws IOException {
            try (WriteBatch batch = new WriteBatch()) {
                for (int i = 0; i < n; i++) {
                    int p = buffer.sorted(i);
                    batch.put(Arrays.copyOfRange(a, buffer.keyOffset(p), buffer.keyOffset(p) + buffer.keyLength(p)),
                            Arrays.copyOfRange(a, buffer.valueOffset(p), buffer.valueOffset(p) + buffer.valueLength(p)));
                }
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw new IOException("local engine write to " + dir + " failed: " + e.getMessage(), e);
            }
        }

        private void writeSst(byte[] a, int n) throws IOException {
            Path file = ingestDir.resolve(nextSst.incrementAndGet() + ".sst");
            try {
                try (SstFileWriter w = new SstFileWriter(envOptions, sstOptions)) {
                    w.open(file.toString());
                    for (int i = 0; i < n; i++) {
                        int p = buffer.sorted(i);
                        int kl = buffer.keyLength(p);
                        int vl = buffer.valueLength(p);
                        if (pairBuf == null || pairBuf.capacity() < kl + vl) {
                            pairBuf = ByteBuffer.allocateDirect(Math.max(kl + vl, pairBuf == null ? 4096
                                    : pairBuf.capacity() * 2));
                            keyView = pairBuf.duplicate();
                            valueView = pairBuf.duplicate();
                        }
                        // The arena holds each key and its value next to each other: one copy for both.
                        pairBuf.put(0, a, buffer.keyOffset(p), kl + vl);
                        keyView.limit(kl).position(0);
                        valueView.limit(kl + vl).position(kl);
                        w.put(keyView, valueView);
                    }
                    w.finish();
                }
                try (IngestExternalFileOptions io = new IngestExternalFileOptions().setMoveFiles(true)) {
                    db.ingestExternalFile(List.of(file.toString()), io);
                }
                sstFiles.incrementAndGet();
                if (level0Files() >= WRITE_COMPACT_L0_FILES && compacting.compareAndSet(false, true)) {
                    try {
                        compact();
                    } finally {
                        compacting.set(false);
                    }
                }
            } catch (RocksDBException e) {
                throw new IOException("writing sorted pairs into the local engine in " + dir + " (file " + file
                        + ") failed: " + e.getMessage(), e);
            } finally {
                Files.deleteIfExists(file);
            }
        }

        /** Sends the buffered pairs; the writer takes no more. */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            send();
        }
    }

    /** Sorted pairs of a key range. */
    public final class KvIterator implements SortedPairs.Cursor {
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

        /**
         * Copies the next pair's key into {@code dst} without moving on, for readers that reuse one buffer
         * ({@link #hasNext()} must be true); returns the key's length, which is larger than {@code dst} when it
         * did not fit (then read it again into a larger array).
         */
        @Override
        public int peekKey(byte[] dst) {
            return it.key(dst);
        }

        /** Copies the next pair's value into {@code dst} like {@link #peekKey}; returns the value's length. */
        @Override
        public int peekValue(byte[] dst) {
            return it.value(dst);
        }

        /** Moves past the next pair ({@link #hasNext()} must be true), as {@link #next()} does. */
        @Override
        public void skip() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            it.next();
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
