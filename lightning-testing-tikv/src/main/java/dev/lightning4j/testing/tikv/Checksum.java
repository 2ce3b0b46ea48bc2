package dev.lightning4j.testing.tikv;

/**
 * A checksum as TiKV's checksum coprocessor computes it.
 *
 * @param crc64Xor XOR of CRC-64/XZ over {@code key || value} of every pair
 * @param kvs      number of pairs
 * @param bytes    sum of key and value lengths
 */
public record Checksum(long crc64Xor, long kvs, long bytes) {
    /** The checksum of nothing. */
    public static final Checksum EMPTY = new Checksum(0, 0, 0);

    /**
     * This checksum with one more pair.
     *
     * @param key   the raw key
     * @param value the value
     * @return the combined checksum
     */
    public Checksum plus(byte[] key, byte[] value) {
        return new Checksum(crc64Xor ^ Crc64Xz.of(key, value), kvs + 1, bytes + key.length + value.length);
    }

    /**
     * The combination of two disjoint checksums.
     *
     * @param other the other checksum
     * @return the combined checksum
     */
    public Checksum plus(Checksum other) {
        return new Checksum(crc64Xor ^ other.crc64Xor, kvs + other.kvs, bytes + other.bytes);
    }
}
