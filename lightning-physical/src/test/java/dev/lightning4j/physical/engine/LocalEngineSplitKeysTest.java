package dev.lightning4j.physical.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.kv.KvPair;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Split keys from the granules counted while writing, and the sorted scan they fall back to. */
class LocalEngineSplitKeysTest {
    /** 64 KiB writer buffers: many runs (SST files and write batches) per test. */
    private static final EngineOptions TINY = new EngineOptions(1 << 20, 8 << 10, 2, 64 << 10);
    private static final long GRANULE_BYTES = 2 << 10;
    private static final long GRANULE_KEYS = 30;
    private static final int MAX_PAIR = 12 + 400;

    @TempDir
    Path dir;

    private static byte[] key(long id) {
        return ByteBuffer.allocate(12).putInt(0x74800000).putLong(id).array();
    }

    /** Writes ids [from, to) in order through one writer (as the final engines are written); values 0..400 bytes. */
    private static void writeInOrder(LocalEngine engine, long from, long to, Random r) throws Exception {
        try (LocalEngine.Writer w = engine.writer()) {
            for (long id = from; id < to; id++) {
                byte[] v = new byte[r.nextInt(400)];
                r.nextBytes(v);
                w.put(key(id), v);
            }
        }
    }

    private static List<String> hex(List<byte[]> keys) {
        return keys.stream().map(java.util.HexFormat.of()::formatHex).toList();
    }

    /** The greedy cut over every pair: the ranges as full as the limits allow. */
    private static List<byte[]> scanSplitKeys(LocalEngine engine, long maxBytes, long maxKeys) {
        List<byte[]> keys = new ArrayList<>();
        long bytes = 0;
        long count = 0;
        try (LocalEngine.KvIterator it = engine.iterator(null, null)) {
            while (it.hasNext()) {
                KvPair p = it.next();
                long size = p.key().length + p.value().length;
                if (count > 0 && (bytes + size > maxBytes || count + 1 > maxKeys)) {
                    keys.add(p.key());
                    bytes = 0;
                    count = 0;
                }
                bytes += size;
                count++;
            }
        }
        return keys;
    }

    /** {bytes, keys} of each range the split keys cut, checking every split key is a stored key. */
    private static List<long[]> ranges(LocalEngine engine, List<byte[]> splits) {
        List<byte[]> bounds = new ArrayList<>();
        bounds.add(null);
        bounds.addAll(splits);
        bounds.add(null);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            long bytes = 0;
            long keys = 0;
            try (LocalEngine.KvIterator it = engine.iterator(bounds.get(i), bounds.get(i + 1))) {
                while (it.hasNext()) {
                    KvPair p = it.next();
                    if (keys == 0 && i > 0) {
                        assertThat(p.key()).as("split key %d is a stored key", i).isEqualTo(bounds.get(i));
                    }
                    bytes += p.key().length + p.value().length;
                    keys++;
                }
            }
            out.add(new long[] {bytes, keys});
        }
        return out;
    }

    @Test
    void inOrderRunsSplitFromTheirGranulesWithinTheLimitsAndAtMostOneGranuleShort() throws Exception {
        try (LocalEngine engine = LocalEngine.open(dir, TINY, GRANULE_BYTES, GRANULE_KEYS)) {
            // Two writers one after the other over disjoint, ascending ranges, and a third below both.
            Random r = new Random(3);
            writeInOrder(engine, 1_000, 6_000, r);
            writeInOrder(engine, 6_000, 9_000, r);
            writeInOrder(engine, 0, 1_000, r);
            assertThat(engine.ingestedFiles()).isGreaterThan(10);
            for (long[] limits : new long[][] {{64 << 10, 1_000}, {200 << 10, 300}, {16 << 10, 1_000_000},
                    {1 << 30, 1_000_000}}) {
                long maxBytes = limits[0];
                long maxKeys = limits[1];
                List<byte[]> splits = engine.splitKeys(maxBytes, maxKeys);
                // From the granules, not from a scan.
                assertThat(engine.splitKeysFromGranules(maxBytes, maxKeys)).isNotNull();
                assertThat(hex(splits)).isEqualTo(hex(engine.splitKeysFromGranules(maxBytes, maxKeys)));
                List<long[]> ranges = ranges(engine, splits);
                long total = 0;
                for (int i = 0; i < ranges.size(); i++) {
                    long[] range = ranges.get(i);
                    assertThat(range[0]).isLessThanOrEqualTo(maxBytes);
                    assertThat(range[1]).isBetween(1L, maxKeys);
                    if (i + 1 < ranges.size()) {
                        // Cut only where the next granule would not fit: short of a limit by under a granule.
                        assertThat(range[0] + GRANULE_BYTES + MAX_PAIR > maxBytes || range[1] + GRANULE_KEYS > maxKeys)
                                .as("range %d of %s (%d bytes, %d keys) is not full", i, List.of(maxBytes, maxKeys),
                                        range[0], range[1])
                                .isTrue();
                    }
                    total += range[1];
                }
                assertThat(total).isEqualTo(9_000);
                assertThat(engine.stats().kvs()).isEqualTo(9_000);
                // No more ranges than the full scan's cut needs, bar the granules' slack.
                int scanned = scanSplitKeys(engine, maxBytes, maxKeys).size() + 1;
                assertThat(ranges.size()).isLessThanOrEqualTo(scanned * 2);
            }
        }
    }

    @Test
    void overlappingRunsAndGranulesLargerThanALimitFallBackToTheScan() throws Exception {
        try (LocalEngine engine = LocalEngine.open(dir, TINY, GRANULE_BYTES, GRANULE_KEYS)) {
            Random r = new Random(5);
            writeInOrder(engine, 0, 4_000, r);
            // A granule holds up to 30 pairs: 10 keys per range is below it, so the pairs themselves decide.
            assertThat(engine.splitKeysFromGranules(64 << 10, 1_000)).isNotNull();
            assertThat(engine.splitKeysFromGranules(1 << 30, 10)).isNull();
            assertThat(engine.splitKeysFromGranules(1 << 10, 1_000)).isNull();
            assertThat(hex(engine.splitKeys(1 << 30, 10))).isEqualTo(hex(scanSplitKeys(engine, 1 << 30, 10)));
            assertThat(hex(engine.splitKeys(1 << 10, 1_000))).isEqualTo(hex(scanSplitKeys(engine, 1 << 10, 1_000)));
            // A run over keys already written: the statistics are no longer exact, the scan cuts.
            writeInOrder(engine, 3_000, 5_000, r);
            assertThat(engine.splitKeysFromGranules(64 << 10, 1_000)).isNull();
            List<byte[]> splits = engine.splitKeys(64 << 10, 1_000);
            assertThat(hex(splits)).isEqualTo(hex(scanSplitKeys(engine, 64 << 10, 1_000)));
            assertThat(ranges(engine, splits).stream().mapToLong(x -> x[1]).sum()).isEqualTo(5_000);
        }
    }

    @Test
    void manyGranulesMergeTwoByTwoAndStillCutWithinTheLimits() throws Exception {
        int n = LocalEngine.MAX_GRANULES * 2 + 500;
        try (LocalEngine engine = LocalEngine.open(dir, TINY, 1, 1)) {
            try (LocalEngine.Writer w = engine.writer()) {
                for (long id = 0; id < n; id++) {
                    w.put(key(id), new byte[(int) (id % 5)]);
                }
            }
            List<byte[]> splits = engine.splitKeys(4 << 10, 100);
            assertThat(engine.splitKeysFromGranules(4 << 10, 100)).isNotNull();
            List<long[]> ranges = ranges(engine, splits);
            long total = 0;
            for (int i = 0; i < ranges.size(); i++) {
                assertThat(ranges.get(i)[0]).isLessThanOrEqualTo(4 << 10);
                assertThat(ranges.get(i)[1]).isBetween(1L, 100L);
                if (i + 1 < ranges.size()) {
                    // Merged granules hold up to 4 pairs here.
                    assertThat(ranges.get(i)[1]).isGreaterThan(96L);
                }
                total += ranges.get(i)[1];
            }
            assertThat(total).isEqualTo(n);
            // Granules of 4 pairs now: a limit below that falls back to the scan.
            assertThat(engine.splitKeysFromGranules(1 << 30, 4)).isNotNull();
            assertThat(engine.splitKeysFromGranules(1 << 30, 3)).isNull();
            assertThat(hex(engine.splitKeys(1 << 30, 3))).isEqualTo(hex(scanSplitKeys(engine, 1 << 30, 3)));
        }
    }
}
