package dev.lightning4j.physical.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Test helper: sort keys of strings, and how they order. */
final class SortKeys {
    private SortKeys() {
    }

    /** The key of the UTF-8 bytes of {@code s}. */
    static byte[] key(Collation c, String s) {
        return c.key(s.getBytes(StandardCharsets.UTF_8));
    }

    /** -1, 0 or 1 as the key of {@code a} sorts before, with or after the key of {@code b} (unsigned bytes). */
    static int compare(Collation c, String a, String b) {
        return Integer.signum(Arrays.compareUnsigned(key(c, a), key(c, b)));
    }
}
