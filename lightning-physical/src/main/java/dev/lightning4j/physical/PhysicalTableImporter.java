package dev.lightning4j.physical;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.RowError;
import dev.lightning4j.TableName;
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.engine.EngineOptions;
import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.physical.ingest.KeyRange;
import dev.lightning4j.physical.ingest.KeyspaceCodec;
import dev.lightning4j.physical.ingest.KvCluster;
import dev.lightning4j.physical.kv.KvPair;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import dev.lightning4j.physical.model.TidbTableInfoReader;
import dev.lightning4j.spi.ChunkProgress;
import dev.lightning4j.spi.ChunkWriter;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.RowErrorSink;
import dev.lightning4j.spi.TableImporter;
import dev.lightning4j.spi.TargetTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table of a physical import. Chunks are encoded into two sorting engines (record pairs, index pairs)
 * under {@code <sorted-kv-dir>/<db>.<table>/}; {@link #finish()} then resolves duplicate keys, ingests the
 * pairs that stay straight from the sorting engines ({@link StageView}: no second copy on disk) with one commit
 * timestamp, compares checksums, rebases the auto-ID allocator and analyzes. Engines are removed after success
 * and kept after a failure, so that a resumed import (checkpoints on) reuses the chunks already encoded.
 *
 * <p>With {@code tikv-importer.disk-quota} the same steps may run early, on what the sorting engines hold
 * ({@link #importEarly}): the table's chunk writers wait at their next row meanwhile, the pairs go to TiKV with
 * their own commit timestamp, their checksum adds to the table's, and the sorting engines keep only the chunk
 * notes. The keys that can conflict (record keys, unique index keys) of every early-imported row stay in a
 * local record ({@code ingested}, key -> row ID), against which every later batch checks its keys, and
 * {@value #EARLY_STATE} notes the batches imported, so a resumed import neither imports them again nor
 * loses them.
 */
final class PhysicalTableImporter implements TableImporter, PostProcessQueue.Target {
    private static final Logger LOG = LoggerFactory.getLogger(PhysicalTableImporter.class);
    /**
     * Every engine of a table (sorting, and the small ones a batch notes keys in): 32 MiB memtables (about 64 MiB
     * of native memory per engine while written) and 1 MiB write batches per writer thread.
     */
    private static final EngineOptions BASE_ENGINE_OPTIONS = new EngineOptions(32L << 20, 1L << 20, 2);
    /** Largest and smallest sort buffer of one engine writer. */
    private static final long MAX_WRITER_BYTES = 32L << 20;
    private static final long MIN_WRITER_BYTES = 1L << 20;
    private static final String MANIFEST = "plan.txt";
    /** Batches imported early: their count, their checksum and whether the last one is settled. */
    static final String EARLY_STATE = "early-imports.txt";
    /** Every pair's stage key (TiDB keys start with 't'); the notes below it stay when pairs are removed. */
    private static final byte[] PAIRS_LOWER = {StageKeys.META + 1};
    private static final byte[] PAIRS_UPPER = {(byte) 0xFF};
    /** Pairs merged into the record of imported keys at once: below the engine's write-batch size. */
    private static final long RECORD_BATCH_BYTES = 256L << 10;
    /** Conflicts listed in an error message; the log has them all up to conflict.max-record-rows. */
    private static final int CONFLICTS_SHOWN = 5;
    /**
     * How long a parallel import waits for another one: to take the base checksum of a table, or to finish
     * verifying it.
     */
    static final long PARALLEL_WAIT_MILLIS = 30 * 60_000L;

    private final PhysicalBackend backend;
    private final TableName name;
    private final String tableJson;
    private final TableInfo info;
    private final Path dir;
    private volatile RowIdRanges rowIds;
    private volatile List<DataChunk> chunks = List.of();
    private volatile LocalEngine stageData;
    private volatile LocalEngine stageIndex;
    private final EngineOptions engineOptions;
    private boolean succeeded;
    /** The largest AUTO_RANDOM incremental part of the chunks written, from {@link #maxima()}. */
    private long maxAutoRandomBase;
    /** The checksum and analyze wait for the end of the import (post-restore.post-process-at-last). */
    private volatile boolean postProcessDeferred;
    /**
     * Chunk writers hold it shared while they write a row or flush (only with a disk quota); an early import,
     * finish and close hold it exclusively, so no pair enters the sorting engines while they read them.
     */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final Set<PhysicalChunkWriter> writers = ConcurrentHashMap.newKeySet();
    private volatile boolean finishing;
    private volatile boolean closed;
    /**
     * Set when an early import failed after its batch was on TiKV and before the sorting engines were cleared:
     * the engines must keep exactly that batch for the resume to settle it, so no chunk may write on.
     */
    private volatile String broken;
    /** Guarded by the gate's write lock once prepared. */
    private EarlyState early = EarlyState.NONE;
    /** Keys of the rows imported early -> row ID; null until a batch was imported. */
    private volatile LocalEngine ingested;
    private final Set<Long> uniqueIndexIds = new java.util.HashSet<>();
    /**
     * With {@code replace}, the record also keeps every key of each row imported early ({@link #rowEntry}), with
     * the checksum of its pair, so a later row can replace it: its pairs are deleted on TiKV and taken off the
     * table's checksum.
     */
    private final boolean recordRows;
    private final DiskQuota.Table quotaView = new DiskQuota.Table() {
        @Override
        public String name() {
            return name.toString();
        }

        @Override
        public Path dir() {
            return dir;
        }

        @Override
        public boolean canImportEarly() {
            return PhysicalTableImporter.this.canImportEarly();
        }

        @Override
        public boolean importEarly(long usageBefore) {
            return PhysicalTableImporter.this.importEarly(usageBefore);
        }

        @Override
        public boolean busy() {
            return finishing || gate.getReadLockCount() > 0;
        }
    };

    PhysicalTableImporter(PhysicalBackend backend, TargetTable target) {
        this(backend, target.name());
    }

    /** A table by name (also one an earlier run finished, for its deferred checksum and analyze). */
    PhysicalTableImporter(PhysicalBackend backend, TableName name) {
        this.backend = backend;
        this.engineOptions = BASE_ENGINE_OPTIONS.withWriterBytes(writerBytes(backend.config(),
                Runtime.getRuntime().maxMemory(), backend.options().writerMemCacheSize()))
                .withBlockBytes(backend.options().blockSize())
                .withMemtableBytes(backend.options().engineMemCacheSize());
        this.name = name;
        this.tableJson = backend.status().tableInfo(name);
        try {
            this.info = TidbTableInfoReader.read(tableJson, backend.zone());
        } catch (IllegalArgumentException e) {
            throw new ImportException(ErrorCode.SCHEMA_FAILED, "the physical backend cannot import " + name + ": "
                    + e.getMessage() + "; import this table with the logical backend", null, -1, name.toString(),
                    null, e);
        }
        this.dir = backend.options().sortedKvDir().resolve(safe(name.schema()) + "." + safe(name.table()));
        for (IndexInfo idx : info.indexes()) {
            if (idx.unique()) {
                uniqueIndexIds.add(idx.id());
            }
        }
        this.recordRows = backend.config().conflictStrategy() == ConflictStrategy.REPLACE;
    }

    /** The record's entry of one key of an imported row: {@code 0x00 || rowId || key}. */
    static byte[] rowEntry(long rowId, byte[] key) {
        byte[] e = new byte[9 + key.length];
        for (int i = 8; i >= 1; i--) {
            e[i] = (byte) rowId;
            rowId >>>= 8;
        }
        System.arraycopy(key, 0, e, 9, key.length);
        return e;
    }

    /** A batch's note that an imported row was replaced: {@code 0x01 || rowId}. */
    private static byte[] replacedMark(long rowId) {
        byte[] e = rowEntry(rowId, new byte[0]);
        e[0] = 1;
        return e;
    }

    static String safe(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '_' || c == '-' ? String.valueOf(c)
                    : String.format("%%%04x", (int) c));
        }
        return sb.toString();
    }

    @Override
    public TableName name() {
        return name;
    }

    PhysicalBackend backend() {
        return backend;
    }

    @Override
    public long tableId() {
        return info.id();
    }

    TableInfo info() {
        return info;
    }

    Path dir() {
        return dir;
    }

    RowIdRanges rowIds() {
        return rowIds;
    }

    LocalEngine stageData() {
        return stageData;
    }

    LocalEngine stageIndex() {
        return stageIndex;
    }

    @Override
    public void prepare(List<DataChunk> chunks) {
        RowIdRanges plain = new RowIdRanges(name.toString(), chunks, info.shardRowIdBits());
        ParallelImportMeta parallel = backend.parallel();
        ParallelImportMeta.Allocation reserved = null;
        if (parallel != null) {
            long t0 = System.nanoTime();
            reserved = parallel.allocate(info.id(), name.toString(), plain.span(), this::reserveRowIds,
                    PARALLEL_WAIT_MILLIS);
            backend.keepTaskId(name);
            rowIds = new RowIdRanges(name.toString(), chunks, info.shardRowIdBits(), reserved.base());
            LOG.info("table {}: row IDs reserved among the parallel imports in {} ms", name,
                    (System.nanoTime() - t0) / 1_000_000);
        } else {
            rowIds = plain;
        }
        this.chunks = List.copyOf(chunks);
        String manifest = "table " + info.id() + " " + Integer.toHexString(tableJson.hashCode()) + "\n"
                + (parallel == null ? "" : "parallel task " + Long.toUnsignedString(parallel.taskId()) + "\n")
                + rowIds.fingerprint();
        try {
            Path m = dir.resolve(MANIFEST);
            boolean reuse = backend.config().checkpoint() && Files.exists(m)
                    && Files.readString(m, StandardCharsets.UTF_8).equals(manifest);
            if (!reuse) {
                EarlyState before = EarlyState.read(dir.resolve(EARLY_STATE));
                if (before.batches() > 0) {
                    LOG.warn("table {}: an earlier run imported {} batches early (disk-quota) but its engines in {}"
                            + " cannot be reused (checkpoints off, or another plan or table version)", name,
                            before.batches(), dir);
                }
                if (parallel == null) {
                    requireEmptyOnCluster(before.batches());
                }
                // Pairs of another plan, table version or a run without checkpoints would be imported as if new.
                deleteTree(dir);
                Files.createDirectories(dir);
                Files.writeString(m, manifest, StandardCharsets.UTF_8);
            } else {
                LOG.info("table {}: reusing the local engines in {} from an earlier run", name, dir);
            }
            warnOnSpace(chunks);
            stageData = LocalEngine.open(dir.resolve("sort-data"), engineOptions);
            stageIndex = LocalEngine.open(dir.resolve("sort-index"), engineOptions);
            early = EarlyState.read(dir.resolve(EARLY_STATE));
            if (early.batches() > 0) {
                ingested = LocalEngine.open(dir.resolve("ingested"), engineOptions);
                if (early.unsettled()) {
                    // The last run stopped between importing a batch and clearing it from the sorting engines,
                    // which hold exactly that batch (writers were held): finish what it began.
                    settle();
                }
                LOG.info("table {}: {} batches ({} pairs) were imported early by an earlier run", name,
                        early.batches(), early.checksum().kvs());
            }
            // What a failed batch left: the sorting engines still hold its pairs.
            for (String leftover : List.of("data", "index", "deletes", "batch-keys")) {
                deleteTree(dir.resolve(leftover));
            }
            if (reserved != null) {
                baseChecksum(parallel, reserved);
            }
            backend.diskQuota().register(quotaView);
        } catch (IOException e) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "cannot open the local engines of " + name + " in " + dir
                    + ": " + e.getMessage() + "; check " + PhysicalOptions.SORTED_KV_DIR, null, -1, name.toString(),
                    null, e);
        }
    }

    /**
     * The sorting engines take two to three times the source's size for small rows (every key is written with its
     * row ID; the ingest reads them in place, no copy); the pre-check checks a given sort directory against the
     * whole import, this warns per table (also for the default directory).
     */
    private void warnOnSpace(List<DataChunk> planned) {
        long bytes = planned.stream().filter(DataChunk::atFileStart).mapToLong(DataChunk::fileSize).sum();
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < 2 * bytes) {
                LOG.warn("table {}: {} has {} bytes free; encoding {} source bytes needs about {} (sorting"
                        + " engines); set {} to a larger disk if the import stops for space", name, dir, free, bytes,
                        2 * bytes, PhysicalOptions.SORTED_KV_DIR);
            }
        } catch (IOException e) {
            LOG.warn("table {}: cannot read the free space of {}: {}", name, dir, e.getMessage());
        }
    }

    /**
     * The table's key ranges on TiKV must be empty: an ingest would mix with what is there and the checksum could
     * never match. (The engine checks the table over SQL too; this sees pairs SQL does not, such as those of an
     * earlier import whose table was dropped and created again under the same ID.)
     */
    private void requireEmptyOnCluster(long earlyBatches) {
        KvChecksum there = backend.cluster().checksum(checksumRanges(), backend.cluster().timestamp());
        if (there.kvs() > 0) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "table " + name + " already holds " + there.kvs()
                    + " key-value pairs on TiKV and the physical backend imports into empty tables only; empty it"
                    + " (TRUNCATE TABLE) or use the logical backend" + (earlyBatches > 0 ? " (an earlier run imported "
                    + earlyBatches + " batches of it early because of " + PhysicalOptions.DISK_QUOTA + "; only a"
                    + " resume with checkpoints on and the same plan continues such an import)" : ""), null, -1,
                    name.toString(), null, null);
        }
    }

    /**
     * Reserves row IDs for this table's rows (parallel-import) from TiDB's {@code _tidb_rowid} allocator when they
     * reach TiKV: as the rows' keys, or as the values of NULL AUTO_INCREMENT or AUTO_RANDOM columns. The
     * allocator keeps the ranges of imports that ended (their rows in the metadata tables are gone), so a later
     * import's rows never take an earlier one's keys or values; without {@code AUTO_ID_CACHE=1} it is also the
     * AUTO_INCREMENT allocator, which is then past the imported values. Else the range lies above the ranges of the
     * other running imports only (the IDs tell rows apart locally and never reach TiKV).
     */
    private long reserveRowIds(long atLeast, long count) {
        boolean filledFromRowIds = info.autoIds().autoRandom()
                || info.columns().stream().anyMatch(dev.lightning4j.physical.model.ColumnInfo::autoIncrement);
        if (!info.rowIdHandle() && !filledFromRowIds) {
            return atLeast;
        }
        long dbId = backend.status().databaseId(name, info.id());
        return backend.cluster().allocateRowIds(name.toString(), dbId, info.id(), atLeast, count,
                AutoIdRebase.rowIdAllocatorUnsigned(info));
    }

    /**
     * The first parallel import of a table checksums what the table holds before anything is ingested (the
     * others wait for it): the last import to finish compares the table against it and every import's pairs.
     */
    private void baseChecksum(ParallelImportMeta parallel, ParallelImportMeta.Allocation reserved) {
        long t0 = System.nanoTime();
        if (reserved.takeBase()) {
            KvChecksum base = backend.options().checksum() == PhysicalOptions.Level.OFF ? new KvChecksum()
                    : remoteChecksum();
            parallel.recordBaseChecksum(info.id(), base);
            LOG.info("table {}: the first parallel import of the table: it held {} before, {} ms", name, triple(base),
                    (System.nanoTime() - t0) / 1_000_000);
        } else {
            parallel.awaitBaseChecksum(info.id(), name.toString(), PARALLEL_WAIT_MILLIS);
            LOG.info("table {}: the base checksum was taken by another parallel import (waited {} ms)", name,
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    @Override
    public ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors) {
        if (rowIds == null) {
            throw new IllegalStateException("prepare(chunks) must be called before the chunks of " + name + " are opened");
        }
        return new PhysicalChunkWriter(this, chunk, errors);
    }

    /**
     * Positions are never reported mid-chunk: pairs are durable only after {@code flush}, so the engine records a
     * chunk's position only after it, and a resumed import never skips rows whose pairs were lost.
     */
    @Override
    public ChunkWriter openChunk(DataChunk chunk, RowErrorSink errors, ChunkProgress progress) {
        return openChunk(chunk, errors);
    }

    /**
     * A chunk's note (largest AUTO_INCREMENT value, largest row ID, largest AUTO_RANDOM incremental part) as
     * flushed so far, or zeros.
     */
    long[] note(byte[] key) {
        byte[] upper = java.util.Arrays.copyOf(key, key.length + 1);
        try (LocalEngine.KvIterator it = stageData.iterator(key, upper)) {
            if (it.hasNext()) {
                byte[] v = it.next().value();
                return new long[] {StageKeys.longAt(v, 0), StageKeys.longAt(v, 1), StageKeys.longAt(v, 2)};
            }
        }
        return new long[3];
    }

    /**
     * The sort buffer of one engine writer: a quarter of the heap shared by every writer that may be open at once
     * (a data and an index writer per chunk worker, and per table finishing its engines), between 1 MiB and
     * {@code tikv-importer.local-writer-mem-cache-size} (32 MiB), so the heap stays bounded whatever the input size
     * and concurrency.
     */
    static long writerBytes(dev.lightning4j.ImportConfig config, long maxHeap) {
        return writerBytes(config, maxHeap, MAX_WRITER_BYTES);
    }

    /** As above with {@code cap} ({@code tikv-importer.local-writer-mem-cache-size}) as the largest buffer. */
    static long writerBytes(dev.lightning4j.ImportConfig config, long maxHeap, long cap) {
        long writers = 2L * Math.max(1, config.concurrency()) + 2L * Math.max(1, config.tableConcurrency());
        return Math.min(cap, Math.max(MIN_WRITER_BYTES, maxHeap / 4 / writers));
    }

    /** The writers' gate: shared per row and flush while a disk quota may import the table early. */
    ReentrantReadWriteLock gate() {
        return gate;
    }

    boolean gated() {
        return backend.diskQuota().enabled();
    }

    void writerOpened(PhysicalChunkWriter w) {
        writers.add(w);
    }

    void writerClosed(PhysicalChunkWriter w) {
        writers.remove(w);
    }

    @Override
    public void finish() {
        long start = System.nanoTime();
        KvChecksum local = new KvChecksum();
        long[] maxima;
        gate.writeLock().lock();
        try {
            requireUsable();
            finishing = true;
            sendWriterBuffers();
            stageData.flush();
            stageIndex.flush();
            maxima = maxima();
            local.add(early.checksum());
            local.add(importBatch(false, start));
        } catch (IOException e) {
            throw engineFailure("importing from", e);
        } catch (UncheckedIOException e) {
            throw engineFailure("reading the engines of", e.getCause());
        } finally {
            gate.writeLock().unlock();
        }
        long t1 = System.nanoTime();
        boolean deferred = deferPostProcess(local);
        boolean verifier = false;
        if (!deferred) {
            verifier = verifyChecksum(local);
            addIndexes();
        }
        long t2 = System.nanoTime();
        rebase(maxima[0], maxima[1]);
        if (!deferred && verifier) {
            analyze();
        }
        succeeded = true;
        LOG.info("table {}: remote checksum {} ms, rebase and analyze {} ms", name, (t2 - t1) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000);
        LOG.info("table {}: imported {} pairs in {} ms", name, local.kvs(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Sends the pairs buffered by open chunk writers (whole rows) into the sorting engines; holds the gate. */
    private void sendWriterBuffers() throws IOException {
        for (PhysicalChunkWriter w : writers) {
            w.sendBuffered();
        }
    }

    /** Whether the sorting engines hold pairs an early import would take (false while the table is busy). */
    private boolean canImportEarly() {
        if (finishing || closed || stageData == null || broken != null || !gate.readLock().tryLock()) {
            return false;
        }
        try {
            return !closed && (!stageData.isEmpty(PAIRS_LOWER, PAIRS_UPPER)
                    || !stageIndex.isEmpty(PAIRS_LOWER, PAIRS_UPPER));
        } finally {
            gate.readLock().unlock();
        }
    }

    boolean broken() {
        return broken != null;
    }

    /** Fails a chunk writer once an early import left the engines for a resume to settle. */
    void requireUsable() {
        String why = broken;
        if (why != null) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "table " + name + ": " + why + "; resume the import"
                    + " (checkpoints on) to finish it", null, -1, name.toString(), null, null);
        }
    }

    /**
     * Imports what the sorting engines hold now, as {@link #finish()} would but leaving the chunk notes, so the
     * disk quota is kept: the table's writers wait at their next row until this returns. Returns false when the
     * table is finishing or closed, or holds nothing to import.
     */
    boolean importEarly(long usageBefore) {
        long start = System.nanoTime();
        gate.writeLock().lock();
        try {
            if (finishing || closed || stageData == null || broken != null) {
                return false;
            }
            sendWriterBuffers();
            stageData.flush();
            stageIndex.flush();
            if (stageData.isEmpty(PAIRS_LOWER, PAIRS_UPPER) && stageIndex.isEmpty(PAIRS_LOWER, PAIRS_UPPER)) {
                return false;
            }
            KvChecksum batch = importBatch(true, start);
            try {
                backend.config().listener().engineImportedEarly(name, (int) early.batches(), batch.kvs(),
                        batch.bytes());
            } catch (RuntimeException e) {
                // The batch is on TiKV and recorded: a listener's failure must not leave the table for a resume.
                LOG.warn("table {}: the listener failed on an early import: {}", name, e.toString());
            }
            LOG.info("table {}: early import {} (disk-quota {} bytes, the sort directory held {}): {} pairs, {}"
                    + " bytes in {} ms", name, early.batches(), backend.options().diskQuota(), usageBefore,
                    batch.kvs(), batch.bytes(), (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (IOException e) {
            markBroken(e);
            throw engineFailure("importing early (disk-quota)", e);
        } catch (UncheckedIOException e) {
            markBroken(e);
            throw engineFailure("importing early (disk-quota) from", e.getCause());
        } catch (RuntimeException | Error e) {
            markBroken(e);
            throw e;
        } finally {
            gate.writeLock().unlock();
        }
    }

    private void markBroken(Throwable e) {
        if (early.unsettled()) {
            broken = "an early import (disk-quota) failed after its pairs were ingested (" + e.getMessage() + ")";
        }
    }

    /**
     * Resolves duplicate keys among the sorting engines' pairs (among them and against the keys imported early),
     * ingests the pairs that stay straight from the sorting engines with a fresh commit timestamp and returns their
     * checksum. An early batch then records its keys and clears the sorting engines ({@link #settle()}). Holds the
     * gate.
     */
    private KvChecksum importBatch(boolean earlyBatch, long start) throws IOException {
        try {
            return resolveAndIngest(earlyBatch, start);
        } catch (IOException | RuntimeException | Error e) {
            // The sorting engines keep the pairs for another try. The batch's keys stay only when the batch is on
            // TiKV and noted (the resume settles it).
            for (String copy : early.unsettled() ? List.of("deletes") : List.of("deletes", "batch-keys")) {
                try {
                    deleteTree(dir.resolve(copy));
                } catch (IOException | RuntimeException other) {
                    e.addSuppressed(other);
                }
            }
            throw e;
        }
    }

    private KvChecksum resolveAndIngest(boolean earlyBatch, long start) throws IOException {
        Path keysDir = dir.resolve("batch-keys");
        deleteTree(keysDir);
        Conflicts conflicts = new Conflicts();
        LocalEngine keys = earlyBatch ? LocalEngine.open(keysDir, engineOptions) : null;
        Path deletesDir = dir.resolve("deletes");
        LocalEngine deletes = null;
        KvChecksum batch = new KvChecksum();
        try {
            // The ingest reads the sorting engines through views (no second copy of the pairs on disk). One pass
            // finds duplicate keys and counts every pair; only when rows must be dropped does a second pass count
            // the pairs the views then show.
            long t0 = System.nanoTime();
            StageView data = new StageView(stageData, null);
            StageView index = new StageView(stageIndex, null);
            Pass[] sums = scanBoth(data, index, keys, conflicts, true);
            conflicts.resolve();
            if (conflicts.hasDrops()) {
                if (keys != null) {
                    keys.close();
                    deleteTree(keysDir);
                    keys = LocalEngine.open(keysDir, engineOptions);
                }
                data = new StageView(stageData, conflicts::dropped);
                index = new StageView(stageIndex, conflicts::dropped);
                sums = scanBoth(data, index, keys, conflicts, false);
            }
            data.withSizes(sums[0].sizes());
            index.withSizes(sums[1].sizes());
            KvChecksum dataSum = sums[0].sum();
            KvChecksum indexSum = sums[1].sum();
            batch.add(dataSum);
            batch.add(indexSum);
            if (!conflicts.replaced.isEmpty()) {
                deleteTree(deletesDir);
                deletes = LocalEngine.open(deletesDir, engineOptions);
                KvChecksum removed = replacedPairs(conflicts.replaced, deletes, keys);
                LOG.info("table {}: {} rows imported early are replaced: deleting their {} pairs", name,
                        conflicts.replaced.size(), removed.kvs());
                // Their pairs leave the table: off its checksum (XOR undoes XOR).
                batch.add(new KvChecksum(removed.checksum(), -removed.kvs(), -removed.bytes()));
            }
            LOG.info("table {}: {} record pairs, {} index pairs checked for duplicates in {} ms (after {} ms"
                    + " flushing the engines); ingesting{}", name, dataSum.kvs(), indexSum.kvs(),
                    (System.nanoTime() - t0) / 1_000_000, (t0 - start) / 1_000_000,
                    earlyBatch ? " early (disk-quota)" : "");
            ingest(data, dataSum.kvs(), index, indexSum.kvs(), deletes);
            if (keys != null) {
                keys.flush();
            }
        } finally {
            Closeables.closeAll(keys, deletes);
        }
        deleteTree(deletesDir);
        if (earlyBatch) {
            // The batch is on TiKV: note it first, so that a resume never imports it again or checks it twice.
            KvChecksum total = new KvChecksum();
            total.add(early.checksum());
            total.add(batch);
            early = new EarlyState(early.batches() + 1, total, true);
            early.write(dir.resolve(EARLY_STATE));
            settle();
        }
        return batch;
    }

    /**
     * Puts every key of the replaced imported rows into {@code deletes}, notes the rows in {@code keys} (an early
     * batch, so settling takes them off the record) and returns the checksum of their pairs, as recorded.
     */
    private KvChecksum replacedPairs(java.util.SortedSet<Long> rows, LocalEngine deletes, LocalEngine keys)
            throws IOException {
        long crc = 0;
        long kvs = 0;
        long bytes = 0;
        try (LocalEngine.Writer w = deletes.writer()) {
            for (long row : rows) {
                try (LocalEngine.KvIterator it = ingested.iterator(rowEntry(row, new byte[0]),
                        rowEntry(row + 1, new byte[0]))) {
                    while (it.hasNext()) {
                        KvPair e = it.next();
                        w.put(java.util.Arrays.copyOfRange(e.key(), 9, e.key().length), new byte[0]);
                        crc ^= StageKeys.longAt(e.value(), 0);
                        kvs++;
                        bytes += StageKeys.longAt(e.value(), 1);
                    }
                }
            }
        }
        deletes.flush();
        if (keys != null) {
            List<KvPair> marks = new ArrayList<>();
            for (long row : rows) {
                marks.add(new KvPair(replacedMark(row), new byte[0]));
            }
            keys.write(marks);
        }
        return new KvChecksum(crc, kvs, bytes);
    }

    /** Takes a replaced row off the record: its keys (where they still name it) and its entries. */
    private void forget(long row) throws IOException {
        byte[] id = StageKeys.longs(row);
        List<byte[]> entries = new ArrayList<>();
        try (LocalEngine.KvIterator it = ingested.iterator(rowEntry(row, new byte[0]),
                rowEntry(row + 1, new byte[0]))) {
            while (it.hasNext()) {
                entries.add(it.next().key());
            }
        }
        for (byte[] e : entries) {
            byte[] key = java.util.Arrays.copyOfRange(e, 9, e.length);
            if (java.util.Arrays.equals(ingested.get(key), id)) {
                ingested.delete(key);
            }
            ingested.delete(e);
        }
    }

    /**
     * After an early batch is on TiKV and noted: adds its keys to the record of imported keys and removes its
     * pairs from the sorting engines (which then hold the chunk notes only). Runs again on a resume when the
     * last run stopped in between; each step may run twice.
     */
    private void settle() throws IOException {
        Path keysDir = dir.resolve("batch-keys");
        if (ingested == null) {
            ingested = LocalEngine.open(dir.resolve("ingested"), engineOptions);
        }
        if (Files.exists(keysDir)) {
            // Small write batches, which the engine flushes into compressed files (a writer's large runs go in
            // uncompressed): the record stays a fraction of the sort directory.
            try (LocalEngine keys = LocalEngine.open(keysDir, engineOptions)) {
                // Replaced rows leave the record first: the rows replacing them may take their keys.
                try (LocalEngine.KvIterator marks = keys.iterator(new byte[] {1}, new byte[] {2})) {
                    while (marks.hasNext()) {
                        forget(StageKeys.longAt(java.util.Arrays.copyOfRange(marks.next().key(), 1, 9), 0));
                    }
                }
                LocalEngine.KvIterator it = keys.iterator(null, null);
                List<KvPair> batch = new ArrayList<>();
                long bytes = 0;
                while (it.hasNext()) {
                    KvPair p = it.next();
                    if (p.key()[0] == 1) {
                        continue;
                    }
                    batch.add(p);
                    bytes += p.key().length + p.value().length;
                    if (bytes >= RECORD_BATCH_BYTES) {
                        ingested.write(batch);
                        batch.clear();
                        bytes = 0;
                    }
                }
                ingested.write(batch);
                it.close();
            }
            ingested.flush();
        }
        stageData.deleteRange(PAIRS_LOWER, PAIRS_UPPER);
        stageIndex.deleteRange(PAIRS_LOWER, PAIRS_UPPER);
        early = new EarlyState(early.batches(), early.checksum(), false);
        early.write(dir.resolve(EARLY_STATE));
        deleteTree(keysDir);
    }

    /**
     * The largest AUTO_INCREMENT value and row ID of every chunk written, from the notes in the data engine;
     * fails when a chunk of the plan left no note: an earlier run recorded it as done, but its pairs are not in
     * the engines (the sort directory was removed or is another one), and importing without them would lose rows.
     */
    private long[] maxima() {
        long maxAuto = 0;
        long maxRow = 0;
        long maxRandom = 0;
        java.util.Set<String> noted = new java.util.HashSet<>();
        try (LocalEngine.KvIterator it = stageData.iterator(new byte[] {StageKeys.META}, new byte[] {StageKeys.META + 1})) {
            while (it.hasNext()) {
                KvPair p = it.next();
                noted.add(HexFormat.of().formatHex(p.key()));
                maxAuto = Math.max(maxAuto, StageKeys.longAt(p.value(), 0));
                maxRow = Math.max(maxRow, StageKeys.longAt(p.value(), 1));
                maxRandom = Math.max(maxRandom, StageKeys.longAt(p.value(), 2));
            }
        }
        for (DataChunk c : chunks) {
            if (!noted.contains(HexFormat.of().formatHex(StageKeys.autoIncrementKey(c.file(), c.start())))) {
                throw new ImportException(ErrorCode.CHECKPOINT, "the checkpoints say this chunk of " + name + " was"
                        + " encoded by an earlier run, but its pairs are not in the local engines in " + dir + " (was "
                        + PhysicalOptions.SORTED_KV_DIR + " removed or changed?); import the table again from the"
                        + " start (--checkpoint-error-destroy, or remove its checkpoints)", c.file(), c.start(),
                        name.toString(), null, null);
            }
        }
        maxAutoRandomBase = maxRandom;
        return new long[] {maxAuto, maxRow, maxRandom};
    }

    /** What one pass over a sorting engine counted: the checksum and sizes of the pairs to ingest. */
    record Pass(KvChecksum sum, StageView.Sizes sizes) {
    }

    /**
     * Scans the record pairs on this thread while another thread scans the index pairs (the engines are
     * independent), and returns both counts (data, index). Waits for both scans whatever happens, so no engine
     * is closed while it is read or written.
     */
    private Pass[] scanBoth(StageView data, StageView index, LocalEngine keys, Conflicts conflicts, boolean detect)
            throws IOException {
        FutureTask<Pass> indexScan = new FutureTask<>(
                () -> scan(stageIndex, index, keys, conflicts, conflicts.index, detect));
        Thread t = new Thread(indexScan, Thread.currentThread().getName() + "-index");
        t.setDaemon(true);
        t.start();
        Pass dataPass;
        try {
            dataPass = scan(stageData, data, keys, conflicts, conflicts.data, detect);
        } catch (IOException | RuntimeException | Error e) {
            try {
                await(indexScan);
            } catch (IOException | RuntimeException | Error other) {
                if (other != e) {
                    e.addSuppressed(other);
                }
            }
            throw e;
        }
        return new Pass[] {dataPass, await(indexScan)};
    }

    /** The task's result, waiting without giving up on interrupts (the engines it uses must outlive it). */
    private static <T> T await(FutureTask<T> task) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw Throwables.rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Checksums and sizes the pairs under their TiKV keys, in order: with {@code detect} every pair of the
     * sorting engine {@code from} while finding duplicate keys (noted on {@code side}), else the pairs
     * {@code view} shows (those of rows not dropped). With {@code keys} (an early batch), the keys that can
     * conflict go there too, with their row ID. Nothing else is written: the ingest reads the same pairs through
     * the view.
     */
    private Pass scan(LocalEngine from, StageView view, LocalEngine keys, Conflicts conflicts, Conflicts.Side side,
            boolean detect) throws IOException {
        // Counted as TiKV stores the keys (under the keyspace prefix in API V2), which its checksum covers.
        KeyspaceCodec keyspace = backend.cluster().keyspace();
        KvChecksum sum = keyspace.newChecksum();
        StageView.Sizes sizes = new StageView.Sizes();
        try (LocalEngine.KvIterator raw = detect ? from.iterator(PAIRS_LOWER, null) : null;
                StageView.ViewCursor shown = detect ? null : view.iterator(null, null);
                LocalEngine.Writer kw = keys == null ? null : keys.writer()) {
            byte[] groupKey = null;
            List<Long> group = new ArrayList<>();
            while (detect ? raw.hasNext() : shown.hasNext()) {
                byte[] key;
                byte[] value;
                long rowId;
                if (detect) {
                    KvPair p = raw.next();
                    rowId = StageKeys.rowId(p.key());
                    if (groupKey != null && StageKeys.sameKey(groupKey, p.key())) {
                        conflicts.member(group, rowId);
                    } else {
                        conflicts.group(side, groupKey, group);
                        groupKey = p.key();
                        group.clear();
                        group.add(rowId);
                    }
                    key = StageKeys.tikvKey(p.key());
                    value = p.value();
                } else {
                    KvPair p = shown.next();
                    key = p.key();
                    value = p.value();
                    rowId = shown.rowId();
                }
                sum.update(key, value);
                sizes.add(key, key.length + value.length);
                if (kw != null && canConflict(key)) {
                    kw.put(key, StageKeys.longs(rowId));
                }
                if (kw != null && recordRows) {
                    KvChecksum one = keyspace.newChecksum();
                    one.update(key, value);
                    kw.put(rowEntry(rowId, key), StageKeys.longs(one.checksum(), one.bytes()));
                }
            }
            if (detect) {
                conflicts.group(side, groupKey, group);
            }
        }
        return new Pass(sum, sizes);
    }

    /** Whether pairs of two rows may share the key: record keys and unique index keys. */
    boolean canConflict(byte[] key) {
        if (key.length > 10 && key[10] == 'r') {
            return true;
        }
        if (key.length >= 19 && key[10] == 'i') {
            long id = 0;
            for (int i = 11; i < 19; i++) {
                id = (id << 8) | (key[i] & 0xFF);
            }
            return uniqueIndexIds.contains(id ^ Long.MIN_VALUE);
        }
        return false;
    }

    private void ingest(StageView data, long dataKvs, StageView index, long indexKvs, LocalEngine deletes) {
        KvCluster cluster = backend.cluster();
        KeyRange tableRange = tableRange();
        PhysicalBackend.SharedLease global = backend.globalPause();
        try (KvCluster.Lease mode = backend.importMode().acquire();
                KvCluster.Lease held = global == null ? null : global.acquire();
                KvCluster.Lease pause = cluster.pauseScheduling(tableRange)) {
            if (deletes != null) {
                // Before the batch, at an earlier timestamp: keys the batch writes again keep their new value.
                long t0 = System.nanoTime();
                var stats = cluster.ingestDeletes(deletes, tableRange, cluster.timestamp());
                LOG.info("table {}: deleted {} keys of replaced rows in {} regions, {} ms", name, stats.kvs(),
                        stats.regions(), (System.nanoTime() - t0) / 1_000_000);
            }
            long commitTs = cluster.timestamp();
            for (StageView e : List.of(data, index)) {
                if ((e == data ? dataKvs : indexKvs) == 0) {
                    continue;
                }
                long t0 = System.nanoTime();
                var stats = cluster.ingest(e, tableRange, commitTs);
                LOG.info("table {}: ingested {} pairs ({} bytes) of {} in {} regions, {} retries, {} ms", name,
                        stats.kvs(), stats.bytes(), e == data ? "records" : "indexes", stats.regions(),
                        stats.retries(), (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    /**
     * With {@code post-restore.post-process-at-last} (the default) the checksum and analyze wait until every table
     * was imported ({@link PostProcessQueue}); returns whether they were deferred.
     */
    private boolean deferPostProcess(KvChecksum local) {
        PhysicalOptions o = backend.options();
        if (!o.postProcessAtLast()
                || o.checksum() == PhysicalOptions.Level.OFF && o.analyze() == PhysicalOptions.Level.OFF) {
            return false;
        }
        postProcessDeferred = true;
        backend.postProcess().add(this, local);
        LOG.info("table {}: checksum and analyze deferred until every table is imported ({})", name,
                PhysicalOptions.POST_PROCESS_AT_LAST);
        return true;
    }

    /** The deferred checksum and analyze, run after every table was imported. */
    @Override
    public void postProcess(KvChecksum local) {
        long t0 = System.nanoTime();
        boolean verifier = verifyChecksum(local);
        addIndexes();
        if (verifier) {
            analyze();
        }
        LOG.info("table {}: post-process (checksum, analyze) {} ms", name, (System.nanoTime() - t0) / 1_000_000);
    }

    /** With {@code tikv-importer.add-index-by-sql}: the indexes dropped before the import, added after the checksum. */
    private void addIndexes() {
        if (backend.options().addIndexBySql()) {
            AddIndexBySql.addAfterImport(backend, name);
        }
    }

    /**
     * Compares the table on TiKV with what was imported. With parallel-import the local checksum is recorded
     * first, and only the last import of the table to finish compares, against every import's pairs and what the
     * table held before. Returns whether this import verified the table (and so analyzes it).
     */
    private boolean verifyChecksum(KvChecksum local) {
        PhysicalOptions.Level level = backend.options().checksum();
        ParallelImportMeta parallel = backend.parallel();
        KvChecksum expected = local;
        String others = "";
        if (parallel != null) {
            long t0 = System.nanoTime();
            ParallelImportMeta.Outcome o = parallel.recordLocalChecksum(info.id(), name.toString(), local);
            LOG.info("table {}: local checksum recorded among the parallel imports in {} ms", name,
                    (System.nanoTime() - t0) / 1_000_000);
            if (!o.last()) {
                LOG.info("table {}: another parallel import of the table is still running; the last one to finish"
                        + " verifies the checksum and analyzes the table", name);
                return false;
            }
            expected = o.expected();
            others = " (the pairs of " + (o.imports() == 1 ? "1 parallel import" : o.imports() + " parallel imports")
                    + " and what the table held before)";
        }
        if (level != PhysicalOptions.Level.OFF) {
            KvChecksum remote;
            try {
                remote = remoteChecksum();
            } catch (RuntimeException e) {
                if (level == PhysicalOptions.Level.REQUIRED) {
                    throw e instanceof ImportException ie ? ie : new ImportException(ErrorCode.TARGET_WRITE, "the"
                            + " remote checksum of " + name + " failed: " + e.getMessage() + "; set "
                            + PhysicalOptions.CHECKSUM + " = \"optional\" to go on without it", null, -1,
                            name.toString(), null, e);
                }
                LOG.warn("table {}: the remote checksum failed ({}); " + PhysicalOptions.CHECKSUM + " is optional,"
                        + " going on", name, e.getMessage());
                remote = null;
            }
            if (remote != null && (remote.checksum() != expected.checksum() || remote.kvs() != expected.kvs()
                    || remote.bytes() != expected.bytes())) {
                String msg = "checksum mismatch for table " + name + ": local " + triple(expected) + others
                        + ", remote " + triple(remote) + " (checksum, kvs, bytes); the table's data on TiKV differs"
                        + " from what was encoded" + (parallel == null ? " (was the table written during the import,"
                        + " or not empty?)" : ": with " + PhysicalOptions.PARALLEL_IMPORT + " a possible cause is"
                        + " duplicate keys between the imports (rows with the same primary or unique key imported by"
                        + " two imports: each one detects duplicates among its own rows only, and one row's pairs"
                        + " overwrite the other's); else the table was written during the import. The table's rows in "
                        + parallel.schema() + "." + ParallelImportMeta.TABLE_META + " stay (status checksuming) and"
                        + " hold back later parallel imports of the table: remove them once the table is repaired");
                if (level == PhysicalOptions.Level.REQUIRED) {
                    throw new ImportException(ErrorCode.TARGET_WRITE, msg + (postProcessDeferred ? "" : "; the local"
                            + " engines are kept in " + dir), null, -1, name.toString(), null, null);
                }
                LOG.warn("{} ({} is optional, going on)", msg, PhysicalOptions.CHECKSUM);
            } else if (remote != null) {
                LOG.info("table {}: checksum matches: {}{}", name, triple(expected), others);
            }
        }
        if (parallel != null) {
            parallel.finishTable(info.id());
        }
        return true;
    }

    /** The table's checksum on TiKV now (coprocessor, or ADMIN CHECKSUM TABLE with checksum-via-sql). */
    private KvChecksum remoteChecksum() {
        return backend.options().checksumViaSql() ? sqlChecksum() : backend.cluster().checksum(checksumRanges(),
                backend.cluster().timestamp(), backend.options().sessionConcurrency().distsqlScan());
    }

    private static String triple(KvChecksum c) {
        return "(" + Long.toUnsignedString(c.checksum()) + ", " + c.kvs() + ", " + c.bytes() + ")";
    }

    /** The IDs the table's keys are written under: its own ID, or (partitioned tables) each partition's. */
    private List<Long> physicalIds() {
        return info.physicalIds();
    }

    /** Every key the table's rows may be written under, for ingest and the scheduling pause. */
    private KeyRange tableRange() {
        List<Long> ids = physicalIds();
        long lo = ids.stream().mapToLong(Long::longValue).min().orElseThrow();
        long hi = ids.stream().mapToLong(Long::longValue).max().orElseThrow();
        return new KeyRange(tablePrefix(lo), tablePrefix(hi + 1));
    }

    /**
     * The record range and the range of every index written, per physical ID, as ADMIN CHECKSUM TABLE reads
     * them.
     */
    List<KeyRange> checksumRanges() {
        List<KeyRange> ranges = new ArrayList<>();
        for (long id : physicalIds()) {
            byte[] record = dev.lightning4j.physical.codec.TableCodec.recordPrefix(id);
            ranges.add(new KeyRange(record, next(record)));
            for (IndexInfo idx : info.indexes()) {
                if (idx.primary() && (info.pkIsHandle() || info.commonHandle())) {
                    continue;
                }
                ranges.add(new KeyRange(dev.lightning4j.physical.codec.TableCodec.indexPrefix(id, idx.id()),
                        dev.lightning4j.physical.codec.TableCodec.indexPrefix(id, idx.id() + 1)));
            }
        }
        return ranges;
    }

    private static byte[] next(byte[] prefix) {
        byte[] n = prefix.clone();
        for (int i = n.length - 1; i >= 0; i--) {
            if (++n[i] != 0) {
                return n;
            }
        }
        throw new IllegalArgumentException("no key follows the prefix");
    }

    static byte[] tablePrefix(long tableId) {
        dev.lightning4j.physical.codec.ByteSink s = new dev.lightning4j.physical.codec.ByteSink(9);
        dev.lightning4j.physical.codec.TableCodec.appendTablePrefix(s, tableId);
        return s.toByteArray();
    }

    private KvChecksum sqlChecksum() {
        try (Connection c = backend.dataSource().getConnection(); Statement s = c.createStatement()) {
            tidbSession(s, backend.options().sessionConcurrency().checksumSession());
            try (ResultSet rs = s.executeQuery("ADMIN CHECKSUM TABLE " + quoted())) {
                if (!rs.next()) {
                    throw new ImportException(ErrorCode.TARGET_WRITE, "ADMIN CHECKSUM TABLE " + name
                            + " returned nothing");
                }
                return new KvChecksum(Long.parseUnsignedLong(rs.getString("Checksum_crc64_xor")),
                        rs.getLong("Total_kvs"), rs.getLong("Total_bytes"));
            }
        } catch (SQLException e) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "ADMIN CHECKSUM TABLE " + name + " failed: "
                    + e.getMessage() + "; unset " + PhysicalOptions.CHECKSUM_VIA_SQL + " to checksum through TiKV",
                    null, -1, name.toString(), null, e);
        }
    }

    /**
     * Moves the table's allocators above the imported values, so rows inserted later over SQL get fresh IDs
     * (the statements are {@link AutoIdRebase}'s): AUTO_INCREMENT above the largest value, on TiDB the
     * {@code _tidb_rowid} allocator above the largest row ID and the AUTO_RANDOM allocator above the largest
     * incremental part. With {@code AUTO_ID_CACHE=1} and rows keyed by {@code _tidb_rowid}, the row-ID allocator
     * is moved through its meta key in a transaction on TiKV instead ({@link AutoIdRebase#rowIdMetaRebase}).
     */
    private void rebase(long maxAutoIncrement, long maxRowId) {
        if (AutoIdRebase.rowIdMetaRebase(info) && maxRowId > 0) {
            long dbId = backend.status().databaseId(name, info.id());
            long value = backend.cluster().rebaseRowIdAllocator(name.toString(), dbId, info.id(), maxRowId,
                    AutoIdRebase.rowIdAllocatorUnsigned(info));
            LOG.info("table {}: _tidb_rowid allocator at {} (largest imported row ID {})", name, value, maxRowId);
        }
        List<String> statements = AutoIdRebase.statements(info, quoted(), maxAutoIncrement, maxRowId,
                maxAutoRandomBase, backend.tidb(), backend.options().parallelImport());
        if (!backend.tidb() && info.autoIds().autoRandom()) {
            LOG.warn("table {}: the target is not TiDB, so its AUTO_RANDOM allocator is not rebased; TiDB would need: {}",
                    name, String.join("; ", AutoIdRebase.statements(info, quoted(), maxAutoIncrement, maxRowId,
                            maxAutoRandomBase, true)));
        }
        for (String sql : statements) {
            try (Connection c = backend.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
                LOG.info("table {}: auto-ID rebased: {}", name, sql);
            } catch (SQLException e) {
                throw new ImportException(ErrorCode.TARGET_WRITE, "rebasing the auto-ID of " + name + " failed (" + sql
                        + "): " + e.getMessage() + "; run it by hand before inserting rows over SQL", null, -1,
                        name.toString(), null, e);
            }
        }
    }

    private void analyze() {
        PhysicalOptions.Level level = backend.options().analyze();
        if (level == PhysicalOptions.Level.OFF) {
            return;
        }
        try (Connection c = backend.dataSource().getConnection(); Statement s = c.createStatement()) {
            tidbSession(s, backend.options().sessionConcurrency().analyzeSession());
            s.execute("ANALYZE TABLE " + quoted());
        } catch (SQLException e) {
            if (level == PhysicalOptions.Level.REQUIRED) {
                throw new ImportException(ErrorCode.TARGET_WRITE, "ANALYZE TABLE " + name + " failed: " + e.getMessage()
                        + "; the data is imported: set " + PhysicalOptions.ANALYZE + " = \"optional\" or analyze by hand",
                        null, -1, name.toString(), null, e);
            }
            LOG.warn("table {}: ANALYZE TABLE failed ({}); {} is optional, going on", name, e.getMessage(),
                    PhysicalOptions.ANALYZE);
        }
    }

    /**
     * Gives the session TiDB Lightning's concurrency settings for the statement that follows (TiDB only: other
     * servers know none of these variables). The pool's connections are reused, so every statement sets them.
     */
    private void tidbSession(Statement s, List<String> settings) throws SQLException {
        if (!backend.tidb()) {
            return;
        }
        for (String sql : settings) {
            s.execute(sql);
        }
    }

    private String quoted() {
        return "`" + name.schema().replace("`", "``") + "`.`" + name.table().replace("`", "``") + "`";
    }

    private ImportException engineFailure(String what, IOException e) {
        return new ImportException(ErrorCode.TARGET_WRITE, what + " the local engines of " + name + " in " + dir
                + " failed: " + e.getMessage() + "; check free space in " + PhysicalOptions.SORTED_KV_DIR, null, -1,
                name.toString(), null, e);
    }

    @Override
    public void close() {
        backend.diskQuota().unregister(quotaView);
        gate.writeLock().lock();
        try {
            closed = true;
            for (LocalEngine e : new LocalEngine[] {stageData, stageIndex, ingested}) {
                if (e != null) {
                    try {
                        e.close();
                    } catch (IOException ex) {
                        LOG.warn("closing a local engine of {} failed: {}", name, ex.getMessage());
                    }
                }
            }
        } finally {
            gate.writeLock().unlock();
        }
        if (succeeded) {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                LOG.warn("cannot remove the local engines of {} in {}: {}", name, dir, e.getMessage());
            }
        } else if (stageData != null) {
            LOG.info("table {} did not finish: its local engines stay in {} for a resume", name, dir);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    /**
     * Duplicate primary and unique keys among the encoded rows: pairs of different rows under one TiKV key.
     * With {@code error} the import fails naming them; with {@code replace} a row is dropped when a later row
     * (in plan order: file order, then position) has one of its keys, as REPLACE run row by row would; with
     * {@code ignore} a row is dropped when an earlier row has one of its keys. Every dropped row is reported.
     * The record and index pairs are scanned at once, each noting on its own {@link Side}; {@link #resolve()}
     * merges them as if the record pairs had been scanned first.
     *
     * <p>After an early import, each key that can conflict is also looked up among the keys imported before
     * ({@link #group}). A row found there under its own row ID was imported already (a chunk encoded again on a
     * resume or retry): all its pairs are skipped silently. Another row with such a key conflicts with the
     * imported one: {@code error} fails naming both; {@code ignore} keeps the imported row; {@code replace}
     * keeps the later row in plan order: it drops the new row when the imported one is later, else the imported
     * row is dropped and its pairs deleted on TiKV (from the keys recorded for it) before the batch is ingested.
     * A replace import resumed from a run with another strategy has no such keys and fails, naming the rows.
     */
    final class Conflicts {
        private final ConflictStrategy strategy = backend.config().conflictStrategy();
        /** What one scan (record or index pairs) found; used by its thread only. */
        final class Side {
            /** Dropped row ID -> why (the key and the row kept), bounded by conflict.threshold. */
            private final TreeMap<Long, String> drops = new TreeMap<>();
            private final List<String> errors = new ArrayList<>();
            /** Rows imported early whose pairs were encoded again: skipped, not reported. */
            private final java.util.Set<Long> skips = new java.util.HashSet<>();
            /** Imported rows that replace would have to replace without their keys recorded. */
            private final List<String> unreplaceable = new ArrayList<>();
            /** Imported rows replaced by later rows: their pairs are deleted on TiKV. */
            private final java.util.Set<Long> replaced = new java.util.HashSet<>();
        }

        final Side data = new Side();
        final Side index = new Side();
        /** Every row ID either side drops, counted once against conflict.threshold; guarded by itself. */
        private final java.util.Set<Long> dropping = new java.util.HashSet<>();
        /** After {@link #resolve()}: dropped row ID -> why, the record scan's reason first. */
        private final TreeMap<Long, String> drops = new TreeMap<>();
        private final java.util.Set<Long> skipped = new java.util.HashSet<>();
        /** After {@link #resolve()}: imported rows whose pairs are to be deleted. */
        private final java.util.TreeSet<Long> replaced = new java.util.TreeSet<>();
        private final AtomicLong conflictGroups = new AtomicLong();
        private final LocalEngine imported = ingested;

        /**
         * The rows of one group of equal keys: checked against the keys imported early when the key can
         * conflict, then among themselves.
         */
        void group(Side side, byte[] stageKey, List<Long> rowIds) {
            if (stageKey == null) {
                return;
            }
            if (imported != null) {
                byte[] key = StageKeys.tikvKey(stageKey);
                byte[] v = canConflict(key) ? imported.get(key) : null;
                if (v != null) {
                    long earlier = StageKeys.longAt(v, 0);
                    List<Long> others = new ArrayList<>();
                    for (long id : rowIds) {
                        if (id == earlier) {
                            side.skips.add(id);
                        } else {
                            others.add(id);
                        }
                    }
                    if (!others.isEmpty()) {
                        conflictWithImported(side, key, earlier, others);
                    }
                    return;
                }
            }
            conflict(side, stageKey, rowIds);
        }

        private void conflictWithImported(Side side, byte[] key, long earlier, List<Long> rowIds) {
            conflictGroups.incrementAndGet();
            String what = describeKey(key);
            RowIdRanges ids = rowIds();
            String imported = ids.describe(earlier) + " (imported early, as " + PhysicalOptions.DISK_QUOTA
                    + " was reached)";
            if (strategy == ConflictStrategy.ERROR) {
                if (side.errors.size() < CONFLICTS_SHOWN) {
                    side.errors.add(what + " is written by " + imported + " and " + ids.describe(rowIds.get(0))
                            + (rowIds.size() > 1 ? " and " + (rowIds.size() - 1) + " more" : ""));
                }
                return;
            }
            long last = rowIds.get(rowIds.size() - 1);
            if (strategy == ConflictStrategy.REPLACE && last > earlier) {
                if (!recordRows || !hasRowEntries(earlier)) {
                    if (side.unreplaceable.size() < CONFLICTS_SHOWN) {
                        side.unreplaceable.add(what + ": " + ids.describe(last) + " would replace " + imported);
                    }
                    return;
                }
                side.replaced.add(earlier);
                drop(side, earlier, what + " also written by " + ids.describe(last) + ", which replaces it (replace;"
                        + " its pairs imported early are deleted)");
                for (long id : rowIds) {
                    if (id != last) {
                        drop(side, id, what + " also written by " + ids.describe(last) + ", which is kept ("
                                + strategy.label() + ")");
                    }
                }
                return;
            }
            for (long id : rowIds) {
                drop(side, id, what + " also written by " + imported + ", which is kept (" + strategy.label() + ")");
            }
        }

        /** Adds a row to the current group of equal keys, keeping at most what the threshold can use. */
        void member(List<Long> group, long rowId) {
            if (group.size() <= backend.options().conflictThreshold() + 1) {
                group.add(rowId);
            }
        }

        void conflict(Side side, byte[] stageKey, List<Long> rowIds) {
            if (stageKey == null || rowIds.size() < 2) {
                return;
            }
            conflictGroups.incrementAndGet();
            List<String> errors = side.errors;
            byte[] key = StageKeys.tikvKey(stageKey);
            String what = describeKey(key);
            RowIdRanges ids = rowIds();
            if (strategy == ConflictStrategy.ERROR) {
                if (errors.size() < CONFLICTS_SHOWN) {
                    StringBuilder sb = new StringBuilder(what).append(" is written by ");
                    for (int i = 0; i < rowIds.size() && i < 4; i++) {
                        sb.append(i == 0 ? "" : " and ").append(ids.describe(rowIds.get(i)));
                    }
                    errors.add(sb.append(rowIds.size() > 4 ? " and " + (rowIds.size() - 4) + " more" : "").toString());
                }
                return;
            }
            long kept = strategy == ConflictStrategy.REPLACE ? rowIds.get(rowIds.size() - 1) : rowIds.get(0);
            for (long id : rowIds) {
                if (id != kept) {
                    drop(side, id, what + " also written by " + ids.describe(kept) + ", which is kept ("
                            + strategy.label() + ")");
                }
            }
        }

        private void drop(Side side, long id, String why) {
            if (side.drops.containsKey(id)) {
                return;
            }
            synchronized (dropping) {
                // A row both scans drop counts once; the count is the whole import's, over every table and batch.
                if (dropping.add(id) && !backend.takeConflict()) {
                    throw new ImportException(ErrorCode.TOO_MANY_ERRORS, "table " + name + ": more than "
                            + backend.options().conflictThreshold() + " rows of this import conflict on primary or"
                            + " unique keys (" + PhysicalOptions.CONFLICT_THRESHOLD + ", counted over all tables);"
                            + " clean the source or raise the threshold", null, -1, name.toString(), null, null);
                }
            }
            side.drops.put(id, why);
        }

        void resolve() {
            List<String> errors = new ArrayList<>(data.errors);
            errors.addAll(index.errors);
            if (errors.size() > CONFLICTS_SHOWN) {
                errors = errors.subList(0, CONFLICTS_SHOWN);
            }
            long conflictGroups = this.conflictGroups.get();
            drops.clear();
            drops.putAll(data.drops);
            index.drops.forEach(drops::putIfAbsent);
            replaced.clear();
            replaced.addAll(data.replaced);
            replaced.addAll(index.replaced);
            skipped.clear();
            skipped.addAll(data.skips);
            skipped.addAll(index.skips);
            skipped.removeAll(drops.keySet());
            if (!errors.isEmpty()) {
                throw new ImportException(ErrorCode.ROW_REJECTED, "table " + name + ": " + conflictGroups
                        + " primary or unique keys are duplicated in the source: " + String.join("; ", errors)
                        + (conflictGroups > errors.size() ? "; ..." : "") + ". Remove the duplicates, or set"
                        + " conflict.strategy to replace (keep the last row) or ignore (keep the first)", null, -1,
                        name.toString(), null, null);
            }
            List<String> unreplaceable = new ArrayList<>(data.unreplaceable);
            unreplaceable.addAll(index.unreplaceable);
            if (!unreplaceable.isEmpty()) {
                throw new ImportException(ErrorCode.ROW_REJECTED, "table " + name + ": conflict.strategy replace"
                        + " cannot replace rows already imported into TiKV early (" + PhysicalOptions.DISK_QUOTA
                        + " was reached while the table was encoded): " + String.join("; ", unreplaceable.subList(0,
                        Math.min(CONFLICTS_SHOWN, unreplaceable.size()))) + ". Raise " + PhysicalOptions.DISK_QUOTA
                        + " above the size of the table's sorted pairs so it is imported at once, or remove the"
                        + " duplicates from the source", null, -1, name.toString(), null, null);
            }
            if (!skipped.isEmpty()) {
                LOG.info("table {}: {} rows encoded again were imported early already; their pairs are skipped", name,
                        skipped.size());
            }
            long logged = 0;
            for (var e : drops.entrySet()) {
                RowIdRanges.Range r = rowIds().rangeOf(e.getKey());
                String file = r == null ? null : r.file();
                long offset = r == null ? -1 : e.getKey() - r.base() - 1;
                if (logged++ < backend.options().conflictLogRows()) {
                    LOG.warn("table {}: dropped the row of {}: {}", name, rowIds().describe(e.getKey()), e.getValue());
                }
                RowError error = new RowError(name, file, offset, RowError.Kind.CONFLICT, "dropped: " + e.getValue(), "");
                backend.config().listener().rowSkipped(error);
            }
            if (!drops.isEmpty()) {
                LOG.warn("table {}: {} rows dropped by conflict.strategy {} ({} duplicated keys)", name, drops.size(),
                        strategy.label(), conflictGroups);
            }
        }

        private boolean hasRowEntries(long rowId) {
            try (LocalEngine.KvIterator it = imported.iterator(rowEntry(rowId, new byte[0]),
                    rowEntry(rowId + 1, new byte[0]))) {
                return it.hasNext();
            }
        }

        boolean hasDrops() {
            return !drops.isEmpty() || !skipped.isEmpty();
        }

        boolean dropped(long rowId) {
            return (!drops.isEmpty() && drops.containsKey(rowId)) || (!skipped.isEmpty() && skipped.contains(rowId));
        }
    }

    /** "PRIMARY key 0x..." or "unique index idx key 0x..." for a TiKV key of this table. */
    String describeKey(byte[] key) {
        String hex = HexFormat.of().formatHex(key, 0, Math.min(key.length, 64)) + (key.length > 64 ? "..." : "");
        if (key.length > 10 && key[10] == 'r') {
            return (info.pkIsHandle() || info.commonHandle() ? "the PRIMARY key" : "the row key") + " " + hex;
        }
        if (key.length >= 19) {
            long id = 0;
            for (int i = 11; i < 19; i++) {
                id = (id << 8) | (key[i] & 0xFF);
            }
            id ^= Long.MIN_VALUE;
            for (IndexInfo idx : info.indexes()) {
                if (idx.id() == id) {
                    return "index " + idx.name() + " key " + hex;
                }
            }
        }
        return "key " + hex;
    }
}
