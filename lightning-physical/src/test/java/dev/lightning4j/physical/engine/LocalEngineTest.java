package dev.lightning4j.physical.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.codec.Collations;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.TableCodec;
import dev.lightning4j.physical.kv.KvPair;
import dev.lightning4j.physical.kv.TableKvEncoder;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.FieldType;
import dev.lightning4j.physical.model.IndexColumn;
import dev.lightning4j.physical.model.IndexInfo;
import dev.lightning4j.physical.model.TableInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEngineTest {
    private static final int THREADS = 4;
    private static final int ROWS_PER_THREAD = 5000;
    /** Small memtables so the test writes SST files, not only memory. */
    private static final EngineOptions SMALL = new EngineOptions(1 << 20, 64 << 10, 2);

    @TempDir
    Path dir;

    private static TableInfo table() {
        return new TableInfo(5, "t", List.of(
                ColumnInfo.of(1, "v", 0, FieldType.string(ColumnType.VARCHAR, 64, Collations.UTF8MB4_GENERAL_CI)),
                ColumnInfo.of(2, "n", 1, FieldType.of(ColumnType.BIGINT))),
                List.of(new IndexInfo(1, "v", List.of(IndexColumn.full(0)), false, false),
                        new IndexInfo(2, "n", List.of(IndexColumn.full(1)), true, false)), false, false);
    }

    @Test
    void concurrentWritersThenSortedScanSurvivesReopen() throws Exception {
        KvChecksum expected = new KvChecksum();
        try (LocalEngine engine = LocalEngine.open(dir, SMALL)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<KvChecksum>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    TableKvEncoder enc = new TableKvEncoder(table(), true);
                    KvChecksum sum = new KvChecksum();
                    List<Integer> ids = new ArrayList<>();
                    for (int i = 0; i < ROWS_PER_THREAD; i++) {
                        ids.add(thread * ROWS_PER_THREAD + i);
                    }
                    Collections.shuffle(ids, new java.util.Random(thread));
                    try (LocalEngine.Writer w = engine.writer()) {
                        for (int id : ids) {
                            Datum[] row = {Datum.ofString("value-" + (id * 7919 % 10007), Collations.UTF8MB4_GENERAL_CI),
                                Datum.ofInt(id)};
                            for (KvPair p : enc.encode(row, id + 1)) {
                                w.put(p.key(), p.value());
                                sum.update(p.key(), p.value());
                            }
                        }
                    }
                    return sum;
                }));
            }
            for (Future<KvChecksum> f : results) {
                expected.add(f.get());
            }
            pool.shutdown();
        }
        try (LocalEngine engine = LocalEngine.open(dir, SMALL)) {
            long total = (long) THREADS * ROWS_PER_THREAD * 3;
            byte[] prev = null;
            long n = 0;
            try (LocalEngine.KvIterator it = engine.iterator(null, null)) {
                while (it.hasNext()) {
                    byte[] k = it.next().key();
                    if (prev != null) {
                        assertThat(Arrays.compareUnsigned(prev, k)).isNegative();
                    }
                    prev = k;
                    n++;
                }
            }
            assertThat(n).isEqualTo(total);
            EngineStats stats = engine.stats();
            assertThat(stats.kvs()).isEqualTo(total);
            assertThat(stats.bytes()).isEqualTo(expected.bytes());
            KvChecksum actual = engine.checksum();
            assertThat(actual.checksum()).isEqualTo(expected.checksum());
            assertThat(actual.kvs()).isEqualTo(expected.kvs());

            // The record range alone: exactly one pair per row, keys t5_r...
            byte[] lower = TableCodec.recordPrefix(5);
            byte[] upper = lower.clone();
            upper[upper.length - 1]++;
            long records = 0;
            try (LocalEngine.KvIterator it = engine.iterator(lower, upper)) {
                while (it.hasNext()) {
                    assertThat(Arrays.copyOf(it.next().key(), lower.length)).containsExactly(lower);
                    records++;
                }
            }
            assertThat(records).isEqualTo((long) THREADS * ROWS_PER_THREAD);

            List<byte[]> splits = engine.splitKeys(64 << 10, 1000);
            assertThat(splits).isNotEmpty();
            assertRangesWithinLimits(engine, splits, 64 << 10, 1000);
        }
    }

    private static void assertRangesWithinLimits(LocalEngine engine, List<byte[]> splits, long maxBytes, long maxKeys) {
        long all = EngineRanges.assertWithinLimits(EngineRanges.of(engine, splits), maxBytes, maxKeys);
        assertThat(all).isEqualTo(engine.stats().kvs());
    }

    @Test
    void lastWriteWinsAndClosedEngineRefusesWork() throws Exception {
        LocalEngine engine = LocalEngine.open(dir, EngineOptions.defaults());
        engine.write(List.of(new KvPair(new byte[] {2}, new byte[] {1}), new KvPair(new byte[] {1}, new byte[] {1})));
        engine.write(List.of(new KvPair(new byte[] {2}, new byte[] {9})));
        try (LocalEngine.KvIterator it = engine.iterator(null, null)) {
            assertThat(it.next()).isEqualTo(new KvPair(new byte[] {1}, new byte[] {1}));
            assertThat(it.next()).isEqualTo(new KvPair(new byte[] {2}, new byte[] {9}));
            assertThat(it.hasNext()).isFalse();
        }
        // Unsigned byte order, as TiKV compares raw keys.
        engine.write(List.of(new KvPair(new byte[] {(byte) 0x80}, new byte[0])));
        assertThat(engine.stats().lastKey()).containsExactly(0x80);
        engine.close();
        assertThatThrownBy(engine::writer).isInstanceOf(IllegalStateException.class);
    }
}
