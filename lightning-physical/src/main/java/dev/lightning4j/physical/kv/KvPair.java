package dev.lightning4j.physical.kv;

import java.util.Arrays;
import java.util.HexFormat;

/** One raw TiKV key and its value. */
public record KvPair(byte[] key, byte[] value) {
    @Override
    public boolean equals(Object o) {
        return o instanceof KvPair p && Arrays.equals(key, p.key) && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(key) + " => " + HexFormat.of().formatHex(value);
    }
}
