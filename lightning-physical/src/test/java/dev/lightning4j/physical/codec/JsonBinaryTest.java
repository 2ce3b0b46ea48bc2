package dev.lightning4j.physical.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonBinaryTest {

    /** The TiKV row test's {"key":"value"}. */
    @Test
    void objectGoldenVector() {
        assertThat(JsonBinary.fromText("{\"key\":\"value\"}")).containsExactly(Hex.bytes(
                "01 01 00 00 00 1C 00 00 00 13 00 00 00 03 00 0C 16 00 00 00 6B 65 79 05 76 61 6C 75 65"));
    }

    @Test
    void scalars() {
        assertThat(JsonBinary.fromText("null")).containsExactly(0x04, 0x00);
        assertThat(JsonBinary.fromText(" true ")).containsExactly(0x04, 0x01);
        assertThat(JsonBinary.fromText("false")).containsExactly(0x04, 0x02);
        assertThat(JsonBinary.fromText("-2")).containsExactly(Hex.bytes("09 FE FF FF FF FF FF FF FF"));
        assertThat(JsonBinary.fromText("18446744073709551615")).containsExactly(Hex.bytes("0A FF FF FF FF FF FF FF FF"));
        assertThat(JsonBinary.fromText("1.5")).containsExactly(Hex.bytes("0B 00 00 00 00 00 00 F8 3F"));
        assertThat(JsonBinary.fromText("1e0")).containsExactly(Hex.bytes("0B 00 00 00 00 00 00 F0 3F"));
        assertThat(JsonBinary.fromText("\"a\\u00e9\"")).containsExactly(Hex.bytes("0C 03 61 C3 A9"));
    }

    /** Arrays inline literals in the value entry and point at everything else. */
    @Test
    void arrayWithInlineLiteral() {
        // count 2, size 8+10+8 = 26; entry 1 literal true inline, entry 2 int64 at offset 18.
        assertThat(JsonBinary.fromText("[true, 1]")).containsExactly(Hex.bytes(
                "03 02 00 00 00 1A 00 00 00 04 01 00 00 00 09 12 00 00 00 01 00 00 00 00 00 00 00"));
    }

    @Test
    void objectKeysSortedByBytesLastDuplicateWins() {
        byte[] a = JsonBinary.fromText("{\"b\":1,\"a\":2,\"b\":3}");
        byte[] b = JsonBinary.fromText("{\"a\":2,\"b\":3}");
        assertThat(a).containsExactly(b);
        // Key "a" comes first: its entry offset is 8 + 2*6 + 2*5 = 30.
        assertThat(a[9]).isEqualTo((byte) 30);
    }

    @Test
    void rejectsInvalidJson() {
        assertThatThrownBy(() -> JsonBinary.fromText("{a:1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonBinary.fromText("[1,]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonBinary.fromText("01")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonBinary.fromText("1 2")).isInstanceOf(IllegalArgumentException.class);
    }
}
