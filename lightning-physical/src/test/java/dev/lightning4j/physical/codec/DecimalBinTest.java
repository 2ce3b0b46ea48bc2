package dev.lightning4j.physical.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalBinTest {

    private static byte[] bin(String v, int p, int f) {
        ByteSink s = new ByteSink();
        DecimalBin.write(s, new BigDecimal(v), p, f);
        return s.toByteArray();
    }

    /** MySQL's documented example: 1234567890.1234 as DECIMAL(14,4) is 81 0D FB 38 D2 04 D2. */
    @Test
    void mysqlManualExample() {
        assertThat(bin("1234567890.1234", 14, 4)).containsExactly(Hex.bytes("81 0D FB 38 D2 04 D2"));
        assertThat(bin("-1234567890.1234", 14, 4)).containsExactly(Hex.bytes("7E F2 04 C7 2D FB 2D"));
    }

    /** TiDB MyDecimal ToBin cases (mydecimal_test.go TestToBinFromBin style): value, precision, frac. */
    @Test
    void tidbShapes() {
        assertThat(bin("1", 1, 0)).containsExactly(0x81);
        assertThat(bin("0", 1, 0)).containsExactly(0x80);
        assertThat(bin("-1", 1, 0)).containsExactly(0x7E);
        assertThat(bin("12.5", 10, 2)).containsExactly(Hex.bytes("80 00 00 0C 32"));
        assertThat(DecimalBin.binSize(65, 30)).isEqualTo(30);
        assertThat(bin("0.000000001", 10, 9)).containsExactly(Hex.bytes("80 00 00 00 01"));
    }

    @Test
    void roundsHalfAwayFromZeroAndRejectsOverflow() {
        assertThat(bin("1.005", 5, 2)).containsExactly(bin("1.01", 5, 2));
        assertThat(bin("-1.005", 5, 2)).containsExactly(bin("-1.01", 5, 2));
        assertThatThrownBy(() -> bin("1000", 5, 2)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void binaryOrderIsNumericOrder() {
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            BigDecimal a = BigDecimal.valueOf(r.nextLong() % 10_000_000_000_000L, 4);
            BigDecimal b = BigDecimal.valueOf(r.nextInt(3) == 0 ? a.unscaledValue().longValue() + r.nextInt(3) - 1
                    : r.nextLong() % 10_000_000_000_000L, 4);
            assertThat(Integer.signum(Arrays.compareUnsigned(bin(a.toPlainString(), 20, 4), bin(b.toPlainString(), 20, 4))))
                    .as("%s vs %s", a, b).isEqualTo(a.compareTo(b));
        }
    }
}
