package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.engine.SortedPairs;
import dev.lightning4j.physical.ingest.IngestStats;
import dev.lightning4j.physical.ingest.KeyRange;
import dev.lightning4j.physical.ingest.KvCluster;
import dev.lightning4j.physical.kv.KvPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test double of the cluster side: a sorted map stands for TiKV. It checks what the backend may rely on
 * (ingest inside the range, under import mode, with a commit timestamp from {@link #timestamp()}) and records
 * what it was asked. Not a model of regions or of the ingest protocol.
 */
final class MemoryKvCluster implements KvCluster {
    final NavigableMap<byte[], byte[]> stored = Collections.synchronizedNavigableMap(new TreeMap<>(Arrays::compareUnsigned));
    /** The commit timestamps ingests used. */
    final java.util.Set<Long> commitTs = Collections.synchronizedSet(new java.util.HashSet<>());
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger failIngests = new AtomicInteger();
    /** Pairs added behind the backend's back before the checksum (to prove a mismatch is caught). */
    volatile KvPair tamper;
    /** Runs at the start of each ingest (to look at the local side meanwhile). */
    volatile Runnable beforeIngest;
    private final AtomicLong clock = new AtomicLong(1_000L << 18);
    private final AtomicInteger importModeHolders = new AtomicInteger();
    private volatile boolean closed;

    /** Hands the same store to a new import (the factory's job), as a cluster outlives its clients. */
    MemoryKvCluster open() {
        closed = false;
        return this;
    }

    @Override
    public long timestamp() {
        return clock.addAndGet(1 << 18);
    }

    @Override
    public Lease importMode() {
        importModeHolders.incrementAndGet();
        events.add("import mode");
        return new Lease() {
            boolean done;

            @Override
            public synchronized void close() {
                if (!done) {
                    done = true;
                    importModeHolders.decrementAndGet();
                    events.add("normal mode");
                }
            }
        };
    }

    @Override
    public Lease pauseScheduling(KeyRange range) {
        events.add("pause " + range);
        return () -> events.add("resume " + range);
    }

    @Override
    public IngestStats ingest(SortedPairs engine, KeyRange range, long commitTs) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (importModeHolders.get() <= 0) {
            throw new AssertionError("ingest outside import mode");
        }
        if (commitTs <= 1_000L << 18 || commitTs > clock.get()) {
            throw new AssertionError("commit ts " + commitTs + " not from timestamp()");
        }
        Runnable hook = beforeIngest;
        if (hook != null) {
            hook.run();
        }
        if (failIngests.get() > 0 && failIngests.getAndDecrement() > 0) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "injected ingest failure");
        }
        long kvs = 0;
        long bytes = 0;
        KvPair stray = tamper;
        boolean tamperedTable = false;
        try (SortedPairs.Cursor it = engine.iterator(range.start(), range.end())) {
            while (it.hasNext()) {
                KvPair p = it.next();
                stored.put(p.key(), p.value());
                kvs++;
                bytes += p.key().length + p.value().length;
                // 't' + table ID: the stray pair joins its own table's ingest, after that table's emptiness check.
                tamperedTable |= stray != null && java.util.Arrays.equals(p.key(), 0, 9, stray.key(), 0, 9);
            }
        }
        this.commitTs.add(commitTs);
        events.add("ingest " + kvs);
        if (tamperedTable) {
            stored.put(stray.key(), stray.value());
        }
        return new IngestStats(kvs, bytes, 1, 0);
    }

    @Override
    public KvChecksum checksum(List<KeyRange> ranges, long snapshotTs) {
        KvChecksum c = new KvChecksum();
        synchronized (stored) {
            for (KeyRange r : ranges) {
                for (Map.Entry<byte[], byte[]> e : stored.subMap(r.start(), true, r.end(), false).entrySet()) {
                    c.update(e.getKey(), e.getValue());
                }
            }
        }
        events.add("checksum " + ranges.size() + " ranges");
        return c;
    }

    @Override
    public List<String> storeVersions() {
        return List.of("127.0.0.1:20160=8.5.0", "127.0.0.1:20161=8.5.0");
    }

    @Override
    public void close() {
        closed = true;
    }
}
