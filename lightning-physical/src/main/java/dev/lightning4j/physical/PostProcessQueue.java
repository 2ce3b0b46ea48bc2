package dev.lightning4j.physical;

import dev.lightning4j.ImportException;
import dev.lightning4j.physical.checksum.KvChecksum;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checksums and ANALYZE TABLE deferred by {@code post-restore.post-process-at-last}: each table adds itself
 * when its data is ingested and its allocators rebased, and {@link #runAll()} runs them once every table was
 * imported, as TiDB Lightning does. Every table is checked even when one fails; the first failure is thrown,
 * the others attached to it.
 */
final class PostProcessQueue {
    private static final Logger LOG = LoggerFactory.getLogger(PostProcessQueue.class);

    private record Pending(PhysicalTableImporter table, KvChecksum local) {
    }

    private final List<Pending> pending = new ArrayList<>();

    synchronized void add(PhysicalTableImporter table, KvChecksum local) {
        pending.add(new Pending(table, local));
    }

    synchronized int size() {
        return pending.size();
    }

    /** Runs every deferred table's checksum and analyze, in the order the tables finished. */
    void runAll() {
        List<Pending> tables;
        synchronized (this) {
            tables = List.copyOf(pending);
            pending.clear();
        }
        if (tables.isEmpty()) {
            return;
        }
        LOG.info("post-process of {} tables after the import: checksum and analyze", tables.size());
        ImportException first = null;
        List<String> failed = new ArrayList<>();
        for (Pending p : tables) {
            try {
                p.table().postProcess(p.local());
            } catch (ImportException e) {
                failed.add(String.valueOf(e.table()));
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            if (failed.size() > 1) {
                LOG.error("post-process failed for {} tables: {}", failed.size(), String.join(", ", failed));
            }
            throw first;
        }
    }
}
