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
    /** The eight slicing tables one after another: table k at {@code [k * 256, k * 256 + 256)}. */
    private static final long[] TABLES = flatten(makeTables());
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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

    private static long[] flatten(long[][] t) {
        long[] f = new long[8 * 256];
        for (int k = 0; k < 8; k++) {
            System.arraycopy(t[k], 0, f, k * 256, 256);
        }
        return f;
    }

    /** Continues a running CRC (start with 0) over {@code data[off, off+len)}. */
    public static long update(long crc, byte[] data, int off, int len) {
        crc = ~crc;
        long[] t = TABLES;
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            crc ^= (long) LONG_LE.get(data, i);
            crc = t[7 * 256 + (int) (crc & 0xFF)] ^ t[6 * 256 + (int) ((crc >>> 8) & 0xFF)]
                    ^ t[5 * 256 + (int) ((crc >>> 16) & 0xFF)] ^ t[4 * 256 + (int) ((crc >>> 24) & 0xFF)]
                    ^ t[3 * 256 + (int) ((crc >>> 32) & 0xFF)] ^ t[2 * 256 + (int) ((crc >>> 40) & 0xFF)]
                    ^ t[256 + (int) ((crc >>> 48) & 0xFF)] ^ t[(int) (crc >>> 56)];
            i += 8;
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
