package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tikv-importer.disk-quota}, a soft limit on the local engines' size, as TiDB Lightning applies it: chunk
 * writers ask for a check as they go (measured at most every {@code cron.check-disk-quota}); when the open
 * tables' directories under the sort directory hold more than the quota, the tables with the largest sorting
 * engines are imported early, one after the other, until they hold less. An early import blocks its table's writers for its duration; other
 * tables keep writing. Only when nothing is left to import early (and no table is finishing, which frees its
 * engines when done, or has a writer sending pairs) is the import stopped.
 */
final class DiskQuota {
    private static final Logger LOG = LoggerFactory.getLogger(DiskQuota.class);

    /** What the quota needs of a table: its size on disk and an early import of what its engines hold. */
    interface Table {
        String name();

        /** The table's directory. */
        Path dir();

        /** Whether an early import would ingest anything (not finishing, pairs in its engines). */
        boolean canImportEarly();

        /** Imports what the engines hold now; returns false when the table was finishing or closed meanwhile. */
        boolean importEarly(long usageBefore);

        /**
         * Whether the table's size is about to change without an early import: it is finishing (its engines go
         * away once it is done), or a writer is in the middle of a row or of sending a sorted run, whose file
         * takes space before the engine shows its pairs.
         */
        boolean busy();
    }

    private final Path sortDir;
    private final long quota;
    private final long intervalNanos;
    private final ToLongFunction<Path> sizer;
    private final Set<Table> tables = ConcurrentHashMap.newKeySet();
    private final ReentrantLock checking = new ReentrantLock();
    private final AtomicLong lastCheck = new AtomicLong(System.nanoTime());
    /** Whether the last check left the engines above the quota. */
    private volatile boolean over;
    private final AtomicLong earlyImports = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    /** Whether the last check left the engines above the quota with tables still busy (logged once). */
    private boolean waitingForFinish;

    DiskQuota(Path sortDir, long quota, long intervalMillis) {
        this(sortDir, quota, intervalMillis, DiskQuota::treeSize);
    }

    DiskQuota(Path sortDir, long quota, long intervalMillis, ToLongFunction<Path> sizer) {
        this.sortDir = sortDir;
        this.quota = quota;
        this.intervalNanos = Math.max(0, intervalMillis) * 1_000_000L;
        this.sizer = sizer;
    }

    boolean enabled() {
        return quota > 0;
    }

    void register(Table t) {
        tables.add(t);
    }

    void unregister(Table t) {
        tables.remove(t);
    }

    /** Early imports so far. */
    long earlyImports() {
        return earlyImports.get();
    }

    /** The largest size of the sort directory measured so far. */
    long peakUsage() {
        return peak.get();
    }

    /**
     * Checks the quota if the last check is older than the interval and no other thread is checking. While the
     * last check found the engines above the quota, callers wait for a running check instead of going on
     * writing, so no table grows unchecked during another's early import. Call holding no table's write gate
     * (an early import takes the gates).
     */
    void maybeCheck() {
        if (quota <= 0) {
            return;
        }
        if (over) {
            checking.lock();
        } else if (System.nanoTime() - lastCheck.get() < intervalNanos || !checking.tryLock()) {
            return;
        }
        try {
            long now = System.nanoTime();
            if (now - lastCheck.get() < intervalNanos) {
                return;
            }
            lastCheck.set(now);
            check();
        } finally {
            lastCheck.set(System.nanoTime());
            checking.unlock();
        }
    }

    /** Measures the sort directory and imports the largest tables early while it is above the quota. */
    void check() {
        long used = usage();
        over = used > quota;
        if (!over) {
            waitingForFinish = false;
            return;
        }
        java.util.Set<Table> tried = new java.util.HashSet<>();
        while (used > quota) {
            List<Table> candidates = new ArrayList<>();
            for (Table t : tables) {
                if (!tried.contains(t) && t.canImportEarly()) {
                    candidates.add(t);
                }
            }
            if (candidates.isEmpty()) {
                break;
            }
            java.util.Map<Table, Long> size = new java.util.HashMap<>();
            for (Table t : candidates) {
                size.put(t, sizer.applyAsLong(t.dir()));
            }
            candidates.sort(Comparator.comparingLong((Table t) -> size.get(t)).reversed());
            Table largest = candidates.get(0);
            tried.add(largest);
            long before = used;
            if (!largest.importEarly(before)) {
                continue;
            }
            earlyImports.incrementAndGet();
            used = usage();
            over = used > quota;
            LOG.info("disk-quota: {} imported early; the engines in {} now hold {} bytes (were {}, quota {}, peak"
                    + " {})", largest.name(), sortDir, used, before, quota, peak.get());
        }
        if (used > quota) {
            // Writers released by an early import may have refilled a table this check imported already: the
            // next check imports it again. Only when no table holds anything to import is the quota unmeetable.
            // A table is busy while a writer sends a run: the run's file is measured before the engine shows its
            // pairs, so the quota can only be called unmeetable once every table is still.
            boolean busy = tables.stream().anyMatch(Table::busy);
            if (busy || tables.stream().anyMatch(Table::canImportEarly)) {
                if (waitingForFinish) {
                    return;
                }
                waitingForFinish = true;
                LOG.info("disk-quota: the engines in {} hold {} bytes, more than {} ({}); tables still writing or"
                        + " finishing, going on", sortDir, used, PhysicalOptions.DISK_QUOTA, quota);
                return;
            }
            throw new ImportException(ErrorCode.TARGET_WRITE, "the local engines in " + sortDir + " hold " + used
                    + " bytes even after every table's sorted pairs were imported early, more than "
                    + PhysicalOptions.DISK_QUOTA + " (" + quota + "): the quota cannot be met (what remains is the"
                    + " engines' own files and the records of imported keys; the largest: " + largest(sortDir)
                    + "); raise " + PhysicalOptions.DISK_QUOTA + " (with checkpoints on, a resume keeps what was"
                    + " imported)", null, -1, null, null, null);
        }
    }

    /** The largest directories of the sort directory's tables, with their sizes, for a message. */
    private String largest(Path root) {
        List<String> out = new ArrayList<>();
        try (java.util.stream.Stream<Path> tablesDirs = Files.list(root)) {
            List<Path> dirs = new ArrayList<>();
            for (Path t : tablesDirs.filter(Files::isDirectory).toList()) {
                try (java.util.stream.Stream<Path> engines = Files.list(t)) {
                    dirs.addAll(engines.toList());
                }
            }
            dirs.sort(Comparator.comparingLong((Path p) -> sizer.applyAsLong(p)).reversed());
            for (Path d : dirs.subList(0, Math.min(4, dirs.size()))) {
                out.add(root.relativize(d) + " " + sizer.applyAsLong(d) + " bytes");
            }
        } catch (IOException | RuntimeException e) {
            out.add("unknown (" + e.getMessage() + ")");
        }
        return String.join(", ", out);
    }

    /**
     * Bytes the open tables' directories take (as TiDB Lightning sums its engines' sizes): what early imports
     * can act on. Engines a failed table left for a resume, and other files, do not count.
     */
    private long usage() {
        long used = 0;
        for (Table t : tables) {
            used += sizer.applyAsLong(t.dir());
        }
        peak.accumulateAndGet(used, Math::max);
        return used;
    }

    /** Bytes of the regular files under {@code p}; files and directories removed while walking count as 0. */
    static long treeSize(Path p) {
        long[] total = {0};
        try {
            Files.walkFileTree(p, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file,
                        java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE; // removed meanwhile (compaction)
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }
}
