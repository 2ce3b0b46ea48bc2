package dev.lightning4j.physical.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * MySQL's binary DECIMAL format (TiDB {@code MyDecimal.ToBin}): integer and fraction digits in groups
 * of 9 digits stored as 4-byte big-endian words, partial groups in fewer bytes; negative values have
 * every byte inverted; then the first byte's top bit is flipped so the bytes sort like the values.
 */
public final class DecimalBin {
    private static final int DIGITS_PER_WORD = 9;
    private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

    private DecimalBin() {
    }

    /** Byte length of the binary form for (precision, frac). */
    public static int binSize(int precision, int frac) {
        int digitsInt = precision - frac;
        return digitsInt / DIGITS_PER_WORD * 4 + DIG2BYTES[digitsInt % DIGITS_PER_WORD]
                + frac / DIGITS_PER_WORD * 4 + DIG2BYTES[frac % DIGITS_PER_WORD];
    }

    /**
     * Writes {@code value} in (precision, frac); the value is rounded half away from zero to {@code frac}.
     *
     * @throws ArithmeticException when the integer part has more than {@code precision - frac} digits
     */
    public static void write(ByteSink out, BigDecimal value, int precision, int frac) {
        if (precision < 1 || precision > 65 || frac < 0 || frac > 30 || frac > precision) {
            throw new IllegalArgumentException("bad decimal precision/scale " + precision + "," + frac);
        }
        BigDecimal scaled = value.setScale(frac, RoundingMode.HALF_UP);
        boolean negative = scaled.signum() < 0;
        BigInteger unscaled = scaled.unscaledValue().abs();
        String digits = unscaled.toString();
        int digitsInt = precision - frac;
        // Left-pad so the string holds exactly digitsInt + frac digits.
        int total = digitsInt + frac;
        if (digits.length() > total) {
            throw new ArithmeticException("value " + value + " out of range for DECIMAL(" + precision + "," + frac + ")");
        }
        StringBuilder sb = new StringBuilder(total);
        for (int i = digits.length(); i < total; i++) {
            sb.append('0');
        }
        sb.append(digits);
        String all = sb.toString();
        int mask = negative ? 0xFF : 0;
        int start = out.length();

        int leading = digitsInt % DIGITS_PER_WORD;
        int pos = 0;
        if (leading > 0) {
            putWord(out, Integer.parseInt(all, pos, pos + leading, 10), DIG2BYTES[leading], mask);
            pos += leading;
        }
        for (int w = 0; w < digitsInt / DIGITS_PER_WORD; w++) {
            putWord(out, Integer.parseInt(all, pos, pos + DIGITS_PER_WORD, 10), 4, mask);
            pos += DIGITS_PER_WORD;
        }
        for (int w = 0; w < frac / DIGITS_PER_WORD; w++) {
            putWord(out, Integer.parseInt(all, pos, pos + DIGITS_PER_WORD, 10), 4, mask);
            pos += DIGITS_PER_WORD;
        }
        int trailing = frac % DIGITS_PER_WORD;
        if (trailing > 0) {
            putWord(out, Integer.parseInt(all, pos, pos + trailing, 10), DIG2BYTES[trailing], mask);
        }
        // The first byte always exists: precision >= 1.
        out.set(start, out.get(start) ^ 0x80);
    }

    private static void putWord(ByteSink out, int v, int size, int mask) {
        for (int i = size - 1; i >= 0; i--) {
            out.put(((v >>> (8 * i)) & 0xFF) ^ mask);
        }
    }
}
