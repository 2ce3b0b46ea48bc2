package dev.lightning4j.physical.checksum;

/**
 * A table's checksum as TiDB's {@code ADMIN CHECKSUM TABLE} reports it: the XOR of CRC-64/XZ over each
 * pair's {@code key || value}, the number of pairs, and their total key plus value bytes. XOR makes it
 * independent of order and lets partial checksums (per engine, per thread) be merged. Not thread-safe;
 * merge per-thread instances with {@link #add(KvChecksum)}.
 */
public final class KvChecksum {
    private long checksum;
    private long kvs;
    private long bytes;

    public KvChecksum() {
    }

    public KvChecksum(long checksum, long kvs, long bytes) {
        this.checksum = checksum;
        this.kvs = kvs;
        this.bytes = bytes;
    }

    public void update(byte[] key, byte[] value) {
        long crc = Crc64.update(0, key, 0, key.length);
        crc = Crc64.update(crc, value, 0, value.length);
        checksum ^= crc;
        kvs++;
        bytes += key.length + value.length;
    }

    /** Merges another checksum (for example another thread's) into this one. */
    public void add(KvChecksum other) {
        checksum ^= other.checksum;
        kvs += other.kvs;
        bytes += other.bytes;
    }

    public long checksum() {
        return checksum;
    }

    public long kvs() {
        return kvs;
    }

    public long bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "checksum=" + Long.toUnsignedString(checksum) + " kvs=" + kvs + " bytes=" + bytes;
    }
}
