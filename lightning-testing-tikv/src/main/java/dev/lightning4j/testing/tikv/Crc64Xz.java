package dev.lightning4j.testing.tikv;

/**
 * CRC-64/XZ (ECMA-182 polynomial reflected, {@code 0xC96C5795D7870F42}, initial value and final XOR all ones),
 * the per-pair checksum TiKV's checksum coprocessor computes over {@code key || value}. Kept here, byte at a
 * time, so that the stand-in's checksum is computed independently of the importer's own implementation.
 */
final class Crc64Xz {
    private static final long POLY = 0xC96C5795D7870F42L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64Xz() {
    }

    /** The CRC of the concatenation of {@code parts}. */
    static long of(byte[]... parts) {
        long crc = ~0L;
        for (byte[] part : parts) {
            for (byte b : part) {
                crc = TABLE[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
            }
        }
        return ~crc;
    }
}
