package dev.lightning4j.physical.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Encoder output read back by an independent decoder gives the values that went in. */
class RoundTripTest {

    private static BigDecimal randomDecimal(Random r, int precision, int frac) {
        int digits = 1 + r.nextInt(precision);
        BigInteger unscaled = new BigInteger(digits * 4, r).mod(BigInteger.TEN.pow(digits));
        BigDecimal d = new BigDecimal(unscaled, Math.min(frac, digits));
        if (d.precision() - d.scale() > precision - frac) {
            d = BigDecimal.ZERO;
        }
        d = d.setScale(frac, java.math.RoundingMode.HALF_UP);
        return r.nextBoolean() ? d.negate() : d;
    }

    @Test
    void decimalsEveryShape() {
        Random r = new Random(5);
        for (int i = 0; i < 3000; i++) {
            int precision = 1 + r.nextInt(65);
            int frac = r.nextInt(Math.min(30, precision) + 1);
            BigDecimal d = randomDecimal(r, precision, frac);
            ByteSink s = new ByteSink();
            s.put(precision).put(frac);
            DecimalBin.write(s, d, precision, frac);
            byte[] b = s.toByteArray();
            int[] used = new int[1];
            Datum back = RowDecoder.decimal(b, 0, used);
            assertThat(used[0]).isEqualTo(b.length);
            assertThat(back.decimal().compareTo(d)).as("%s in (%d,%d)", d, precision, frac).isZero();
        }
    }

    @Test
    void rowsOfRandomValues() {
        Random r = new Random(9);
        RowEncoder enc = new RowEncoder();
        for (int i = 0; i < 500; i++) {
            int n = 1 + r.nextInt(12);
            long[] ids = new long[n];
            Datum[] row = new Datum[n];
            long nextId = 1 + r.nextInt(3);
            for (int k = 0; k < n; k++) {
                ids[k] = nextId;
                nextId += 1 + (r.nextInt(20) == 0 ? 300 : r.nextInt(4));
                row[k] = switch (r.nextInt(7)) {
                    case 0 -> Datum.NULL;
                    case 1 -> Datum.ofInt(r.nextLong() >> r.nextInt(64));
                    case 2 -> Datum.ofUint(r.nextLong() >>> r.nextInt(64));
                    case 3 -> Datum.ofFloat64(r.nextGaussian() * 1e6);
                    case 4 -> Datum.ofBytes(randomBytes(r, r.nextInt(3) == 0 ? 300 : 10));
                    case 5 -> Datum.ofDecimal(randomDecimal(r, 20, 5), 20, 5);
                    default -> Datum.ofDuration(r.nextLong() % 3_000_000_000_000_000L);
                };
            }
            // Shuffle the input order: the encoder must sort.
            for (int k = n - 1; k > 0; k--) {
                int j = r.nextInt(k + 1);
                long t = ids[k];
                ids[k] = ids[j];
                ids[j] = t;
                Datum d = row[k];
                row[k] = row[j];
                row[j] = d;
            }
            Map<Long, byte[]> cols = RowDecoder.columns(enc.encode(ids, row));
            assertThat(cols).hasSize(n);
            for (int k = 0; k < n; k++) {
                byte[] v = cols.get(ids[k]);
                Datum d = row[k];
                switch (d.kind()) {
                    case NULL -> assertThat(v).isNull();
                    case INT, DURATION -> assertThat(RowDecoder.signed(v)).isEqualTo(d.longValue());
                    case UINT -> assertThat(RowDecoder.unsigned(v)).isEqualTo(d.longValue());
                    case FLOAT64 -> assertThat(RowDecoder.real(v, 0)).isEqualTo(d.doubleValue());
                    case BYTES -> assertThat(v).containsExactly(d.bytes());
                    case DECIMAL -> assertThat(RowDecoder.decimal(v, 0, new int[1]).decimal()).isEqualByComparingTo(d.decimal());
                    default -> throw new AssertionError(d);
                }
            }
        }
    }

    @Test
    void keysOfRandomValues() {
        Random r = new Random(13);
        for (int i = 0; i < 500; i++) {
            List<Datum> in = new ArrayList<>();
            for (int k = 0; k < 1 + r.nextInt(5); k++) {
                in.add(switch (r.nextInt(7)) {
                    case 0 -> Datum.NULL;
                    case 1 -> Datum.ofInt(r.nextLong());
                    case 2 -> Datum.ofUint(r.nextLong());
                    case 3 -> Datum.ofFloat64(r.nextGaussian());
                    case 4 -> Datum.ofBytes(randomBytes(r, 20));
                    case 5 -> Datum.ofDecimal(randomDecimal(r, 30, 10), 30, 10);
                    default -> Datum.ofDuration(r.nextLong() % 3_000_000_000_000_000L);
                });
            }
            List<Datum> out = RowDecoder.keyDatums(KeyEncoder.encode(in), 0);
            assertThat(out).hasSize(in.size());
            for (int k = 0; k < in.size(); k++) {
                if (in.get(k).kind() == Datum.Kind.DECIMAL) {
                    assertThat(out.get(k).decimal()).isEqualByComparingTo(in.get(k).decimal());
                } else {
                    assertThat(out.get(k)).isEqualTo(in.get(k));
                }
            }
        }
    }

    private static byte[] randomBytes(Random r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }
}
