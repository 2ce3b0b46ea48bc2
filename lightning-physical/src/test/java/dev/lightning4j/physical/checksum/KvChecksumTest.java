package dev.lightning4j.physical.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KvChecksumTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void crc64XzCheckValue() {
        assertThat(Crc64.checksum(b("123456789"))).isEqualTo(0x995DC9BBDF1939FAL);
        assertThat(Crc64.checksum(new byte[0])).isZero();
    }

    /** The slicing path must agree with byte-at-a-time over any split. */
    @Test
    void incrementalEqualsWhole() {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        long whole = Crc64.checksum(data);
        for (int cut : new int[] {0, 1, 7, 8, 9, 500, 999, 1000}) {
            long part = Crc64.update(0, data, 0, cut);
            assertThat(Crc64.update(part, data, cut, data.length - cut)).isEqualTo(whole);
        }
    }

    /** Every step (16, 8, 4 and 1 bytes) at every length and offset agrees with the bitwise definition. */
    @Test
    void agreesWithBitwiseCrcAtEveryLengthAndOffset() {
        byte[] data = new byte[80];
        new Random(2).nextBytes(data);
        for (int off = 0; off < 9; off++) {
            for (int len = 0; off + len <= data.length; len++) {
                long crc = ~0L;
                for (int i = off; i < off + len; i++) {
                    crc ^= data[i] & 0xFF;
                    for (int k = 0; k < 8; k++) {
                        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
                    }
                }
                assertThat(Crc64.update(0, data, off, len)).as("offset %d length %d", off, len).isEqualTo(~crc);
            }
        }
    }

    /** TiDB pkg/lightning/verification checksum_test.go. */
    @Test
    void tidbChecksumGoldenVector() {
        KvChecksum c = new KvChecksum();
        c.update(b("Cop"), b("PingCAP"));
        c.update(b("Introduction"), b("Inspired by Google Spanner/F1, PingCAP develops TiDB."));
        assertThat(c.checksum()).isEqualTo(4850203904608948940L);
        assertThat(c.kvs()).isEqualTo(2);
        assertThat(c.bytes()).isEqualTo(3 + 7 + 12 + 53);
    }

    @Test
    void mergeIsOrderIndependent() {
        KvChecksum a = new KvChecksum();
        KvChecksum b = new KvChecksum();
        KvChecksum all = new KvChecksum();
        for (int i = 0; i < 10; i++) {
            byte[] k = b("k" + i);
            byte[] v = b("v" + i);
            (i % 2 == 0 ? a : b).update(k, v);
        }
        for (int i = 9; i >= 0; i--) {
            all.update(b("k" + i), b("v" + i));
        }
        b.add(a);
        assertThat(b.checksum()).isEqualTo(all.checksum());
        assertThat(b.kvs()).isEqualTo(10);
        assertThat(b.bytes()).isEqualTo(all.bytes());
    }
}
