package dev.lightning4j.testing.tikv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TikvKeysTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void encodesAsTheReferenceVectors() {
        assertThat(TikvKeys.encode(new byte[0])).isEqualTo(hex("00 00 00 00 00 00 00 00 F7"));
        assertThat(TikvKeys.encode(new byte[] {1, 2, 3})).isEqualTo(hex("01 02 03 00 00 00 00 00 FA"));
        assertThat(TikvKeys.encode(hex("0102030405060708")))
                .isEqualTo(hex("01 02 03 04 05 06 07 08 FF 00 00 00 00 00 00 00 00 F7"));
    }

    @Test
    void decodeInvertsEncodeAndKeepsOrder() {
        Random rnd = new Random(7);
        for (int n = 0; n < 500; n++) {
            byte[] a = new byte[rnd.nextInt(30)];
            byte[] b = new byte[rnd.nextInt(30)];
            rnd.nextBytes(a);
            rnd.nextBytes(b);
            assertThat(TikvKeys.decode(TikvKeys.encode(a))).isEqualTo(a);
            assertThat(Integer.signum(TikvKeys.compare(TikvKeys.encode(a), TikvKeys.encode(b))))
                    .isEqualTo(Integer.signum(TikvKeys.compare(a, b)));
        }
    }

    @Test
    void decodeRejectsWhatIsNotAnEncodedKey() {
        assertThatThrownBy(() -> TikvKeys.decode(hex("0102"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TikvKeys.decode(hex("01 02 03 00 00 00 00 09 FA")))
                .hasMessageContaining("padding");
        assertThatThrownBy(() -> TikvKeys.decode(hex("01 02 03 00 00 00 00 00 FA 00")))
                .hasMessageContaining("after the last group");
    }

    @Test
    void crcMatchesTheCheckValueAndTheTidbChecksumVector() {
        assertThat(Crc64Xz.of("123456789".getBytes())).isEqualTo(0x995DC9BBDF1939FAL);
        Checksum c = Checksum.EMPTY.plus("Cop".getBytes(), "PingCAP".getBytes())
                .plus("Introduction".getBytes(), "Inspired by Google Spanner/F1, PingCAP develops TiDB.".getBytes());
        assertThat(c.crc64Xor()).isEqualTo(4850203904608948940L);
        assertThat(c.kvs()).isEqualTo(2);
        assertThat(c.bytes()).isEqualTo(3 + 7 + 12 + 53);
    }
}
