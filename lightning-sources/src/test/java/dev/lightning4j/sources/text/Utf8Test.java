package dev.lightning4j.sources.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {
    private static Object decode(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Utf8.decode(b, 0, b.length);
    }

    @Test
    void wellFormedTextBecomesAString() {
        byte[] b = "xa\0é€😀".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.decode(b, 1, b.length - 1)).isEqualTo("a\0é€😀");
        assertThat(decode()).isEqualTo("");
    }

    @Test
    void malformedBytesStayBytes() {
        int[][] bad = {
            {0xFF}, {0x80}, {0xC3}, {0xC0, 0x80}, {0xE0, 0x80, 0x80}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80},
            {0xF0, 0x9F, 0x98}, {'a', 0xE2, 0x82, 'b'}, {0xF5, 0x80, 0x80, 0x80},
        };
        for (int[] b : bad) {
            assertThat(decode(b)).isInstanceOf(byte[].class);
            assertThat((byte[]) decode(b)).hasSize(b.length);
        }
    }
}
