package dev.lightning4j.testing.tikv;

/**
 * CRC-64/XZ (ECMA-182 polynomial reflected, {@code 0xC96C5795D7870F42}, initial value and final XOR all ones),
 * the per-pair checksum TiKV's checksum coprocessor computes over {@code key || value}. Kept here so that the
 * stand-in's checksum is computed independently of the importer's own implementation; eight bytes per step
 * (slicing-by-8), since tests checksum every pair they import.
 */
final class Crc64Xz {
    private static final long POLY = 0xC96C5795D7870F42L;
    private static final long[][] T = new long[8][256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            T[0][i] = crc;
        }
        for (int i = 0; i < 256; i++) {
            for (int k = 1; k < 8; k++) {
                T[k][i] = T[0][(int) (T[k - 1][i] & 0xFF)] ^ (T[k - 1][i] >>> 8);
            }
        }
    }

    private Crc64Xz() {
    }

    /** The CRC of the concatenation of {@code parts}. */
    static long of(byte[]... parts) {
        long crc = ~0L;
        for (byte[] part : parts) {
            crc = update(crc, part);
        }
        return ~crc;
    }

    private static long update(long crc, byte[] b) {
        int i = 0;
        int n = b.length;
        for (; i + 8 <= n; i += 8) {
            crc ^= (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                    | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48
                    | (b[i + 7] & 0xFFL) << 56;
            crc = T[7][(int) (crc & 0xFF)] ^ T[6][(int) (crc >>> 8 & 0xFF)] ^ T[5][(int) (crc >>> 16 & 0xFF)]
                    ^ T[4][(int) (crc >>> 24 & 0xFF)] ^ T[3][(int) (crc >>> 32 & 0xFF)]
                    ^ T[2][(int) (crc >>> 40 & 0xFF)] ^ T[1][(int) (crc >>> 48 & 0xFF)] ^ T[0][(int) (crc >>> 56)];
        }
        for (; i < n; i++) {
            crc = T[0][(int) ((crc ^ b[i]) & 0xFF)] ^ (crc >>> 8);
        }
        return crc;
    }
}
