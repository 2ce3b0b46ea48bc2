package dev.lightning4j.physical.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemComparableTest {

    private static byte[] enc(java.util.function.Consumer<ByteSink> f) {
        ByteSink s = new ByteSink();
        f.accept(s);
        return s.toByteArray();
    }

    @Test
    void encodeBytesMatchesTheReferenceGroups() {
        assertThat(Hex.str(MemComparable.encodeBytes(new byte[0]))).isEqualTo(Hex.str(Hex.bytes("00 00 00 00 00 00 00 00 F7")));
        assertThat(Hex.str(MemComparable.encodeBytes(new byte[] {1, 2, 3})))
                .isEqualTo(Hex.str(Hex.bytes("01 02 03 00 00 00 00 00 FA")));
        assertThat(Hex.str(MemComparable.encodeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})))
                .isEqualTo(Hex.str(Hex.bytes("01 02 03 04 05 06 07 08 FF 00 00 00 00 00 00 00 00 F7")));
        assertThat(Hex.str(MemComparable.encodeBytes("a".getBytes())))
                .isEqualTo(Hex.str(Hex.bytes("61 00 00 00 00 00 00 00 F8")));
    }

    @Test
    void intsAndFloatsHaveTheReferenceBytes() {
        assertThat(enc(s -> MemComparable.encodeInt(s, 1))).containsExactly(Hex.bytes("80 00 00 00 00 00 00 01"));
        assertThat(enc(s -> MemComparable.encodeInt(s, -1))).containsExactly(Hex.bytes("7F FF FF FF FF FF FF FF"));
        assertThat(enc(s -> MemComparable.encodeUint(s, -1L))).containsExactly(Hex.bytes("FF FF FF FF FF FF FF FF"));
        assertThat(enc(s -> MemComparable.encodeFloat(s, 1.0))).containsExactly(Hex.bytes("BF F0 00 00 00 00 00 00"));
        assertThat(enc(s -> MemComparable.encodeFloat(s, -0.0))).containsExactly(enc(s -> MemComparable.encodeFloat(s, 0.0)));
    }

    @Test
    void varintsFollowGoEncoding() {
        assertThat(enc(s -> MemComparable.encodeVarint(s, 0))).containsExactly(0);
        assertThat(enc(s -> MemComparable.encodeVarint(s, -1))).containsExactly(1);
        assertThat(enc(s -> MemComparable.encodeVarint(s, 1))).containsExactly(2);
        assertThat(enc(s -> MemComparable.encodeVarint(s, 300))).containsExactly(0xD8, 0x04);
        assertThat(enc(s -> MemComparable.encodeUvarint(s, 300))).containsExactly(0xAC, 0x02);
        assertThat(enc(s -> MemComparable.encodeUvarint(s, -1L)))
                .containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
        assertThat(enc(s -> MemComparable.encodeCompactBytes(s, new byte[] {7, 8}))).containsExactly(4, 7, 8);
    }

    @Test
    void encodedOrderIsValueOrderForRandomValues() {
        Random r = new Random(42);
        for (int i = 0; i < 2000; i++) {
            long a = r.nextInt(3) == 0 ? r.nextInt(5) - 2 : r.nextLong();
            long b = r.nextInt(3) == 0 ? r.nextInt(5) - 2 : r.nextLong();
            assertThat(Integer.signum(Arrays.compareUnsigned(enc(s -> MemComparable.encodeInt(s, a)),
                    enc(s -> MemComparable.encodeInt(s, b))))).isEqualTo(Integer.signum(Long.compare(a, b)));
            assertThat(Integer.signum(Arrays.compareUnsigned(enc(s -> MemComparable.encodeUint(s, a)),
                    enc(s -> MemComparable.encodeUint(s, b))))).isEqualTo(Integer.signum(Long.compareUnsigned(a, b)));
            double x = r.nextInt(4) == 0 ? r.nextInt(3) - 1 : r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            double y = r.nextInt(4) == 0 ? r.nextInt(3) - 1 : r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            int cmp = x == y ? 0 : Double.compare(x, y);
            assertThat(Integer.signum(Arrays.compareUnsigned(enc(s -> MemComparable.encodeFloat(s, x)),
                    enc(s -> MemComparable.encodeFloat(s, y))))).as("%s vs %s", x, y).isEqualTo(Integer.signum(cmp));
        }
    }

    @Test
    void encodedBytesSortLikeTheBytesAndDecodeBack() {
        Random r = new Random(7);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] v = new byte[r.nextInt(20)];
            for (int k = 0; k < v.length; k++) {
                v[k] = (byte) (r.nextInt(4) == 0 ? 0 : r.nextInt(256));
            }
            values.add(v);
        }
        for (int i = 1; i < values.size(); i++) {
            byte[] a = values.get(i - 1);
            byte[] b = values.get(i);
            byte[] ea = MemComparable.encodeBytes(a);
            assertThat(Integer.signum(Arrays.compareUnsigned(ea, MemComparable.encodeBytes(b))))
                    .isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b)));
            int[] next = new int[1];
            assertThat(MemComparable.decodeBytes(ea, 0, next)).containsExactly(a);
            assertThat(next[0]).isEqualTo(ea.length);
        }
    }

    @Test
    void decodesInsideALongerKeyAndRefusesBrokenGroups() {
        for (int n = 0; n <= 25; n++) {
            byte[] v = new byte[n];
            for (int k = 0; k < n; k++) {
                v[k] = (byte) (k * 37 + 1);
            }
            byte[] enc = MemComparable.encodeBytes(v);
            // Behind a prefix and followed by a row ID, as a sort engine's key holds it.
            byte[] key = new byte[3 + enc.length + 8];
            System.arraycopy(enc, 0, key, 3, enc.length);
            Arrays.fill(key, 3 + enc.length, key.length, (byte) 0x7F);
            int[] next = new int[1];
            assertThat(MemComparable.decodeBytes(key, 3, next)).as("%d bytes", n).containsExactly(v);
            assertThat(next[0]).isEqualTo(3 + enc.length);
            assertThatThrownBy(() -> MemComparable.decodeBytes(
                    Arrays.copyOf(enc, enc.length - 1), 0, new int[1])).hasMessageContaining("truncated");
            byte[] bad = enc.clone();
            bad[8] = (byte) 0xF0;
            assertThatThrownBy(() -> MemComparable.decodeBytes(bad, 0, new int[1]))
                    .hasMessageContaining("bad memcomparable marker 240");
        }
    }
}
