package dev.lightning4j.physical.model;

/**
 * The layout of an AUTO_RANDOM value, as TiDB's {@code autoid.ShardIDFormat} defines it: from the top, the sign
 * bit (signed columns only), unused bits when {@code AUTO_RANDOM(shard, range)} gives a range below 64, the shard
 * bits, then the incremental bits the table's allocator hands out. For {@code BIGINT AUTO_RANDOM(5)} that is
 * {@code | sign (1) | shard (5) | incremental (58) |}.
 *
 * @param shardBits       the shard bits ({@code auto_random_bits}, 1 to 15)
 * @param incrementalBits the bits below them: {@code range - shardBits - (signed ? 1 : 0)}
 */
public record ShardIdFormat(int shardBits, int incrementalBits) {
    /** TiDB's row ID length, the range when {@code auto_random_range_bits} is 0 (not given). */
    public static final int ROW_ID_BITS = 64;

    public ShardIdFormat {
        if (shardBits < 1 || incrementalBits < 1 || shardBits + incrementalBits > ROW_ID_BITS) {
            throw new IllegalArgumentException("AUTO_RANDOM layout of " + shardBits + " shard bits and "
                    + incrementalBits + " incremental bits does not fit 64 bits");
        }
    }

    /**
     * TiDB's {@code NewShardIDFormat}.
     *
     * @param shardBits the table's {@code auto_random_bits}
     * @param rangeBits the table's {@code auto_random_range_bits}: sign, shard and incremental bits together;
     *                  0 means 64
     * @param unsigned  whether the column is unsigned (it then has no sign bit)
     * @return the layout
     */
    public static ShardIdFormat of(int shardBits, int rangeBits, boolean unsigned) {
        int range = rangeBits == 0 ? ROW_ID_BITS : rangeBits;
        return new ShardIdFormat(shardBits, range - shardBits - (unsigned ? 0 : 1));
    }

    /** {@return the largest incremental part, {@code 2^incrementalBits - 1}} */
    public long incrementalMask() {
        return incrementalBits == 64 ? -1L : (1L << incrementalBits) - 1;
    }

    /**
     * TiDB's {@code Compose}: the low {@link #shardBits()} bits of {@code shard} above the incremental part.
     *
     * @param shard any value; only its low bits are used
     * @param id    the incremental part, at most {@link #incrementalMask()}
     * @return the AUTO_RANDOM value (as the column's unsigned bits for an unsigned column)
     */
    public long compose(long shard, long id) {
        return ((shard & ((1L << shardBits) - 1)) << incrementalBits) | id;
    }

    /**
     * The incremental part of a value, as TiDB rebases the allocator on it (values it would not rebase on, the
     * negative ones, give 0).
     *
     * @param value a value of the column (an unsigned one as its bits)
     * @return {@code value & mask}, or 0 when {@code value < 0}
     */
    public long incrementalPart(long value) {
        return value < 0 ? 0 : value & incrementalMask();
    }
}
