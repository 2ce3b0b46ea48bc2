package dev.lightning4j.physical.checksum;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-64/XZ: the ECMA-182 polynomial, reflected ({@code 0xC96C5795D7870F42}), initial value and final
 * XOR all ones. Go's {@code crc64.Checksum(data, crc64.MakeTable(crc64.ECMA))}, which TiDB and TiKV use
 * for table checksums.
 */
public final class Crc64 {
    private static final long POLY = 0xC96C5795D7870F42L;
    /**
     * Slicing-by-16 tables one after another: table k at {@code [k * 256, k * 256 + 256)} advances a byte
     * through k further zero bytes. Sixteen bytes per step (two independent 8-byte loads), then 8, 4, 1.
     */
    private static final long[] T = makeTables();
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Crc64() {
    }

    private static long[] makeTables() {
        long[] t = new long[16 * 256];
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            t[i] = crc;
        }
        for (int i = 0; i < 256; i++) {
            long crc = t[i];
            for (int k = 1; k < 16; k++) {
                crc = t[(int) (crc & 0xFF)] ^ (crc >>> 8);
                t[k * 256 + i] = crc;
            }
        }
        return t;
    }

    /** Continues a running CRC (start with 0) over {@code data[off, off+len)}. */
    public static long update(long crc, byte[] data, int off, int len) {
        crc = ~crc;
        long[] t = T;
        int i = off;
        int end = off + len;
        while (end - i >= 16) {
            long a = crc ^ (long) LONG_LE.get(data, i);
            long b = (long) LONG_LE.get(data, i + 8);
            crc = t[15 * 256 + (int) (a & 0xFF)] ^ t[14 * 256 + (int) ((a >>> 8) & 0xFF)]
                    ^ t[13 * 256 + (int) ((a >>> 16) & 0xFF)] ^ t[12 * 256 + (int) ((a >>> 24) & 0xFF)]
                    ^ t[11 * 256 + (int) ((a >>> 32) & 0xFF)] ^ t[10 * 256 + (int) ((a >>> 40) & 0xFF)]
                    ^ t[9 * 256 + (int) ((a >>> 48) & 0xFF)] ^ t[8 * 256 + (int) (a >>> 56)]
                    ^ t[7 * 256 + (int) (b & 0xFF)] ^ t[6 * 256 + (int) ((b >>> 8) & 0xFF)]
                    ^ t[5 * 256 + (int) ((b >>> 16) & 0xFF)] ^ t[4 * 256 + (int) ((b >>> 24) & 0xFF)]
                    ^ t[3 * 256 + (int) ((b >>> 32) & 0xFF)] ^ t[2 * 256 + (int) ((b >>> 40) & 0xFF)]
                    ^ t[256 + (int) ((b >>> 48) & 0xFF)] ^ t[(int) (b >>> 56)];
            i += 16;
        }
        if (end - i >= 8) {
            crc ^= (long) LONG_LE.get(data, i);
            crc = t[7 * 256 + (int) (crc & 0xFF)] ^ t[6 * 256 + (int) ((crc >>> 8) & 0xFF)]
                    ^ t[5 * 256 + (int) ((crc >>> 16) & 0xFF)] ^ t[4 * 256 + (int) ((crc >>> 24) & 0xFF)]
                    ^ t[3 * 256 + (int) ((crc >>> 32) & 0xFF)] ^ t[2 * 256 + (int) ((crc >>> 40) & 0xFF)]
                    ^ t[256 + (int) ((crc >>> 48) & 0xFF)] ^ t[(int) (crc >>> 56)];
            i += 8;
        }
        if (end - i >= 4) {
            crc ^= (data[i] & 0xFFL) | (data[i + 1] & 0xFFL) << 8 | (data[i + 2] & 0xFFL) << 16
                    | (data[i + 3] & 0xFFL) << 24;
            crc = (crc >>> 32) ^ t[3 * 256 + (int) (crc & 0xFF)] ^ t[2 * 256 + (int) ((crc >>> 8) & 0xFF)]
                    ^ t[256 + (int) ((crc >>> 16) & 0xFF)] ^ t[(int) ((crc >>> 24) & 0xFF)];
            i += 4;
        }
        while (i < end) {
            crc = t[(int) ((crc ^ data[i]) & 0xFF)] ^ (crc >>> 8);
            i++;
        }
        return ~crc;
    }

    public static long checksum(byte[] data) {
        return update(0, data, 0, data.length);
    }
}
