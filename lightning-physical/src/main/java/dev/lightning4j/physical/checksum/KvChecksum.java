package dev.lightning4j.physical.checksum;

/**
 * A table's checksum as TiDB's {@code ADMIN CHECKSUM TABLE} reports it: the XOR of CRC-64/XZ over each
 * pair's {@code key || value}, the number of pairs, and their total key plus value bytes. XOR makes it
 * independent of order and lets partial checksums (per engine, per thread) be merged. Not thread-safe;
 * merge per-thread instances with {@link #add(KvChecksum)}.
 *
 * <p>In a keyspace of a TiKV cluster in API V2 every key TiKV stores starts with the keyspace's 4-byte prefix, and
 * TiKV's checksum covers it: {@link #withKeyPrefix(byte[])} counts each key as if the prefix were in front of it
 * (CRC continued from the prefix's, the prefix's length in the bytes) while the local engines keep keys without it.
 */
public final class KvChecksum {
    /** The CRC of the key prefix every key is counted with (0 = none). */
    private final long base;
    private final int prefixLength;
    private long checksum;
    private long kvs;
    private long bytes;

    public KvChecksum() {
        this.base = 0;
        this.prefixLength = 0;
    }

    private KvChecksum(byte[] prefix) {
        this.base = prefix.length == 0 ? 0 : Crc64.update(0, prefix, 0, prefix.length);
        this.prefixLength = prefix.length;
    }

    /**
     * An empty checksum that counts every key {@linkplain #update updated} with {@code prefix} in front of it, as
     * TiKV's checksum sees keys stored under that prefix.
     *
     * @param prefix the key prefix (the keyspace's), empty for none
     * @return the empty checksum
     */
    public static KvChecksum withKeyPrefix(byte[] prefix) {
        return new KvChecksum(prefix);
    }

    public KvChecksum(long checksum, long kvs, long bytes) {
        this.base = 0;
        this.prefixLength = 0;
        this.checksum = checksum;
        this.kvs = kvs;
        this.bytes = bytes;
    }

    public void update(byte[] key, byte[] value) {
        long crc = Crc64.update(base, key, 0, key.length);
        crc = Crc64.update(crc, value, 0, value.length);
        checksum ^= crc;
        kvs++;
        bytes += prefixLength + key.length + value.length;
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
