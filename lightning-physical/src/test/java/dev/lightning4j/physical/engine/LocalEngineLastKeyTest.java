package dev.lightning4j.physical.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEngineLastKeyTest {
    @TempDir
    Path dir;

    private static byte[] k(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void lastKeyWithinBoundsUpperExclusive() throws Exception {
        try (LocalEngine e = LocalEngine.open(dir, new EngineOptions(1 << 20, 1024, 1))) {
            try (LocalEngine.Writer w = e.writer()) {
                w.put(k(1), k(0));
                w.put(k(2, 0xFF), k(0));
                w.put(k(3), k(0));
                w.put(k(0x80), k(0));
            }
            assertThat(e.lastKey(null, null)).isEqualTo(k(0x80));
            assertThat(e.lastKey(k(1), k(3))).isEqualTo(k(2, 0xFF));
            assertThat(e.lastKey(k(1), k(2, 0xFF))).isEqualTo(k(1));
            assertThat(e.lastKey(k(4), k(0x7F))).isNull();
            assertThat(e.lastKey(k(3), null)).isEqualTo(k(0x80));
            e.flush();
            assertThat(e.lastKey(null, k(0x80))).isEqualTo(k(3));
        }
    }
}
