package dev.lightning4j.physical.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.Hex;
import dev.lightning4j.physical.codec.TableCodec;
import java.util.Arrays;

/** Test helper: picking encoded pairs and checking them against captured bytes. */
public final class KvPairAssertions {
    private KvPairAssertions() {
    }

    /** The first pair {@code enc} writes for {@code row} under index {@code indexId} of its table. */
    public static KvPair indexPair(TableKvEncoder enc, Datum[] row, long rowId, long indexId) {
        byte[] prefix = TableCodec.indexPrefix(enc.table().id(), indexId);
        return enc.encode(row, rowId).stream()
                .filter(p -> Arrays.equals(Arrays.copyOf(p.key(), prefix.length), prefix))
                .findFirst().orElseThrow();
    }

    /** {@code actual} has exactly the key and value given in hex (see {@link Hex#bytes(String)}). */
    public static void assertPair(KvPair actual, String key, String value) {
        assertThat(Hex.str(actual.key())).isEqualTo(Hex.str(Hex.bytes(key)));
        assertThat(Hex.str(actual.value())).isEqualTo(Hex.str(Hex.bytes(value)));
    }
}
