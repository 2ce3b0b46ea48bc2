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
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table of a physical import. Chunks are encoded into two sorting engines (record pairs, index pairs)
 * under {@code <sorted-kv-dir>/<db>.<table>/}; {@link #finish()} then resolves duplicate keys, writes the
 * final data and index engines, ingests them with one commit timestamp, compares checksums, rebases the
 * auto-ID allocator and analyzes. Engines are removed after success and kept after a failure, so that a
 * resumed import (checkpoints on) reuses the chunks already encoded.
 */
final class PhysicalTableImporter implements TableImporter {
    private static final Logger LOG = LoggerFactory.getLogger(PhysicalTableImporter.class);
    /**
     * Every engine of a table (sorting and final): 32 MiB memtables (about 64 MiB of native memory per engine
     * while written) and 1 MiB write batches per writer thread.
     */
    private static final EngineOptions BASE_ENGINE_OPTIONS = new EngineOptions(32L << 20, 1L << 20, 2);
    /** Largest and smallest sort buffer of one engine writer. */
    private static final long MAX_WRITER_BYTES = 32L << 20;
    private static final long MIN_WRITER_BYTES = 1L << 20;
    private static final String MANIFEST = "plan.txt";
    /** Conflicts listed in an error message; the log has them all up to conflict.max-record-rows. */
    private static final int CONFLICTS_SHOWN = 5;

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
    private volatile long lastQuotaCheck;
    private boolean succeeded;
    /** The largest AUTO_RANDOM incremental part of the chunks written, from {@link #maxima()}. */
    private long maxAutoRandomBase;
    /** The checksum and analyze wait for the end of the import (post-restore.post-process-at-last). */
    private volatile boolean postProcessDeferred;

    PhysicalTableImporter(PhysicalBackend backend, TargetTable target) {
        this(backend, target.name());
    }

    /** A table by name (also one an earlier run finished, for its deferred checksum and analyze). */
    PhysicalTableImporter(PhysicalBackend backend, TableName name) {
        this.backend = backend;
        this.engineOptions = BASE_ENGINE_OPTIONS.withWriterBytes(writerBytes(backend.config(),
                Runtime.getRuntime().maxMemory(), backend.options().writerMemCacheSize()));
        this.name = name;
        this.tableJson = backend.status().tableInfo(name);
        try {
            this.info = TidbTableInfoReader.read(tableJson, backend.zone());
        } catch (IllegalArgumentException e) {
            throw new ImportException(ErrorCode.SCHEMA_FAILED, "the physical backend cannot import " + name + ": "
                    + e.getMessage() + "; import this table with the logical backend", null, -1, name.toString(),
                    null, e);
        }
        String refusal = AutoIdRebase.refusal(info);
        if (refusal != null) {
            throw new ImportException(ErrorCode.SCHEMA_FAILED, "the physical backend cannot import " + name + ": "
                    + refusal, null, -1, name.toString(), null, null);
        }
        this.dir = backend.options().sortedKvDir().resolve(safe(name.schema()) + "." + safe(name.table()));
    }

    static String safe(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '_' || c == '-' ? String.valueOf(c)
                    : String.format("%%%04x", (int) c));
        }
        return sb.toString();
    }

    TableName name() {
        return name;
    }

    PhysicalBackend backend() {
        return backend;
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
        rowIds = new RowIdRanges(name.toString(), chunks, info.shardRowIdBits());
        this.chunks = List.copyOf(chunks);
        String manifest = "table " + info.id() + " " + Integer.toHexString(tableJson.hashCode()) + "\n"
                + rowIds.fingerprint();
        try {
            Path m = dir.resolve(MANIFEST);
            boolean reuse = backend.config().checkpoint() && Files.exists(m)
                    && Files.readString(m, StandardCharsets.UTF_8).equals(manifest);
            if (!reuse) {
                requireEmptyOnCluster();
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
        } catch (IOException e) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "cannot open the local engines of " + name + " in " + dir
                    + ": " + e.getMessage() + "; check " + PhysicalOptions.SORTED_KV_DIR, null, -1, name.toString(),
                    null, e);
        }
    }

    /**
     * The sorting engines and then the final engines each take about the source's size; the pre-check checks
     * a given sort directory against the whole import, this warns per table (also for the default directory).
     */
    private void warnOnSpace(List<DataChunk> planned) {
        long bytes = planned.stream().filter(DataChunk::atFileStart).mapToLong(DataChunk::fileSize).sum();
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < 2 * bytes) {
                LOG.warn("table {}: {} has {} bytes free; encoding {} source bytes needs about {} (sorting and final"
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
    private void requireEmptyOnCluster() {
        KvChecksum there = backend.cluster().checksum(checksumRanges(), backend.cluster().timestamp());
        if (there.kvs() > 0) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "table " + name + " already holds " + there.kvs()
                    + " key-value pairs on TiKV and the physical backend imports into empty tables only; empty it"
                    + " (TRUNCATE TABLE) or use the logical backend", null, -1, name.toString(), null, null);
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

    /** disk-quota: stops the import clearly once the engines outgrow it (checked after chunks, at most every second). */
    void checkDiskQuota() {
        long quota = backend.options().diskQuota();
        long now = System.nanoTime();
        if (quota <= 0 || now - lastQuotaCheck < 1_000_000_000L) {
            return;
        }
        lastQuotaCheck = now;
        long used = treeSize(backend.options().sortedKvDir());
        if (used > quota) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "the local engines in " + backend.options().sortedKvDir()
                    + " hold " + used + " bytes, more than " + PhysicalOptions.DISK_QUOTA + " (" + quota + "); raise it,"
                    + " lower table-concurrency, or import fewer tables at once (with checkpoints on, a resume keeps"
                    + " the chunks already encoded)", null, -1, name.toString(), null, null);
        }
    }

    @Override
    public void finish() {
        long start = System.nanoTime();
        try {
            stageData.flush();
            stageIndex.flush();
        } catch (IOException e) {
            throw engineFailure("flushing", e);
        }
        long[] maxima = maxima();
        Path dataDir = dir.resolve("data");
        Path indexDir = dir.resolve("index");
        KvChecksum local = new KvChecksum();
        try {
            deleteTree(dataDir);
            deleteTree(indexDir);
            Conflicts conflicts = new Conflicts();
            LocalEngine data = LocalEngine.open(dataDir, engineOptions);
            LocalEngine index = LocalEngine.open(indexDir, engineOptions);
            try {
                // One pass finds duplicate keys and fills the final engines; only when rows must be dropped does
                // a second pass write them again without those rows.
                long t0 = System.nanoTime();
                KvChecksum[] sums = copyBoth(data, index, conflicts, true);
                conflicts.resolve();
                if (conflicts.hasDrops()) {
                    data.close();
                    index.close();
                    deleteTree(dataDir);
                    deleteTree(indexDir);
                    data = LocalEngine.open(dataDir, engineOptions);
                    index = LocalEngine.open(indexDir, engineOptions);
                    sums = copyBoth(data, index, conflicts, false);
                }
                KvChecksum dataSum = sums[0];
                KvChecksum indexSum = sums[1];
                local.add(dataSum);
                local.add(indexSum);
                LOG.info("table {}: {} record pairs, {} index pairs sorted in {} ms (after {} ms flushing and"
                        + " opening the engines); ingesting", name, dataSum.kvs(), indexSum.kvs(),
                        (System.nanoTime() - t0) / 1_000_000, (t0 - start) / 1_000_000);
                ingest(data, dataSum.kvs(), index, indexSum.kvs());
            } finally {
                try {
                    data.close();
                } finally {
                    index.close();
                }
            }
        } catch (IOException e) {
            throw engineFailure("writing the final engines of", e);
        } catch (UncheckedIOException e) {
            throw engineFailure("reading the engines of", e.getCause());
        }
        long t1 = System.nanoTime();
        boolean deferred = deferPostProcess(local);
        if (!deferred) {
            verifyChecksum(local);
        }
        long t2 = System.nanoTime();
        rebase(maxima[0], maxima[1]);
        if (!deferred) {
            analyze();
        }
        succeeded = true;
        LOG.info("table {}: remote checksum {} ms, rebase and analyze {} ms", name, (t2 - t1) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000);
        LOG.info("table {}: imported {} pairs in {} ms", name, local.kvs(), (System.nanoTime() - start) / 1_000_000);
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

    /**
     * Copies the record pairs into {@code data} on this thread while another thread copies the index pairs into
     * {@code index} (the engines are independent), and returns both checksums (data, index). Waits for both
     * copies whatever happens, so no engine is closed while it is read or written.
     */
    private KvChecksum[] copyBoth(LocalEngine data, LocalEngine index, Conflicts conflicts, boolean detect)
            throws IOException {
        FutureTask<KvChecksum> indexCopy = new FutureTask<>(
                () -> copy(stageIndex, index, conflicts, conflicts.index, detect));
        Thread t = new Thread(indexCopy, Thread.currentThread().getName() + "-index");
        t.setDaemon(true);
        t.start();
        KvChecksum dataSum;
        try {
            dataSum = copy(stageData, data, conflicts, conflicts.data, detect);
        } catch (IOException | RuntimeException | Error e) {
            try {
                await(indexCopy);
            } catch (IOException | RuntimeException | Error other) {
                if (other != e) {
                    e.addSuppressed(other);
                }
            }
            throw e;
        }
        return new KvChecksum[] {dataSum, await(indexCopy)};
    }

    /** The task's result, waiting without giving up on interrupts (the engines it uses must outlive it). */
    private static KvChecksum await(FutureTask<KvChecksum> task) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Copies the pairs into {@code to} under their TiKV keys, in order, and checksums them: with {@code detect}
     * every pair while finding duplicate keys (noted on {@code side}), else only the pairs of rows not dropped.
     */
    private KvChecksum copy(LocalEngine from, LocalEngine to, Conflicts conflicts, Conflicts.Side side,
            boolean detect) throws IOException {
        KvChecksum sum = new KvChecksum();
        try (LocalEngine.KvIterator it = from.iterator(new byte[] {StageKeys.META + 1}, null);
                LocalEngine.Writer w = to.writer()) {
            byte[] groupKey = null;
            List<Long> group = new ArrayList<>();
            while (it.hasNext()) {
                KvPair p = it.next();
                long rowId = StageKeys.rowId(p.key());
                if (detect) {
                    if (groupKey != null && StageKeys.sameKey(groupKey, p.key())) {
                        conflicts.member(group, rowId);
                    } else {
                        conflicts.conflict(side, groupKey, group);
                        groupKey = p.key();
                        group.clear();
                        group.add(rowId);
                    }
                } else if (conflicts.dropped(rowId)) {
                    continue;
                }
                byte[] key = StageKeys.tikvKey(p.key());
                w.put(key, p.value());
                sum.update(key, p.value());
            }
            if (detect) {
                conflicts.conflict(side, groupKey, group);
            }
        }
        to.flush();
        return sum;
    }

    private void ingest(LocalEngine data, long dataKvs, LocalEngine index, long indexKvs) {
        KvCluster cluster = backend.cluster();
        KeyRange tableRange = tableRange();
        try (KvCluster.Lease mode = backend.importMode().acquire();
                KvCluster.Lease pause = cluster.pauseScheduling(tableRange)) {
            long commitTs = cluster.timestamp();
            for (LocalEngine e : List.of(data, index)) {
                if ((e == data ? dataKvs : indexKvs) == 0) {
                    continue;
                }
                long t0 = System.nanoTime();
                var stats = cluster.ingest(e, tableRange, commitTs);
                LOG.info("table {}: ingested {} pairs ({} bytes) from {} in {} regions, {} retries, {} ms", name,
                        stats.kvs(), stats.bytes(), e.dir().getFileName(), stats.regions(), stats.retries(),
                        (System.nanoTime() - t0) / 1_000_000);
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
    void postProcess(KvChecksum local) {
        long t0 = System.nanoTime();
        verifyChecksum(local);
        analyze();
        LOG.info("table {}: post-process (checksum, analyze) {} ms", name, (System.nanoTime() - t0) / 1_000_000);
    }

    private void verifyChecksum(KvChecksum local) {
        PhysicalOptions.Level level = backend.options().checksum();
        if (level == PhysicalOptions.Level.OFF) {
            return;
        }
        KvChecksum remote;
        try {
            remote = backend.options().checksumViaSql() ? sqlChecksum() : backend.cluster().checksum(checksumRanges(),
                    backend.cluster().timestamp());
        } catch (RuntimeException e) {
            if (level == PhysicalOptions.Level.REQUIRED) {
                throw e instanceof ImportException ie ? ie : new ImportException(ErrorCode.TARGET_WRITE, "the remote"
                        + " checksum of " + name + " failed: " + e.getMessage() + "; set " + PhysicalOptions.CHECKSUM
                        + " = \"optional\" to go on without it", null, -1, name.toString(), null, e);
            }
            LOG.warn("table {}: the remote checksum failed ({}); " + PhysicalOptions.CHECKSUM + " is optional, going on",
                    name, e.getMessage());
            return;
        }
        if (remote.checksum() != local.checksum() || remote.kvs() != local.kvs() || remote.bytes() != local.bytes()) {
            String msg = "checksum mismatch for table " + name + ": local " + triple(local) + ", remote " + triple(remote)
                    + " (checksum, kvs, bytes); the table's data on TiKV differs from what was encoded (was the table"
                    + " written during the import, or not empty?)";
            if (level == PhysicalOptions.Level.REQUIRED) {
                throw new ImportException(ErrorCode.TARGET_WRITE, msg + (postProcessDeferred ? "" : "; the local"
                        + " engines are kept in " + dir), null, -1, name.toString(), null, null);
            }
            LOG.warn("{} ({} is optional, going on)", msg, PhysicalOptions.CHECKSUM);
        } else {
            LOG.info("table {}: checksum matches: {}", name, triple(local));
        }
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
        try (Connection c = backend.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("ADMIN CHECKSUM TABLE " + quoted())) {
            if (!rs.next()) {
                throw new ImportException(ErrorCode.TARGET_WRITE, "ADMIN CHECKSUM TABLE " + name + " returned nothing");
            }
            return new KvChecksum(Long.parseUnsignedLong(rs.getString("Checksum_crc64_xor")), rs.getLong("Total_kvs"),
                    rs.getLong("Total_bytes"));
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
     * incremental part.
     */
    private void rebase(long maxAutoIncrement, long maxRowId) {
        List<String> statements = AutoIdRebase.statements(info, quoted(), maxAutoIncrement, maxRowId,
                maxAutoRandomBase, backend.tidb());
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
        for (LocalEngine e : new LocalEngine[] {stageData, stageIndex}) {
            if (e != null) {
                try {
                    e.close();
                } catch (IOException ex) {
                    LOG.warn("closing a local engine of {} failed: {}", name, ex.getMessage());
                }
            }
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

    private static long treeSize(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // removed meanwhile (compaction)
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * Duplicate primary and unique keys among the encoded rows: pairs of different rows under one TiKV key.
     * With {@code error} the import fails naming them; with {@code replace} a row is dropped when a later row
     * (in plan order: file order, then position) has one of its keys, as REPLACE run row by row would; with
     * {@code ignore} a row is dropped when an earlier row has one of its keys. Every dropped row is reported.
     * The record and index pairs are scanned at once, each noting on its own {@link Side}; {@link #resolve()}
     * merges them as if the record pairs had been scanned first.
     */
    final class Conflicts {
        private final ConflictStrategy strategy = backend.config().conflictStrategy();
        /** What one scan (record or index pairs) found; used by its thread only. */
        final class Side {
            /** Dropped row ID -> why (the key and the row kept), bounded by conflict.threshold. */
            private final TreeMap<Long, String> drops = new TreeMap<>();
            private final List<String> errors = new ArrayList<>();
        }

        final Side data = new Side();
        final Side index = new Side();
        /** Every row ID either side drops, for conflict.threshold; guarded by itself. */
        private final java.util.Set<Long> dropping = new java.util.HashSet<>();
        /** After {@link #resolve()}: dropped row ID -> why, the record scan's reason first. */
        private final TreeMap<Long, String> drops = new TreeMap<>();
        private final AtomicLong conflictGroups = new AtomicLong();

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
                if (id != kept && !side.drops.containsKey(id)) {
                    synchronized (dropping) {
                        if (!dropping.contains(id) && dropping.size() >= backend.options().conflictThreshold()) {
                            throw new ImportException(ErrorCode.TOO_MANY_ERRORS, "table " + name + ": more than "
                                    + backend.options().conflictThreshold() + " rows conflict on primary or unique"
                                    + " keys (" + PhysicalOptions.CONFLICT_THRESHOLD + "); clean the source or raise"
                                    + " the threshold", null, -1, name.toString(), null, null);
                        }
                        dropping.add(id);
                    }
                    side.drops.put(id, what + " also written by " + ids.describe(kept) + ", which is kept ("
                            + strategy.label() + ")");
                }
            }
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
            if (!errors.isEmpty()) {
                throw new ImportException(ErrorCode.ROW_REJECTED, "table " + name + ": " + conflictGroups
                        + " primary or unique keys are duplicated in the source: " + String.join("; ", errors)
                        + (conflictGroups > errors.size() ? "; ..." : "") + ". Remove the duplicates, or set"
                        + " conflict.strategy to replace (keep the last row) or ignore (keep the first)", null, -1,
                        name.toString(), null, null);
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

        boolean hasDrops() {
            return !drops.isEmpty();
        }

        boolean dropped(long rowId) {
            return !drops.isEmpty() && drops.containsKey(rowId);
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
