package dev.lightning4j.physical.engine;

/**
 * Tuning of a local engine.
 *
 * @param memtableBytes  size of one RocksDB memtable (small writes only); the engine's memtable memory is
 *                       about twice this
 * @param batchBytes     a writer whose sorted buffer holds fewer key+value bytes than this when it is sent
 *                       writes it as a RocksDB write batch; larger buffers become an SST file that is ingested
 * @param backgroundJobs RocksDB flush/compaction threads
 * @param writerBytes    memory bound of one writer's sort buffer: its key and value bytes plus 40 bytes of
 *                       index and sort space per pair. A full buffer is sorted and sent to the engine (as an
 *                       SST file). Each open writer holds up to this much heap (growing to it as pairs come),
 *                       so the write path's memory is the number of open writers times this
 * @param blockBytes     block size of the SST files writers send into the engine, which hold nearly all its pairs
 *                       ({@code tikv-importer.block-size}); small write batches and the point-read records keep
 *                       RocksDB's own block size
 */
public record EngineOptions(long memtableBytes, long batchBytes, int backgroundJobs, long writerBytes,
        long blockBytes) {
    /**
     * Default memory bound of one writer's sort buffer: 32 MiB. On sbtest, 16 and 32 MiB buffers cost the
     * same CPU; 64 MiB cost a fifth more (the collector's work on the larger short-lived arrays).
     */
    public static final long DEFAULT_WRITER_BYTES = 32L << 20;

    /**
     * Default block size of the writers' SST files: 32 KiB (TiDB Lightning's is 16 KiB). Those files are read in
     * key order, so larger blocks cost nothing and keep the block index small.
     */
    public static final long DEFAULT_BLOCK_BYTES = 32L << 10;

    public EngineOptions {
        if (memtableBytes < 1 << 20 || batchBytes < 1 || backgroundJobs < 1 || writerBytes < 1 << 16
                || writerBytes > 1L << 30 || blockBytes < 1 << 10 || blockBytes > 64L << 20) {
            throw new IllegalArgumentException("engine options out of range: memtable " + memtableBytes + ", batch "
                    + batchBytes + ", background jobs " + backgroundJobs + ", writer buffer " + writerBytes
                    + " (64 KiB to 1 GiB), block size " + blockBytes + " (1 KiB to 64 MiB)");
        }
    }

    /** The options with the default block size ({@link #DEFAULT_BLOCK_BYTES}). */
    public EngineOptions(long memtableBytes, long batchBytes, int backgroundJobs, long writerBytes) {
        this(memtableBytes, batchBytes, backgroundJobs, writerBytes, DEFAULT_BLOCK_BYTES);
    }

    /** The options with the default writer buffer ({@link #DEFAULT_WRITER_BYTES}). */
    public EngineOptions(long memtableBytes, long batchBytes, int backgroundJobs) {
        this(memtableBytes, batchBytes, backgroundJobs, DEFAULT_WRITER_BYTES);
    }

    /** The same options with another writer buffer bound. */
    public EngineOptions withWriterBytes(long bytes) {
        return new EngineOptions(memtableBytes, batchBytes, backgroundJobs, bytes, blockBytes);
    }

    /** The same options with another memtable size. */
    public EngineOptions withMemtableBytes(long bytes) {
        return new EngineOptions(bytes, batchBytes, backgroundJobs, writerBytes, blockBytes);
    }

    /** The same options with another SST block size. */
    public EngineOptions withBlockBytes(long bytes) {
        return new EngineOptions(memtableBytes, batchBytes, backgroundJobs, writerBytes, bytes);
    }

    /** 64 MiB memtables, 1 MiB write batches, 2 background jobs, 32 MiB writer buffers. */
    public static EngineOptions defaults() {
        return new EngineOptions(64L << 20, 1L << 20, 2);
    }
}
