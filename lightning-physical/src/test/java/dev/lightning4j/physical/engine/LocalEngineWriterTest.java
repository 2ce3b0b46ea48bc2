package dev.lightning4j.physical.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.kv.KvPair;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sort-buffer write path: buffers that fill several times, SST files that overlap, restarts. */
class LocalEngineWriterTest {
    /** 64 KiB writer buffers; anything from 1 KiB goes as an SST file. */
    private static final EngineOptions TINY = new EngineOptions(1 << 20, 1 << 10, 2, 64 << 10);

    @TempDir
    Path dir;

    private static byte[] key(int table, long id) {
        return ByteBuffer.allocate(13).put((byte) 't').putInt(table).putLong(id).array();
    }

    private static byte[] value(long id, int version) {
        byte[] v = new byte[20 + (int) (id % 50)];
        Arrays.fill(v, (byte) version);
        ByteBuffer.wrap(v).putLong(id);
        return v;
    }

    private static TreeMap<byte[], byte[]> scan(LocalEngine e) {
        TreeMap<byte[], byte[]> m = new TreeMap<>(Arrays::compareUnsigned);
        byte[] prev = null;
        try (LocalEngine.KvIterator it = e.iterator(null, null)) {
            while (it.hasNext()) {
                KvPair p = it.next();
                if (prev != null) {
                    assertThat(Arrays.compareUnsigned(prev, p.key())).isNegative();
                }
                prev = p.key();
                m.put(p.key(), p.value());
            }
        }
        return m;
    }

    private static KvChecksum checksumOf(Map<byte[], byte[]> m) {
        KvChecksum c = new KvChecksum();
        m.forEach(c::update);
        return c;
    }

    private static void assertHolds(LocalEngine e, TreeMap<byte[], byte[]> expected) {
        TreeMap<byte[], byte[]> actual = scan(e);
        assertThat(actual).hasSameSizeAs(expected);
        for (Map.Entry<byte[], byte[]> x : expected.entrySet()) {
            assertThat(actual.get(x.getKey())).as("value of %s", Arrays.toString(x.getKey())).isEqualTo(x.getValue());
        }
        EngineStats st = e.stats();
        KvChecksum sum = checksumOf(expected);
        assertThat(st.kvs()).isEqualTo(expected.size());
        assertThat(st.bytes()).isEqualTo(sum.bytes());
        assertThat(st.firstKey()).containsExactly(expected.firstKey());
        assertThat(st.lastKey()).containsExactly(expected.lastKey());
        KvChecksum c = e.checksum();
        assertThat(c.checksum()).isEqualTo(sum.checksum());
        assertThat(c.kvs()).isEqualTo(sum.kvs());
    }

    @Test
    void manyWritersWhoseBuffersFillSeveralTimesSurviveARestart() throws Exception {
        int threads = 6;
        int perThread = 20_000;
        TreeMap<byte[], byte[]> expected = new TreeMap<>(Arrays::compareUnsigned);
        try (LocalEngine engine = LocalEngine.open(dir, TINY)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Long>> sends = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sends.add(pool.submit(() -> {
                    // Each thread its own row IDs (as chunks have), shuffled within the thread.
                    List<Long> ids = new ArrayList<>();
                    for (long i = 0; i < perThread; i++) {
                        ids.add(thread * 1_000_000L + i);
                    }
                    java.util.Collections.shuffle(ids, new Random(thread));
                    try (LocalEngine.Writer w = engine.writer()) {
                        for (long id : ids) {
                            w.put(key(1, id), value(id, 1));
                            assertThat(w.bufferedBytes()).isLessThanOrEqualTo(TINY.writerBytes());
                        }
                        return w.sends();
                    }
                }));
            }
            for (Future<Long> f : sends) {
                assertThat(f.get()).as("sends of a writer").isGreaterThan(5);
            }
            pool.shutdown();
            for (int t = 0; t < threads; t++) {
                for (long i = 0; i < perThread; i++) {
                    long id = t * 1_000_000L + i;
                    expected.put(key(1, id), value(id, 1));
                }
            }
            assertThat(engine.ingestedFiles()).isGreaterThan(threads * 5L);
            assertHolds(engine, expected);
        }
        try (LocalEngine engine = LocalEngine.open(dir, TINY)) {
            assertHolds(engine, expected);
            // A reopened engine takes more writes, and a key written again keeps the later value.
            try (LocalEngine.Writer w = engine.writer()) {
                for (long id = 0; id < 5000; id += 3) {
                    w.put(key(1, id), value(id, 2));
                    expected.put(key(1, id), value(id, 2));
                }
            }
            assertHolds(engine, expected);
        }
    }

    @Test
    void overlappingSstFilesKeepTheLastSentValue() throws Exception {
        TreeMap<byte[], byte[]> expected = new TreeMap<>(Arrays::compareUnsigned);
        Random r = new Random(3);
        try (LocalEngine engine = LocalEngine.open(dir, TINY)) {
            // Rounds of writers over the same keys: each writer sends several overlapping files, and a key
            // repeated inside one buffer keeps its last put.
            for (int round = 1; round <= 30; round++) {
                try (LocalEngine.Writer w = engine.writer()) {
                    for (int i = 0; i < 3000; i++) {
                        long id = r.nextInt(4000);
                        byte[] v = value(id, round * 10 + i % 7);
                        w.put(key(2, id), v);
                        expected.put(key(2, id), v);
                    }
                }
            }
            // Many overlapping level-0 files: a read compacts first, and reads agree before and after.
            assertHolds(engine, expected);
            engine.compact();
            assertHolds(engine, expected);
            // A small write goes in as a write batch and still overrides.
            engine.write(List.of(new KvPair(key(2, 5), new byte[] {42})));
            expected.put(key(2, 5), new byte[] {42});
            assertHolds(engine, expected);
        }
        try (LocalEngine engine = LocalEngine.open(dir, TINY)) {
            assertHolds(engine, expected);
            List<byte[]> splits = engine.splitKeys(32 << 10, 500);
            assertThat(splits).isNotEmpty();
            long total = 0;
            List<byte[]> bounds = new ArrayList<>();
            bounds.add(null);
            bounds.addAll(splits);
            bounds.add(null);
            for (int i = 0; i + 1 < bounds.size(); i++) {
                long n = 0;
                try (LocalEngine.KvIterator it = engine.iterator(bounds.get(i), bounds.get(i + 1))) {
                    while (it.hasNext()) {
                        it.next();
                        n++;
                    }
                }
                assertThat(n).isBetween(1L, 500L);
                total += n;
            }
            assertThat(total).isEqualTo(expected.size());
        }
    }

    @Test
    void writerStatisticsStayExactForDisjointRunsAndFallBackToAScanForOverlaps() throws Exception {
        try (LocalEngine engine = LocalEngine.open(dir, TINY)) {
            TreeMap<byte[], byte[]> expected = new TreeMap<>(Arrays::compareUnsigned);
            try (LocalEngine.Writer w = engine.writer()) {
                for (long id = 0; id < 10_000; id++) {
                    w.put(key(3, id), value(id, 1));
                    expected.put(key(3, id), value(id, 1));
                }
                // The same key twice in one buffer counts once.
                w.put(key(3, 20_000), value(1, 1));
                w.put(key(3, 20_000), value(2, 2));
                expected.put(key(3, 20_000), value(2, 2));
            }
            assertHolds(engine, expected);
            try (LocalEngine.Writer w = engine.writer()) {
                w.put(key(3, 500), value(500, 9));
                expected.put(key(3, 500), value(500, 9));
            }
            assertHolds(engine, expected);
        }
    }
}
