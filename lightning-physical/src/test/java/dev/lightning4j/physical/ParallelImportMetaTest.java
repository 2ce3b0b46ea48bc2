package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ImportException;
import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.testing.TestingMariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordination of parallel imports against a real MariaDB: several coordinators (one per import) over the
 * same metadata schema, racing where imports race.
 */
class ParallelImportMetaTest {
    private static final TestingMariaDb DB = TestingMariaDb.shared();
    private String schema;
    private DataSource ds;

    @BeforeEach
    void freshSchema() {
        // A fresh name: the coordinator creates the schema itself.
        schema = DB.createDatabase("phys_meta");
        ds = DB.dataSource();
    }

    private ParallelImportMeta meta(long task) {
        ParallelImportMeta m = new ParallelImportMeta(ds, schema, task, false);
        m.init();
        m.initTask();
        return m;
    }

    /** A shared allocator, as TiDB's meta key: IDs above both the value and atLeast. */
    private static ParallelImportMeta.RowIdAllocator allocator(AtomicLong value) {
        return (atLeast, count) -> {
            synchronized (value) {
                long base = Math.max(value.get(), atLeast);
                value.set(base + count);
                return base;
            }
        };
    }

    @Test
    void racingImportsGetDisjointRangesAndExactlyOneIsFirst() throws Exception {
        int imports = 6;
        AtomicLong allocatorValue = new AtomicLong(1000); // the table holds rows up to row ID 1000
        ExecutorService pool = Executors.newFixedThreadPool(imports);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ParallelImportMeta.Allocation>> results = new ArrayList<>();
        // Creating the schema and tables races too.
        for (int i = 0; i < imports; i++) {
            long task = 100 + i;
            long count = 10 + i;
            results.add(pool.submit(() -> {
                start.await();
                return meta(task).allocate(42, "db.t", count, allocator(allocatorValue), 60_000);
            }));
        }
        start.countDown();
        List<ParallelImportMeta.Allocation> got = new ArrayList<>();
        for (Future<ParallelImportMeta.Allocation> f : results) {
            got.add(f.get());
        }
        pool.shutdown();
        assertThat(got.stream().filter(ParallelImportMeta.Allocation::takeBase)).hasSize(1);
        List<ParallelImportMeta.Allocation> sorted = new ArrayList<>(got);
        sorted.sort((a, b) -> Long.compare(a.base(), b.base()));
        assertThat(sorted.get(0).base()).isEqualTo(1000);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).base()).as("ranges are disjoint").isGreaterThanOrEqualTo(sorted.get(i - 1).max());
        }
        assertThat(allocatorValue.get()).isEqualTo(sorted.get(sorted.size() - 1).max());
        assertThat(count("table_meta")).isEqualTo(imports);
        assertThat(count("task_meta")).isEqualTo(imports);
    }

    @Test
    void aRestartedImportGetsItsRangeAgainAndAChangedPlanIsRefused() {
        AtomicLong value = new AtomicLong();
        ParallelImportMeta a = meta(1);
        ParallelImportMeta.Allocation first = a.allocate(7, "db.t", 50, allocator(value), 1000);
        meta(2).allocate(7, "db.t", 30, allocator(value), 1000);
        ParallelImportMeta again = meta(1);
        ParallelImportMeta.Allocation second = again.allocate(7, "db.t", 50, allocator(value), 1000);
        assertThat(second).isEqualTo(first);
        assertThat(value.get()).isEqualTo(80);
        assertThatThrownBy(() -> again.allocate(7, "db.t", 51, allocator(value), 1000))
                .isInstanceOf(ImportException.class).hasMessageContaining("reserved 50 row IDs")
                .hasMessageContaining("needs 51");
    }

    @Test
    void onlyTheLastToFinishVerifiesAgainstAllChecksumsAndTheBase() throws Exception {
        AtomicLong value = new AtomicLong();
        ParallelImportMeta a = meta(1);
        ParallelImportMeta b = meta(2);
        ParallelImportMeta.Allocation ra = a.allocate(9, "db.t", 10, allocator(value), 1000);
        ParallelImportMeta.Allocation rb = b.allocate(9, "db.t", 10, allocator(value), 1000);
        assertThat(ra.takeBase()).isTrue();
        assertThat(rb.takeBase()).isFalse();
        KvChecksum base = new KvChecksum(0x1111L, 3, 30);
        a.recordBaseChecksum(9, base);
        b.awaitBaseChecksum(9, "db.t", 1000);

        KvChecksum la = new KvChecksum(0xF0F0_0000_0000_0001L, 5, 50);
        KvChecksum lb = new KvChecksum(0x0000_0000_00FF_0000L, 7, 70);
        ParallelImportMeta.Outcome oa = a.recordLocalChecksum(9, "db.t", la);
        assertThat(oa.last()).isFalse();
        ParallelImportMeta.Outcome ob = b.recordLocalChecksum(9, "db.t", lb);
        assertThat(ob.last()).isTrue();
        assertThat(ob.imports()).isEqualTo(2);
        assertThat(ob.expected().checksum()).isEqualTo(0x1111L ^ la.checksum() ^ lb.checksum());
        assertThat(ob.expected().kvs()).isEqualTo(15);
        assertThat(ob.expected().bytes()).isEqualTo(150);
        // A restart of the verifier keeps the decision.
        ParallelImportMeta.Outcome again = b.recordLocalChecksum(9, "db.t", lb);
        assertThat(again.last()).isTrue();
        assertThat(again.expected().checksum()).isEqualTo(ob.expected().checksum());
        b.finishTable(9);
        assertThat(count("table_meta")).isZero();
        // A resumed post-process of either finds the table settled: nothing more to verify.
        assertThat(a.recordLocalChecksum(9, "db.t", la).last()).isFalse();
        assertThat(count("table_meta")).isZero();
    }

    @Test
    void aSecondImportWaitsForTheBaseChecksumAndGivesUpWithAClearMessage() {
        AtomicLong value = new AtomicLong();
        ParallelImportMeta a = meta(1);
        ParallelImportMeta b = meta(2);
        a.allocate(3, "db.t", 10, allocator(value), 1000);
        b.allocate(3, "db.t", 10, allocator(value), 1000);
        assertThatThrownBy(() -> b.awaitBaseChecksum(3, "db.t", 300)).isInstanceOf(ImportException.class)
                .hasMessageContaining("has not recorded the checksum of what the table held before");
        // The first import stopped: the second one fails at once, naming it.
        a.finishTask(false);
        assertThatThrownBy(() -> b.awaitBaseChecksum(3, "db.t", 600_000)).isInstanceOf(ImportException.class)
                .hasMessageContaining("(task 1) stopped before it recorded the checksum");
        // Restarted, it takes the base again; then the second one goes on.
        ParallelImportMeta restarted = meta(1);
        assertThat(restarted.allocate(3, "db.t", 10, allocator(value), 1000).takeBase()).isTrue();
        restarted.recordBaseChecksum(3, new KvChecksum());
        b.awaitBaseChecksum(3, "db.t", 1000);
    }

    @Test
    void importsTheLastOneVerifyingWaitUntilItIsDoneAndOthersCannotAllocate() {
        AtomicLong value = new AtomicLong();
        ParallelImportMeta a = meta(1);
        a.allocate(5, "db.t", 10, allocator(value), 1000);
        a.recordBaseChecksum(5, new KvChecksum());
        assertThat(a.recordLocalChecksum(5, "db.t", new KvChecksum(1, 1, 1)).last()).isTrue();
        ParallelImportMeta late = meta(2);
        assertThatThrownBy(() -> late.allocate(5, "db.t", 10, allocator(value), 600))
                .isInstanceOf(ImportException.class).hasMessageContaining("is being verified by another import");
    }

    @Test
    void theLastRunningImportSwitchesBackAndTheLastOfAllCleansUp() throws Exception {
        ParallelImportMeta a = meta(1);
        ParallelImportMeta b = meta(2);
        ParallelImportMeta c = meta(3);
        // c stopped on a failure: it does not hold the others back, but its rows stay for its restart.
        assertThat(c.finishTask(false)).isEqualTo(new ParallelImportMeta.TaskEnd(false, false));
        assertThat(a.finishTask(true)).isEqualTo(new ParallelImportMeta.TaskEnd(false, false));
        assertThat(b.finishTask(true)).isEqualTo(new ParallelImportMeta.TaskEnd(true, false));
        assertThat(count("task_meta")).isEqualTo(3);
        ParallelImportMeta c2 = meta(3);
        assertThat(c2.finishTask(true)).isEqualTo(new ParallelImportMeta.TaskEnd(true, true));
        assertThat(count("task_meta")).isZero();
    }

    @Test
    void theFirstPausedConfigIsSharedWithTheOthers() {
        ParallelImportMeta a = meta(1);
        ParallelImportMeta b = meta(2);
        assertThat(a.sharePausedConfig("{\"x\":1}")).isEqualTo("{\"x\":1}");
        assertThat(b.sharePausedConfig("{\"x\":0}")).isEqualTo("{\"x\":1}");
    }

    @Test
    void racingChecksumRecordsElectExactlyOneVerifier() throws Exception {
        int imports = 5;
        AtomicLong value = new AtomicLong();
        List<ParallelImportMeta> metas = new ArrayList<>();
        for (int i = 0; i < imports; i++) {
            ParallelImportMeta m = meta(10 + i);
            ParallelImportMeta.Allocation r = m.allocate(11, "db.t", 5, allocator(value), 1000);
            if (r.takeBase()) {
                m.recordBaseChecksum(11, new KvChecksum());
            }
            metas.add(m);
        }
        ExecutorService pool = Executors.newFixedThreadPool(imports);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ParallelImportMeta.Outcome>> fs = new ArrayList<>();
        for (int i = 0; i < imports; i++) {
            ParallelImportMeta m = metas.get(i);
            long n = i + 1;
            fs.add(pool.submit(() -> {
                start.await();
                return m.recordLocalChecksum(11, "db.t", new KvChecksum(1L << n, n, 10 * n));
            }));
        }
        start.countDown();
        List<ParallelImportMeta.Outcome> outs = Collections.synchronizedList(new ArrayList<>());
        for (Future<ParallelImportMeta.Outcome> f : fs) {
            outs.add(f.get());
        }
        pool.shutdown();
        List<ParallelImportMeta.Outcome> last = outs.stream().filter(ParallelImportMeta.Outcome::last).toList();
        assertThat(last).hasSize(1);
        assertThat(last.get(0).expected().checksum()).isEqualTo(0b111110);
        assertThat(last.get(0).expected().kvs()).isEqualTo(15);
        assertThat(last.get(0).expected().bytes()).isEqualTo(150);
    }

    private long count(String table) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + schema + "`." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
