package dev.lightning4j.physical.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SortBufferTest {
    /** Sorted, deduplicated (last put wins) contents of the buffer. */
    private static List<byte[][]> drain(SortBuffer b) {
        b.sort();
        List<byte[][]> out = new ArrayList<>();
        byte[] a = b.arena();
        for (int i = 0; i < b.sortedCount(); i++) {
            int p = b.sorted(i);
            out.add(new byte[][] {b.key(p),
                Arrays.copyOfRange(a, b.valueOffset(p), b.valueOffset(p) + b.valueLength(p))});
        }
        return out;
    }

    private static void assertSameAs(TreeMap<byte[], byte[]> expected, List<byte[][]> actual) {
        assertThat(actual).hasSize(expected.size());
        int i = 0;
        for (Map.Entry<byte[], byte[]> e : expected.entrySet()) {
            assertThat(actual.get(i)[0]).as("key %d", i).containsExactly(e.getKey());
            assertThat(actual.get(i)[1]).as("value of key %d", i).containsExactly(e.getValue());
            i++;
        }
    }

    @Test
    void sortsByUnsignedBytesAndKeepsTheLastOfEqualKeys() {
        Random r = new Random(7);
        for (int round = 0; round < 20; round++) {
            SortBuffer b = new SortBuffer(64L << 20);
            TreeMap<byte[], byte[]> expected = new TreeMap<>(Arrays::compareUnsigned);
            // A shared prefix of varying length, then few distinct bytes so that 8-byte prefixes tie often,
            // keys that differ only by trailing zero bytes, and repeated keys.
            // Odd rounds: long keys over two byte values, so that runs tie over several 8-byte steps.
            boolean deep = round % 2 == 1;
            byte[] common = new byte[r.nextInt(20)];
            r.nextBytes(common);
            for (int i = 0; i < 5000; i++) {
                byte[] key = Arrays.copyOf(common, common.length + r.nextInt(deep ? 40 : 14));
                for (int k = common.length; k < key.length; k++) {
                    key[k] = (byte) (deep ? (r.nextInt(8) == 0 ? 1 : 0)
                            : r.nextInt(3) == 0 ? 0 : r.nextInt(4) * 85);
                }
                byte[] value = new byte[r.nextInt(5)];
                r.nextBytes(value);
                assertThat(b.put(key, value)).isTrue();
                expected.put(key, value);
            }
            assertSameAs(expected, drain(b));
        }
    }

    @Test
    void keysPutInOrderStayInOrderAndAnyKeyOutOfOrderIsStillSorted() {
        Random r = new Random(11);
        TreeMap<byte[], byte[]> keys = new TreeMap<>(Arrays::compareUnsigned);
        while (keys.size() < 3000) {
            byte[] key = new byte[1 + r.nextInt(12)];
            r.nextBytes(key);
            keys.put(key, new byte[] {(byte) keys.size()});
        }
        List<byte[]> ascending = new ArrayList<>(keys.keySet());
        // Ascending (a copy of sorted pairs), then the same with one key moved to the end, or put twice.
        for (int variant = 0; variant < 4; variant++) {
            SortBuffer b = new SortBuffer(64L << 20);
            TreeMap<byte[], byte[]> expected = new TreeMap<>(Arrays::compareUnsigned);
            // A buffer reused after clear() with keys out of order must sort again.
            if (variant == 3) {
                b.put(new byte[] {9}, new byte[0]);
                b.put(new byte[] {1}, new byte[0]);
                drain(b);
                b.clear();
            }
            List<byte[]> order = new ArrayList<>(ascending);
            if (variant == 1) {
                order.add(order.remove(r.nextInt(order.size() - 1)));
            } else if (variant == 2) {
                order.add(order.get(order.size() / 2));
            }
            int n = 0;
            for (byte[] key : order) {
                byte[] value = {(byte) n++};
                assertThat(b.put(key, value)).isTrue();
                expected.put(key, value);
            }
            assertSameAs(expected, drain(b));
        }
    }

    @Test
    void edgeCases() {
        SortBuffer b = new SortBuffer(1 << 20);
        b.sort();
        assertThat(b.sortedCount()).isZero();
        b.put(new byte[0], new byte[] {1});
        b.put(new byte[] {0}, new byte[] {2});
        b.put(new byte[0], new byte[] {3});
        b.put(new byte[] {(byte) 0xFF}, new byte[0]);
        b.put(new byte[] {0x7F}, new byte[0]);
        List<byte[][]> out = drain(b);
        assertThat(out).hasSize(4);
        assertThat(out.get(0)[0]).isEmpty();
        assertThat(out.get(0)[1]).containsExactly(3);
        assertThat(out.get(1)[0]).containsExactly(0);
        assertThat(out.get(2)[0]).containsExactly(0x7F);
        assertThat(out.get(3)[0]).containsExactly(0xFF);
        // Cleared, it sorts the next pairs only.
        b.clear();
        b.put(new byte[] {5}, new byte[] {5});
        assertThat(drain(b)).hasSize(1);
    }

    @Test
    void memoryStaysUnderTheBound() {
        long bound = 256 << 10;
        SortBuffer b = new SortBuffer(bound);
        Random r = new Random(1);
        int refused = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] key = new byte[8 + r.nextInt(40)];
            r.nextBytes(key);
            byte[] value = new byte[r.nextInt(200)];
            if (!b.put(key, value)) {
                refused++;
                assertThat(b.count()).isPositive();
                b.sort();
                b.clear();
                assertThat(b.put(key, value)).isTrue();
            }
            assertThat(b.memoryBytes()).isLessThanOrEqualTo(bound);
        }
        assertThat(refused).isGreaterThan(10);
        // One pair larger than the bound still goes, alone.
        b.clear();
        assertThat(b.put(new byte[10], new byte[(int) bound])).isTrue();
        assertThat(b.put(new byte[1], new byte[1])).isFalse();
    }
}
