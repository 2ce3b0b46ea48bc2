package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * TiDB's meta keys, derived by hand from its {@code structure} package: {@code 'm'}, then
 * {@code codec.EncodeBytes(hash)} (8-byte groups, the last zero-padded, each followed by {@code 0xFF - pad}),
 * {@code codec.EncodeUint('h')} (8 bytes big-endian) and {@code codec.EncodeBytes(field)}.
 */
class MetaKeysTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void shortHashAndFieldTakeOnePaddedGroupEach() {
        // 'm' | "DB:1" + 4 pad, marker FF-4 | 'h' as uint64 | "TID:100" + 1 pad, marker FF-1
        assertThat(hex(MetaKeys.rowIdAllocator(1, 100))).isEqualTo("6d"
                + "44423a31" + "00000000" + "fb"
                + "0000000000000068"
                + "5449443a313030" + "00" + "fe");
        // "IID:104": the AUTO_INCREMENT allocator of an AUTO_ID_CACHE=1 table.
        assertThat(hex(MetaKeys.autoIncrementAllocator(2, 104))).isEqualTo("6d"
                + "44423a32" + "00000000" + "fb"
                + "0000000000000068"
                + "4949443a313034" + "00" + "fe");
    }

    @Test
    void longerNamesSpillIntoFurtherGroupsAndAFullGroupIsFollowedByAnEmptyOne() {
        // "DB:123456" is 9 bytes: a full group (marker FF), then "6" + 7 pad (marker F8).
        // "TID:12345678" is 12 bytes: a full group, then "5678" + 4 pad (marker FB).
        assertThat(hex(MetaKeys.rowIdAllocator(123456, 12345678))).isEqualTo("6d"
                + "44423a3132333435" + "ff" + "3600000000000000" + "f8"
                + "0000000000000068"
                + "5449443a31323334" + "ff" + "3536373800000000" + "fb");
        // "TID:1234" is exactly 8 bytes: the full group, then an all-padding group (marker FF-8 = F7).
        assertThat(hex(MetaKeys.rowIdAllocator(1, 1234))).endsWith("5449443a31323334" + "ff" + "0000000000000000" + "f7");
    }

    @Test
    void theHashMetaKeyCarriesTheUpperCaseFlagAndNoField() {
        assertThat(hex(MetaKeys.hashMeta("DB:1".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("6d" + "44423a3100000000fb" + "0000000000000048");
        assertThat(hex(MetaKeys.database(42))).isEqualTo(hex("DB:42".getBytes(StandardCharsets.US_ASCII)));
    }
}
