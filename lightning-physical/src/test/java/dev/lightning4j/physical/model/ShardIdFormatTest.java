package dev.lightning4j.physical.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The AUTO_RANDOM layout against values worked out by hand from TiDB's {@code autoid.ShardIDFormat}:
 * {@code incrementalBits = (rangeBits == 0 ? 64 : rangeBits) - shardBits - (signed ? 1 : 0)} and
 * {@code Compose(shard, id) = ((shard & (1 << shardBits - 1)) << incrementalBits) | id}.
 */
class ShardIdFormatTest {

    @Test
    void signedBigintWithFiveShardBitsLeavesFiftyEightIncrementalBits() {
        ShardIdFormat f = ShardIdFormat.of(5, 0, false);
        assertThat(f.incrementalBits()).isEqualTo(58); // 64 - 5 - 1 (sign)
        assertThat(f.incrementalMask()).isEqualTo(288_230_376_151_711_743L); // 2^58 - 1
        // shard 22 = 0b10110: 22 * 2^58 = 6_341_068_275_337_658_368, plus id 12_345
        assertThat(f.compose(22, 12_345)).isEqualTo(6_341_068_275_337_670_713L);
        // only the low 5 bits of the shard count: 0xFFFF & 0b11111 = 31; 31 * 2^58 + 1
        assertThat(f.compose(0xFFFF, 1)).isEqualTo(8_935_141_660_703_064_065L);
        // the sign bit stays clear whatever the shard
        assertThat(f.compose(-1, f.incrementalMask())).isEqualTo(Long.MAX_VALUE);
        assertThat(f.compose(0, 7)).isEqualTo(7);
    }

    @Test
    void unsignedColumnsUseTheSignBitForTheShard() {
        ShardIdFormat f = ShardIdFormat.of(5, 0, true);
        assertThat(f.incrementalBits()).isEqualTo(59); // 64 - 5, no sign bit
        // 31 * 2^59 + 1 = 17_870_283_321_406_128_129, above 2^63: the bits of an unsigned value
        assertThat(f.compose(31, 1)).isEqualTo(Long.parseUnsignedLong("17870283321406128129"));
    }

    @Test
    void aRangeBelowSixtyFourLeavesTheTopBitsUnused() {
        ShardIdFormat f = ShardIdFormat.of(5, 32, false); // AUTO_RANDOM(5, 32)
        assertThat(f.incrementalBits()).isEqualTo(26); // 32 - 5 - 1
        assertThat(f.incrementalMask()).isEqualTo(67_108_863L); // 2^26 - 1
        assertThat(f.compose(7, 1000)).isEqualTo(469_763_048L); // 7 * 2^26 = 469_762_048, plus 1000
    }

    @Test
    void theIncrementalPartIsWhatTidbRebasesOn() {
        ShardIdFormat f = ShardIdFormat.of(5, 0, false);
        assertThat(f.incrementalPart(6_341_068_275_337_670_713L)).isEqualTo(12_345);
        assertThat(f.incrementalPart(42)).isEqualTo(42);
        assertThat(f.incrementalPart(-5)).isZero(); // TiDB does not rebase on negative values
    }

    @Test
    void layoutsThatDoNotFitAreRefused() {
        assertThatThrownBy(() -> ShardIdFormat.of(0, 0, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShardIdFormat(15, 50)).isInstanceOf(IllegalArgumentException.class);
    }
}
