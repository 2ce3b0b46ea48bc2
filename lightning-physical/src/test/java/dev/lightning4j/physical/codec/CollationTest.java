package dev.lightning4j.physical.codec;

import static dev.lightning4j.physical.codec.SortKeys.key;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CollationTest {

    @Test
    void binaryKeepsEverythingBinTrimsTrailingSpacesOnly() {
        assertThat(key(Collations.BINARY, "a  ")).containsExactly('a', ' ', ' ');
        assertThat(key(Collations.UTF8MB4_BIN, "a \t ")).containsExactly('a', ' ', '\t');
        assertThat(key(Collations.UTF8MB4_0900_BIN, "a ")).containsExactly('a', ' ');
        assertThat(Collations.UTF8MB4_BIN.isPaddingBin()).isTrue();
        assertThat(Collations.UTF8MB4_0900_BIN.isPaddingBin()).isFalse();
        assertThat(Collations.forName("LATIN1_BIN")).get().matches(Collation::isPaddingBin);
        assertThat(Collations.forName("gbk_chinese_ci")).isEmpty();
    }

    /** Weights from the TiKV/TiDB general_ci tables: 'A' and 'a' weigh 0x0041, 'ß' 0x0053, 'é' 0x0045. */
    @Test
    void generalCiFoldsCaseAndAccents() {
        Collation ci = Collations.UTF8MB4_GENERAL_CI;
        assertThat(key(ci, "A ")).containsExactly(0x00, 0x41);
        assertThat(key(ci, "a")).containsExactly(0x00, 0x41);
        assertThat(key(ci, "é")).containsExactly(key(ci, "E"));
        assertThat(key(ci, "ß")).containsExactly(0x00, 0x53);
        assertThat(key(ci, "Ä")).containsExactly(0x00, 0x41);
        // Planes without a table weigh themselves, runes above U+FFFF weigh U+FFFD.
        assertThat(key(ci, "中")).containsExactly(0x4E, 0x2D);
        assertThat(key(ci, "😀")).containsExactly(0xFF, 0xFD);
        assertThat(key(ci, "ａ")).containsExactly(0xFF, 0x21);
    }

    @Test
    void generalCiInvalidUtf8WeighsAsReplacementPerByte() {
        assertThat(Collations.UTF8MB4_GENERAL_CI.key(new byte[] {(byte) 0xC3, 'a'}))
                .containsExactly(0xFF, 0xFD, 0x00, 0x41);
    }

    @Test
    void tailSpaceCount() {
        assertThat(Collations.tailSpaceCount("a  ".getBytes())).isEqualTo(2);
        assertThat(Collations.tailSpaceCount("   ".getBytes())).isEqualTo(3);
        assertThat(Collations.tailSpaceCount("a\t".getBytes())).isZero();
    }
}
