package dev.lightning4j.physical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.codec.ByteSink;
import dev.lightning4j.physical.engine.EngineOptions;
import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.physical.engine.SortedPairs;
import dev.lightning4j.physical.kv.KvPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view the ingest reads instead of a final engine, checked against a model of what the final engine held:
 * for each TiKV key the first pair (lowest row ID) of a row not dropped, under the plain key, nothing of the notes.
 */
class StageViewTest {
    @TempDir
    Path dir;

    /** Keys of lengths around the 8-byte groups of the wrapping, many of them prefixes of others. */
    private static byte[] randomKey(Random r) {
        int n = 1 + r.nextInt(20);
        byte[] k = new byte[n];
        k[0] = 't';
        for (int i = 1; i < n; i++) {
            k[i] = (byte) (r.nextInt(4) == 0 ? 0 : r.nextInt(3) == 0 ? 0xFF : r.nextInt(4));
        }
        return k;
    }

    private record Model(TreeMap<byte[], byte[]> shown, Set<Long> dropped) {
    }

    /** Writes pairs of random keys (some shared by several rows) into {@code stage}; returns what a view shows. */
    private static Model fill(LocalEngine stage, Random r, int pairs) throws Exception {
        TreeMap<byte[], TreeMap<Long, byte[]>> byKey = new TreeMap<>(Arrays::compareUnsigned);
        List<byte[]> keys = new ArrayList<>();
        ByteSink buf = new ByteSink(64);
        List<KvPair> batch = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            byte[] key = !keys.isEmpty() && r.nextInt(5) == 0 ? keys.get(r.nextInt(keys.size())) : randomKey(r);
            keys.add(key);
            long rowId = 1 + r.nextInt(pairs / 4 + 1);
            byte[] value = new byte[r.nextInt(40)];
            r.nextBytes(value);
            byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(rowId, value);
            batch.add(new KvPair(StageKeys.encode(buf, key, rowId), value));
        }
        // The chunk notes sort below every pair and are never shown.
        batch.add(new KvPair(StageKeys.autoIncrementKey("a.sql", 0), StageKeys.longs(1, 2, 3)));
        batch.add(new KvPair(StageKeys.autoIncrementKey("zzz.sql", 99), StageKeys.longs(4, 5, 6)));
        stage.write(batch);
        stage.flush();
        Set<Long> dropped = new HashSet<>();
        for (int i = 0; i < pairs / 20; i++) {
            dropped.add(1L + r.nextInt(pairs / 4 + 1));
        }
        TreeMap<byte[], byte[]> shown = new TreeMap<>(Arrays::compareUnsigned);
        for (Map.Entry<byte[], TreeMap<Long, byte[]>> e : byKey.entrySet()) {
            for (Map.Entry<Long, byte[]> row : e.getValue().entrySet()) {
                if (!dropped.contains(row.getKey())) {
                    shown.put(e.getKey(), row.getValue());
                    break;
                }
            }
        }
        return new Model(shown, dropped);
    }

    private static TreeMap<byte[], byte[]> read(SortedPairs view, byte[] lower, byte[] upper, boolean peek) {
        TreeMap<byte[], byte[]> out = new TreeMap<>(Arrays::compareUnsigned);
        byte[] previous = null;
        try (SortedPairs.Cursor it = view.iterator(lower, upper)) {
            while (it.hasNext()) {
                byte[] k;
                byte[] v;
                if (peek) {
                    byte[] kb = new byte[4];
                    int kl = it.peekKey(kb);
                    if (kl > kb.length) {
                        kb = new byte[kl];
                        it.peekKey(kb);
                    }
                    byte[] vb = new byte[64];
                    int vl = it.peekValue(vb);
                    k = Arrays.copyOf(kb, kl);
                    v = Arrays.copyOf(vb, vl);
                    it.skip();
                } else {
                    KvPair p = it.next();
                    k = p.key();
                    v = p.value();
                }
                if (previous != null) {
                    assertThat(Arrays.compareUnsigned(previous, k)).as("keys unique and ascending").isLessThan(0);
                }
                previous = k;
                out.put(k, v);
            }
        }
        return out;
    }

    private static void assertSame(TreeMap<byte[], byte[]> actual, Map<byte[], byte[]> expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        var a = actual.entrySet().iterator();
        for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
            Map.Entry<byte[], byte[]> got = a.next();
            assertThat(got.getKey()).isEqualTo(e.getKey());
            assertThat(got.getValue()).isEqualTo(e.getValue());
        }
    }

    @Test
    void showsTheFirstPairOfEachKeyOfTheRowsKeptUnderThePlainKeyWithinAnyRange() throws Exception {
        Random r = new Random(7);
        try (LocalEngine stage = LocalEngine.open(dir.resolve("sort"), EngineOptions.defaults())) {
            Model m = fill(stage, r, 4000);
            StageView view = new StageView(stage, m.dropped()::contains);
            assertSame(read(view, null, null, false), m.shown());
            assertSame(read(view, null, new byte[0], true), m.shown());
            List<byte[]> bounds = new ArrayList<>(m.shown().keySet());
            for (int i = 0; i < 300; i++) {
                // Bounds both among the keys and between them (random keys, often prefixes of keys there).
                byte[] a = r.nextBoolean() ? bounds.get(r.nextInt(bounds.size())) : randomKey(r);
                byte[] b = r.nextBoolean() ? bounds.get(r.nextInt(bounds.size())) : randomKey(r);
                if (Arrays.compareUnsigned(a, b) > 0) {
                    byte[] t = a;
                    a = b;
                    b = t;
                }
                var expected = m.shown().subMap(a, true, b, false);
                assertSame(read(view, a, b, i % 2 == 0), expected);
                byte[] last = view.lastKey(a, b);
                if (expected.isEmpty()) {
                    assertThat(last).isNull();
                } else {
                    assertThat(last).isEqualTo(expected.lastKey());
                }
                assertThat(view.lastKey(a, null)).isEqualTo(m.shown().tailMap(a, true).lastKey());
            }
        }
    }

    @Test
    void withoutDropsEveryPairIsShownAndTheLastKeyIsTheEnginesLast() throws Exception {
        try (LocalEngine stage = LocalEngine.open(dir.resolve("sort"), EngineOptions.defaults())) {
            ByteSink buf = new ByteSink(32);
            List<KvPair> batch = new ArrayList<>();
            batch.add(new KvPair(StageKeys.autoIncrementKey("f", 0), StageKeys.longs(1)));
            for (long id = 1; id <= 100; id++) {
                batch.add(new KvPair(StageKeys.encode(buf, ("t" + (1000 + id)).getBytes(), id), new byte[] {(byte) id}));
            }
            stage.write(batch);
            StageView view = new StageView(stage, null);
            TreeMap<byte[], byte[]> all = read(view, null, null, false);
            assertThat(all).hasSize(100);
            assertThat(all.firstKey()).isEqualTo("t1001".getBytes());
            assertThat(view.lastKey(null, null)).isEqualTo("t1100".getBytes());
            // The last pair's row dropped: the key before it.
            assertThat(new StageView(stage, id -> id == 100).lastKey(null, null)).isEqualTo("t1099".getBytes());
            assertThat(new StageView(stage, id -> true).lastKey(null, null)).isNull();
            assertThat(read(new StageView(stage, id -> true), null, null, false)).isEmpty();
        }
    }

    @Test
    void splitKeysFromTheCountedSizesCutTheShownPairsWithinTheLimitsAsAScanDoes() throws Exception {
        Random r = new Random(11);
        try (LocalEngine stage = LocalEngine.open(dir.resolve("sort"), EngineOptions.defaults())) {
            Model m = fill(stage, r, 20_000);
            long total = m.shown().entrySet().stream().mapToLong(e -> e.getKey().length + e.getValue().length).sum();
            List<byte[]> scanned = new StageView(stage, m.dropped()::contains).splitKeys(total / 7, 1000);
            assertRanges(m.shown(), scanned, total / 7, 1000);
            // Granules of 4 MiB / 40,960 pairs are larger than these limits: the keys come from a scan of the view.
            StageView coarse = new StageView(stage, m.dropped()::contains).withSizes(count(stage, m, new StageView.Sizes()));
            assertThat(coarse.splitKeys(total / 7, 1000)).usingElementComparator(Arrays::compare)
                    .containsExactlyElementsOf(scanned);
            // Granules within the limits: whole granules, without a scan, each range within the limits.
            StageView.Sizes fine = count(stage, m, new StageView.Sizes(2048, 100));
            assertThat(fine.granules().size()).isGreaterThan(20);
            List<byte[]> counted = new StageView(stage, m.dropped()::contains).withSizes(fine).splitKeys(total / 7, 1000);
            assertRanges(m.shown(), counted, total / 7, 1000);
            assertThat(counted.size()).isGreaterThanOrEqualTo(scanned.size());
            for (byte[] k : counted) {
                assertThat(fine.granules().stream().anyMatch(g -> Arrays.equals(g.first(), k))).isTrue();
            }
        }
    }

    private static StageView.Sizes count(LocalEngine stage, Model m, StageView.Sizes sizes) {
        try (StageView.ViewCursor it = new StageView(stage, m.dropped()::contains).iterator(null, null)) {
            while (it.hasNext()) {
                KvPair p = it.next();
                sizes.add(p.key(), p.key().length + p.value().length);
            }
        }
        return sizes;
    }

    /** Each split key is a shown key, ascending, and the ranges between them stay within the limits. */
    private static void assertRanges(TreeMap<byte[], byte[]> shown, List<byte[]> splits, long maxBytes, long maxKeys) {
        List<byte[]> bounds = new ArrayList<>();
        bounds.add(shown.firstKey());
        bounds.addAll(splits);
        for (int i = 0; i < bounds.size(); i++) {
            assertThat(shown).containsKey(bounds.get(i));
            var range = i + 1 < bounds.size() ? shown.subMap(bounds.get(i), true, bounds.get(i + 1), false)
                    : shown.tailMap(bounds.get(i), true);
            assertThat(range).isNotEmpty();
            assertThat(range.size()).isLessThanOrEqualTo((int) maxKeys);
            assertThat(range.entrySet().stream().mapToLong(e -> e.getKey().length + e.getValue().length).sum())
                    .isLessThanOrEqualTo(maxBytes);
        }
    }
}
