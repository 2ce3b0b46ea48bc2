package dev.lightning4j.physical.checksum;

/**
 * CRC-64/XZ: the ECMA-182 polynomial, reflected ({@code 0xC96C5795D7870F42}), initial value and final
 * XOR all ones. Go's {@code crc64.Checksum(data, crc64.MakeTable(crc64.ECMA))}, which TiDB and TiKV use
 * for table checksums.
 */
public final class Crc64 {
    private static final long POLY = 0xC96C5795D7870F42L;
    private static final long[][] TABLES = makeTables();

    private Crc64() {
    }

    private static long[][] makeTables() {
        // Slicing-by-8 tables: eight bytes per step instead of one.
        long[][] t = new long[8][256];
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            t[0][i] = crc;
        }
        for (int i = 0; i < 256; i++) {
            long crc = t[0][i];
            for (int k = 1; k < 8; k++) {
                crc = t[0][(int) (crc & 0xFF)] ^ (crc >>> 8);
                t[k][i] = crc;
            }
        }
        return t;
    }

    /** Continues a running CRC (start with 0) over {@code data[off, off+len)}. */
    public static long update(long crc, byte[] data, int off, int len) {
        crc = ~crc;
        long[][] t = TABLES;
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            crc ^= (data[i] & 0xFFL) | (data[i + 1] & 0xFFL) << 8 | (data[i + 2] & 0xFFL) << 16
                    | (data[i + 3] & 0xFFL) << 24 | (data[i + 4] & 0xFFL) << 32 | (data[i + 5] & 0xFFL) << 40
                    | (data[i + 6] & 0xFFL) << 48 | (data[i + 7] & 0xFFL) << 56;
            crc = t[7][(int) (crc & 0xFF)] ^ t[6][(int) ((crc >>> 8) & 0xFF)]
                    ^ t[5][(int) ((crc >>> 16) & 0xFF)] ^ t[4][(int) ((crc >>> 24) & 0xFF)]
                    ^ t[3][(int) ((crc >>> 32) & 0xFF)] ^ t[2][(int) ((crc >>> 40) & 0xFF)]
                    ^ t[1][(int) ((crc >>> 48) & 0xFF)] ^ t[0][(int) (crc >>> 56)];
            i += 8;
        }
        while (i < end) {
            crc = t[0][(int) ((crc ^ data[i]) & 0xFF)] ^ (crc >>> 8);
            i++;
        }
        return ~crc;
    }

    public static long checksum(byte[] data) {
        return update(0, data, 0, data.length);
    }
}
