package dev.lightning4j.physical.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
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

    /** Writes ids [from, to) in order through one writer (sorted runs that never overlap); values 0..400 bytes. */
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
                List<EngineRanges.Range> ranges = EngineRanges.of(engine, splits);
                assertThat(EngineRanges.assertWithinLimits(ranges, maxBytes, maxKeys)).isEqualTo(9_000);
                for (int i = 0; i + 1 < ranges.size(); i++) {
                    EngineRanges.Range range = ranges.get(i);
                    // Cut only where the next granule would not fit: short of a limit by under a granule.
                    assertThat(range.bytes() + GRANULE_BYTES + MAX_PAIR > maxBytes
                            || range.keys() + GRANULE_KEYS > maxKeys)
                            .as("range %d of %s (%d bytes, %d keys) is not full", i, List.of(maxBytes, maxKeys),
                                    range.bytes(), range.keys())
                            .isTrue();
                }
                assertThat(engine.stats().kvs()).isEqualTo(9_000);
                // No more ranges than the full scan's cut needs, bar the granules' slack.
                int scanned = engine.splitKeysByScan(maxBytes, maxKeys).size() + 1;
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
            EngineRanges.assertGreedyCut(engine, engine.splitKeys(1 << 30, 10), 1 << 30, 10);
            EngineRanges.assertGreedyCut(engine, engine.splitKeys(1 << 10, 1_000), 1 << 10, 1_000);
            // A run over keys already written: the statistics are no longer exact, the scan cuts.
            writeInOrder(engine, 3_000, 5_000, r);
            assertThat(engine.splitKeysFromGranules(64 << 10, 1_000)).isNull();
            List<byte[]> splits = engine.splitKeys(64 << 10, 1_000);
            EngineRanges.assertGreedyCut(engine, splits, 64 << 10, 1_000);
            assertThat(EngineRanges.of(engine, splits).stream().mapToLong(EngineRanges.Range::keys).sum()).isEqualTo(5_000);
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
            List<EngineRanges.Range> ranges = EngineRanges.of(engine, splits);
            assertThat(EngineRanges.assertWithinLimits(ranges, 4 << 10, 100)).isEqualTo(n);
            for (int i = 0; i + 1 < ranges.size(); i++) {
                // Merged granules hold up to 4 pairs here.
                assertThat(ranges.get(i).keys()).isGreaterThan(96L);
            }
            // Granules of 4 pairs now: a limit below that falls back to the scan.
            assertThat(engine.splitKeysFromGranules(1 << 30, 4)).isNotNull();
            assertThat(engine.splitKeysFromGranules(1 << 30, 3)).isNull();
            EngineRanges.assertGreedyCut(engine, engine.splitKeys(1 << 30, 3), 1 << 30, 3);
        }
    }
}
