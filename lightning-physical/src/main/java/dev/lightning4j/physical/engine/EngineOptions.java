package dev.lightning4j.physical.engine;

/**
 * Tuning of a local engine.
 *
 * @param memtableBytes  size of one RocksDB memtable; the engine's write memory is about twice this
 * @param batchBytes     a writer sends its batch to RocksDB once it holds this many key+value bytes
 * @param backgroundJobs RocksDB flush/compaction threads
 */
public record EngineOptions(long memtableBytes, long batchBytes, int backgroundJobs) {
    public EngineOptions {
        if (memtableBytes < 1 << 20 || batchBytes < 1 || backgroundJobs < 1) {
            throw new IllegalArgumentException("engine options out of range: " + memtableBytes + ", " + batchBytes
                    + ", " + backgroundJobs);
        }
    }

    /** 64 MiB memtables, 1 MiB write batches, 2 background jobs. */
    public static EngineOptions defaults() {
        return new EngineOptions(64L << 20, 1L << 20, 2);
    }
}
