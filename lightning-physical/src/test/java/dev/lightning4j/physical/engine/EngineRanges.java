package dev.lightning4j.physical.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.kv.KvPair;
import java.util.ArrayList;
import java.util.List;

/** Test helper: the ranges that split keys cut an engine's pairs into, read back from the engine. */
final class EngineRanges {
    private EngineRanges() {
    }

    /** One range: its key+value bytes, its pairs, and the key+value bytes of its first pair. */
    record Range(long bytes, long keys, long firstPairBytes) {
    }

    /** The ranges {@code splits} cut, checking every split key is a stored key. */
    static List<Range> of(LocalEngine engine, List<byte[]> splits) {
        List<byte[]> bounds = new ArrayList<>();
        bounds.add(null);
        bounds.addAll(splits);
        bounds.add(null);
        List<Range> out = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            long bytes = 0;
            long keys = 0;
            long first = 0;
            try (LocalEngine.KvIterator it = engine.iterator(bounds.get(i), bounds.get(i + 1))) {
                while (it.hasNext()) {
                    KvPair p = it.next();
                    long size = p.key().length + p.value().length;
                    if (keys == 0) {
                        if (i > 0) {
                            assertThat(p.key()).as("split key %d is a stored key", i).isEqualTo(bounds.get(i));
                        }
                        first = size;
                    }
                    bytes += size;
                    keys++;
                }
            }
            out.add(new Range(bytes, keys, first));
        }
        return out;
    }

    /** Every range holds 1 to {@code maxKeys} pairs of at most {@code maxBytes}; returns the pairs in all. */
    static long assertWithinLimits(List<Range> ranges, long maxBytes, long maxKeys) {
        long all = 0;
        for (Range r : ranges) {
            assertThat(r.bytes()).isLessThanOrEqualTo(maxBytes);
            assertThat(r.keys()).isBetween(1L, maxKeys);
            all += r.keys();
        }
        return all;
    }

    /**
     * {@code splits} is the greedy cut of the engine's sorted pairs: each range within the limits (a lone pair
     * may exceed {@code maxBytes}), and each but the last as full as they allow, its next pair fitting no more.
     * Only one list of split keys has these properties.
     */
    static void assertGreedyCut(LocalEngine engine, List<byte[]> splits, long maxBytes, long maxKeys) {
        List<Range> ranges = of(engine, splits);
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            assertThat(r.keys()).as("range %d", i).isBetween(1L, maxKeys);
            if (r.keys() > 1) {
                assertThat(r.bytes()).as("range %d", i).isLessThanOrEqualTo(maxBytes);
            }
            if (i + 1 < ranges.size()) {
                assertThat(r.bytes() + ranges.get(i + 1).firstPairBytes() > maxBytes || r.keys() + 1 > maxKeys)
                        .as("range %d (%d bytes, %d keys) could take the next pair under %s", i, r.bytes(), r.keys(),
                                List.of(maxBytes, maxKeys))
                        .isTrue();
            }
        }
    }
}
