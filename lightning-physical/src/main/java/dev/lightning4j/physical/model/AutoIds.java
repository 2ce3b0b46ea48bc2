package dev.lightning4j.physical.model;

/**
 * How TiDB allocates a table's automatic IDs, from its {@code model.TableInfo}.
 *
 * @param autoRandomBits      {@code auto_random_bits}: the shard bits of the AUTO_RANDOM column, 0 when the table
 *                            has none
 * @param autoRandomRangeBits {@code auto_random_range_bits}: the bits of the AUTO_RANDOM value TiDB uses, 0 for 64
 * @param sepAutoInc          TiDB's {@code SepAutoInc()}: {@code AUTO_ID_CACHE=1} on table info version 5 or later
 *                            (TiDB 6.4 on), where AUTO_INCREMENT values come from their own allocator and
 *                            {@code _tidb_rowid} from another
 */
public record AutoIds(int autoRandomBits, int autoRandomRangeBits, boolean sepAutoInc) {
    /** No AUTO_RANDOM, one allocator for AUTO_INCREMENT and {@code _tidb_rowid}. */
    public static final AutoIds NONE = new AutoIds(0, 0, false);

    public AutoIds {
        if (autoRandomBits < 0 || autoRandomBits > 15) {
            throw new IllegalArgumentException("auto_random_bits " + autoRandomBits + " out of range (0-15)");
        }
        if (autoRandomRangeBits != 0 && (autoRandomRangeBits < 32 || autoRandomRangeBits > 64)) {
            throw new IllegalArgumentException("auto_random_range_bits " + autoRandomRangeBits
                    + " out of range (32-64)");
        }
    }

    /** {@return whether the table has an AUTO_RANDOM column} */
    public boolean autoRandom() {
        return autoRandomBits > 0;
    }
}
