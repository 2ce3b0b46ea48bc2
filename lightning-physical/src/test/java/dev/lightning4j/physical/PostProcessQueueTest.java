package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
import dev.lightning4j.physical.checksum.KvChecksum;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deferred post-process: how many tables run at once, and how failures and earlier runs' entries are met. */
class PostProcessQueueTest {
    @TempDir
    Path dir;

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final List<String> done = Collections.synchronizedList(new ArrayList<>());

    /** A table whose post-process waits at {@code barrier} (when given) and fails when {@code failure} is set. */
    private final class Table implements PostProcessQueue.Target {
        final TableName name;
        final long id;
        CyclicBarrier barrier;
        String failure;

        Table(String name, long id) {
            this.name = new TableName("db", name);
            this.id = id;
        }

        @Override
        public TableName name() {
            return name;
        }

        @Override
        public long tableId() {
            return id;
        }

        @Override
        public void postProcess(KvChecksum local) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (barrier != null) {
                    // Passes only when another table's post-process runs at the same time.
                    barrier.await(20, TimeUnit.SECONDS);
                }
                if (failure != null) {
                    throw new ImportException(ErrorCode.TARGET_WRITE, failure);
                }
                done.add(name.table() + ":" + local.kvs());
            } catch (Exception e) {
                if (e instanceof ImportException ie) {
                    throw ie;
                }
                throw new AssertionError("table " + name + " ran alone", e);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @Test
    void tablesArePostProcessedUpToTheConcurrencyAtOnce() {
        PostProcessQueue q = new PostProcessQueue(null, 2);
        CyclicBarrier pairs = new CyclicBarrier(2);
        for (int i = 1; i <= 4; i++) {
            Table t = new Table("t" + i, i);
            t.barrier = pairs;
            q.add(t, new KvChecksum(i, i * 10L, i * 100L));
        }
        q.runAll(name -> {
            throw new AssertionError("no earlier run");
        });
        assertThat(done).containsExactlyInAnyOrder("t1:10", "t2:20", "t3:30", "t4:40");
        assertThat(mostAtOnce).hasValue(2);
        assertThat(q.size()).isZero();
    }

    @Test
    void oneAtATimeWhenTheConcurrencyIsOne() {
        PostProcessQueue q = new PostProcessQueue(null, 1);
        for (int i = 1; i <= 3; i++) {
            q.add(new Table("t" + i, i), new KvChecksum(i, i, i));
        }
        q.runAll(name -> null);
        assertThat(done).containsExactly("t1:1", "t2:2", "t3:3");
        assertThat(mostAtOnce).hasValue(1);
    }

    @Test
    void everyTableIsCheckedAndTheFirstFailureInFinishingOrderIsThrownWithTheOthers() throws Exception {
        PostProcessQueue q = new PostProcessQueue(dir, 3);
        Table a = new Table("a", 1);
        Table b = new Table("b", 2);
        Table c = new Table("c", 3);
        a.failure = "a is wrong";
        c.failure = "c is wrong";
        q.add(a, new KvChecksum(1, 1, 1));
        q.add(b, new KvChecksum(2, 2, 2));
        q.add(c, new KvChecksum(3, 3, 3));
        assertThatThrownBy(() -> q.runAll(name -> null)).isInstanceOf(ImportException.class)
                .hasMessageContaining("a is wrong")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("[LJ-TGT-003] c is wrong"));
        assertThat(done).containsExactly("b:2");
        // The failed tables stay recorded for a resume; the checked one is gone.
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("db.a", "db.c");
        }
    }

    @Test
    void aResumeRunsWhatAnEarlierRunLeftWhenTheTableKeptItsId() {
        PostProcessQueue first = new PostProcessQueue(dir, 2);
        first.add(new Table("kept", 7), new KvChecksum(5, 6, 7));
        first.add(new Table("recreated", 8), new KvChecksum(1, 2, 3));
        // The run stops before its post-process; the next run opens the tables again.
        PostProcessQueue resumed = new PostProcessQueue(dir, 2);
        resumed.runAll(name -> new Table(name.table(), name.table().equals("kept") ? 7 : 9));
        assertThat(done).containsExactly("kept:6");
        assertThat(dir.resolve("db.kept")).doesNotExist();
        assertThat(dir.resolve("db.recreated")).doesNotExist();
    }

    /** Entries kept in memory as a checkpoint store keeps them across runs. */
    private static final class MemoryEntries implements dev.lightning4j.spi.CheckpointEntries {
        final java.util.Map<TableName, java.util.Map<String, String>> map = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public java.util.Map<TableName, java.util.Map<String, String>> all() {
            java.util.Map<TableName, java.util.Map<String, String>> out = new java.util.HashMap<>();
            map.forEach((t, m) -> {
                if (!m.isEmpty()) {
                    out.put(t, java.util.Map.copyOf(m));
                }
            });
            return out;
        }

        @Override
        public void put(TableName table, String name, String value) {
            java.util.Map<String, String> m = map.computeIfAbsent(table, k -> new java.util.concurrent.ConcurrentHashMap<>());
            if (value == null) {
                m.remove(name);
            } else {
                m.put(name, value);
            }
        }
    }

    @Test
    void aResumeWithAWipedSortDirRunsWhatTheCheckpointsKept() throws Exception {
        MemoryEntries entries = new MemoryEntries();
        PostProcessQueue first = new PostProcessQueue(dir, 2);
        first.keepIn(entries);
        first.add(new Table("failing", 7), new KvChecksum(-5, 6, 7));
        first.add(new Table("passing", 8), new KvChecksum(1, 2, 3));
        assertThat(entries.all()).hasSize(2);
        // The run stops before its post-process, and the sort directory is wiped.
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
                Files.delete(p);
            }
        }
        PostProcessQueue resumed = new PostProcessQueue(dir, 2);
        resumed.keepIn(entries);
        assertThatThrownBy(() -> resumed.runAll(name -> {
            Table t = new Table(name.table(), name.table().equals("failing") ? 7 : 8);
            t.failure = name.table().equals("failing") ? "checksum mismatch" : null;
            return t;
        })).hasMessageContaining("checksum mismatch");
        assertThat(done).containsExactly("passing:2");
        // The failed one stays for the next resume.
        assertThat(entries.all()).containsOnlyKeys(new TableName("db", "failing"));
        PostProcessQueue again = new PostProcessQueue(dir, 2);
        again.keepIn(entries);
        again.runAll(name -> new Table(name.table(), 7));
        assertThat(done).containsExactly("passing:2", "failing:6");
        assertThat(entries.all()).isEmpty();
        PostProcessQueue.Entry read = PostProcessQueue.parseEntry(new TableName("db", "t"), PostProcessQueue.entryValue(
                new PostProcessQueue.Entry(new TableName("db", "t"), 7, new KvChecksum(-5, 6, 7))));
        assertThat(List.of(read.tableId(), read.local().checksum(), read.local().kvs(), read.local().bytes()))
                .containsExactly(7L, -5L, 6L, 7L);
    }
}
