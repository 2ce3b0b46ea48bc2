package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ImportException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quota trigger: which tables are imported early, when, and when the quota cannot be met. */
class DiskQuotaTest {
    private static final Path ROOT = Path.of("/sort");
    /** Bytes each table's directory holds (the quota sums the open tables'; the root is never measured). */
    private final Map<Path, Long> sizes = new HashMap<>();
    private final List<String> imported = new ArrayList<>();

    private long size(Path p) {
        if (p.equals(ROOT)) {
            return sizes.values().stream().mapToLong(Long::longValue).sum();
        }
        return sizes.getOrDefault(p, 0L);
    }

    /** A table holding {@code bytes} of sorted pairs on top of {@code kept} bytes an early import leaves. */
    private final class FakeTable implements DiskQuota.Table {
        final String name;
        final long kept;
        boolean finishing;
        /** A writer in the middle of sending a run. */
        boolean writing;

        FakeTable(String name, long bytes, long kept) {
            this.name = name;
            this.kept = kept;
            sizes.put(dir(), bytes + kept);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Path dir() {
            return ROOT.resolve(name);
        }

        @Override
        public boolean canImportEarly() {
            return !finishing && sizes.get(dir()) > kept;
        }

        @Override
        public boolean importEarly(long usageBefore) {
            assertThat(usageBefore).isEqualTo(size(ROOT));
            imported.add(name);
            sizes.put(dir(), kept);
            return true;
        }

        @Override
        public boolean busy() {
            return finishing || writing;
        }
    }

    private DiskQuota quota(long bytes) {
        return new DiskQuota(ROOT, bytes, 0, this::size);
    }

    @Test
    void belowTheQuotaNothingIsImported() {
        DiskQuota q = quota(1000);
        q.register(new FakeTable("a", 400, 10));
        q.register(new FakeTable("b", 500, 10));
        q.check();
        assertThat(imported).isEmpty();
        assertThat(q.earlyImports()).isZero();
        assertThat(q.peakUsage()).isEqualTo(920);
    }

    @Test
    void aboveTheQuotaTheLargestTablesAreImportedUntilUnder() {
        DiskQuota q = quota(1000);
        q.register(new FakeTable("small", 200, 10));
        q.register(new FakeTable("large", 700, 10));
        q.register(new FakeTable("middle", 400, 10));
        q.check(); // 1330 bytes: "large" goes (630 left)
        assertThat(imported).containsExactly("large");
        sizes.put(ROOT.resolve("small"), 600L);
        sizes.put(ROOT.resolve("middle"), 550L);
        q.check(); // 1160 bytes: "small" (600) then under the quota
        assertThat(imported).containsExactly("large", "small");
        assertThat(q.earlyImports()).isEqualTo(2);
    }

    @Test
    void tablesThatCannotBeImportedEarlyAreLeftAlone() {
        DiskQuota q = quota(1000);
        FakeTable finishing = new FakeTable("finishing", 1000, 10);
        finishing.finishing = true;
        q.register(finishing);
        q.register(new FakeTable("writing", 300, 10));
        q.check();
        // The writing table went; the finishing one frees its engines itself, so the import goes on.
        assertThat(imported).containsExactly("writing");
    }

    @Test
    void aQuotaThatCannotBeMetEvenAfterImportingEverythingStopsTheImport() {
        DiskQuota q = quota(100);
        q.register(new FakeTable("a", 400, 80));
        q.register(new FakeTable("b", 300, 80));
        assertThatThrownBy(q::check).isInstanceOf(ImportException.class)
                .hasMessageContaining("even after every table's sorted pairs were imported early")
                .hasMessageContaining(PhysicalOptions.DISK_QUOTA);
        assertThat(imported).containsExactly("a", "b");
    }

    @Test
    void aTableWhoseWriterIsSendingARunKeepsTheImportGoing() {
        // The run's file is on disk while the engine does not show its pairs yet: nothing to import early, but
        // the table is not still, so the quota is not called unmeetable.
        DiskQuota q = quota(100);
        FakeTable sending = new FakeTable("sending", 0, 400);
        sending.writing = true;
        q.register(sending);
        q.check();
        assertThat(imported).isEmpty();
        sending.writing = false;
        assertThatThrownBy(q::check).isInstanceOf(ImportException.class)
                .hasMessageContaining("even after every table's sorted pairs were imported early");
    }

    @Test
    void noQuotaNeverMeasures() {
        DiskQuota q = new DiskQuota(ROOT, 0, 0, p -> {
            throw new AssertionError("measured " + p);
        });
        q.register(new FakeTable("a", 400, 80));
        q.maybeCheck();
        assertThat(q.enabled()).isFalse();
    }

    @Test
    void checksAreSpacedByTheInterval() {
        int[] measured = {0};
        DiskQuota q = countingQuota(60_000, "a", measured);
        q.maybeCheck();
        q.maybeCheck();
        assertThat(measured[0]).isZero(); // the first check waits for one interval
        DiskQuota every = countingQuota(0, "b", measured);
        every.maybeCheck();
        every.maybeCheck();
        assertThat(measured[0]).isEqualTo(2);
    }

    /** A quota of 1000 bytes checked every {@code intervalMillis} over one small table, counting its measurements. */
    private DiskQuota countingQuota(long intervalMillis, String table, int[] measured) {
        DiskQuota q = new DiskQuota(ROOT, 1000, intervalMillis, p -> {
            measured[0]++;
            return 0;
        });
        q.register(new FakeTable(table, 10, 0));
        return q;
    }
}
