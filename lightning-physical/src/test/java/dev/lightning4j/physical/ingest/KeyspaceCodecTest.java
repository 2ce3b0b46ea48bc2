package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.physical.checksum.KvChecksum;
import dev.lightning4j.physical.engine.EngineOptions;
import dev.lightning4j.physical.engine.LocalEngine;
import dev.lightning4j.physical.engine.SortedPairs;
import dev.lightning4j.physical.kv.KvPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tikv.kvproto.Kvrpcpb;

/** The keyspace codec: prefixes (client-go's vectors), range mapping, the prefixed checksum and the prefixed view. */
class KeyspaceCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] cat(byte[] a, byte[] c) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }

    @Test
    void prefixIsTxnModeAndTheIdAsThreeBytesBigEndian() {
        // client-go apicodec tests: keyspace 4242 has prefix {mode, 0, 16, 146} and ends at {mode, 0, 16, 147}.
        KeyspaceCodec c = KeyspaceCodec.v2("ks", 4242);
        assertThat(c.prefix()).containsExactly('x', 0, 16, 146);
        assertThat(c.isV2()).isTrue();
        assertThat(c.apiVersion()).isEqualTo(Kvrpcpb.APIVersion.V2);
        assertThat(c.encodeRange(new KeyRange(new byte[0], new byte[0])).end()).containsExactly('x', 0, 16, 147);
        assertThat(KeyspaceCodec.v2("first", 0).prefix()).containsExactly('x', 0, 0, 0);
        assertThat(KeyspaceCodec.v2("carry", 0x00FFFF).encodeRange(new KeyRange(new byte[0], new byte[0])).end())
                .containsExactly('x', 1, 0, 0);
        // The last keyspace ends where the transactional key mode ends.
        KeyspaceCodec last = KeyspaceCodec.v2("last", KeyspaceCodec.MAX_ID);
        assertThat(last.prefix()).containsExactly('x', 255, 255, 255);
        assertThat(last.encodeRange(new KeyRange(new byte[0], new byte[0])).end()).containsExactly('y', 0, 0, 0);
        assertThatThrownBy(() -> KeyspaceCodec.v2("big", KeyspaceCodec.MAX_ID + 1L))
                .hasMessageContaining("outside 0..16777215");
        assertThat(c.toString()).contains("ks").contains("4242").contains("78001092");
    }

    @Test
    void keysAndRangesGetThePrefixAndComeBackWithoutIt() {
        KeyspaceCodec c = KeyspaceCodec.v2("ks", 4242);
        byte[] key = b("t\u0080\0\0\0\0\0\0\u0070_r1");
        byte[] stored = c.encodeKey(key);
        assertThat(HEX.formatHex(stored)).isEqualTo("78001092" + HEX.formatHex(key));
        assertThat(c.owns(stored)).isTrue();
        assertThat(c.owns(key)).isFalse();
        assertThat(c.decodeKey(stored)).isEqualTo(key);
        assertThatThrownBy(() -> c.decodeKey(key)).hasMessageContaining("not in keyspace ks");
        KeyRange r = c.encodeRange(new KeyRange(b("t1"), b("t2")));
        assertThat(r.start()).isEqualTo(cat(c.prefix(), b("t1")));
        assertThat(r.end()).isEqualTo(cat(c.prefix(), b("t2")));
        assertThatThrownBy(() -> new KeyRange(b("t2"), b("t1"))).hasMessage("key range start after end: [7432, 7431)");
        // The empty start is the keyspace's first key, the empty end (unbounded) its end.
        assertThat(c.encodeRange(new KeyRange(new byte[0], b("t"))).start()).isEqualTo(c.prefix());
        KeyRange all = c.encodeRange(new KeyRange(new byte[0], new byte[0]));
        assertThat(all.start()).isEqualTo(c.prefix());
        assertThat(all.end()).containsExactly('x', 0, 16, 147);
    }

    @Test
    void v1ChangesNothing() {
        KeyspaceCodec v1 = KeyspaceCodec.V1;
        byte[] key = b("t_r");
        assertThat(v1.isV2()).isFalse();
        assertThat(v1.apiVersion()).isEqualTo(Kvrpcpb.APIVersion.V1);
        assertThat(v1.encodeKey(key)).isSameAs(key);
        KeyRange r = new KeyRange(b("a"), b("b"));
        assertThat(v1.encodeRange(r)).isSameAs(r);
        assertThat(v1.prefixLength()).isZero();
        KvChecksum plain = new KvChecksum();
        plain.update(key, b("v"));
        KvChecksum viaCodec = v1.newChecksum();
        viaCodec.update(key, b("v"));
        assertThat(viaCodec.toString()).isEqualTo(plain.toString());
    }

    @Test
    void theChecksumCountsKeysAsStoredUnderThePrefix() {
        KeyspaceCodec c = KeyspaceCodec.v2("ks", 4242);
        KvChecksum local = c.newChecksum();
        KvChecksum stored = new KvChecksum();
        for (int i = 0; i < 50; i++) {
            byte[] key = b("t_r" + i + "-".repeat(i % 17));
            byte[] value = b("v".repeat(i));
            local.update(key, value);
            stored.update(c.encodeKey(key), value);
        }
        assertThat(local.checksum()).isEqualTo(stored.checksum());
        assertThat(local.kvs()).isEqualTo(50);
        assertThat(local.bytes()).isEqualTo(stored.bytes());
        KvChecksum unprefixed = new KvChecksum();
        unprefixed.update(b("t_r0"), new byte[0]);
        KvChecksum one = c.newChecksum();
        one.update(b("t_r0"), new byte[0]);
        assertThat(one.checksum()).isNotEqualTo(unprefixed.checksum());
        assertThat(one.bytes()).isEqualTo(unprefixed.bytes() + 4);
    }

    @Test
    void theViewShowsEveryPairUnderThePrefixAndClampsBoundsToTheKeyspace() throws Exception {
        KeyspaceCodec c = KeyspaceCodec.v2("ks", 4242);
        byte[] p = c.prefix();
        try (LocalEngine e = LocalEngine.open(dir, EngineOptions.defaults())) {
            List<KvPair> pairs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                pairs.add(new KvPair(b(String.format("k%03d", i)), b("value-" + i)));
            }
            e.write(pairs);
            e.flush();
            SortedPairs view = c.encode(e);
            assertThat(KeyspaceCodec.V1.encode(e)).isSameAs(e);

            // Open bounds and bounds around the keyspace show everything, prefixed, with peeked keys alike.
            for (byte[][] bounds : new byte[][][] {{null, null}, {b("a"), b("z")}, {p, cat(p, new byte[] {(byte) 0xFF})}}) {
                List<String> seen = new ArrayList<>();
                try (SortedPairs.Cursor it = view.iterator(bounds[0], bounds[1])) {
                    byte[] small = new byte[2];
                    while (it.hasNext()) {
                        int n = it.peekKey(small);
                        assertThat(n).isEqualTo(8);
                        byte[] peeked = new byte[n];
                        assertThat(it.peekKey(peeked)).isEqualTo(8);
                        KvPair next = it.next();
                        assertThat(next.key()).isEqualTo(peeked);
                        seen.add(new String(next.key(), 4, 4, StandardCharsets.US_ASCII));
                        assertThat(java.util.Arrays.copyOf(next.key(), 4)).isEqualTo(p);
                    }
                }
                assertThat(seen).hasSize(30).first().isEqualTo("k000");
            }
            // Bounds inside the keyspace cut as on TiDB's keys.
            try (SortedPairs.Cursor it = view.iterator(cat(p, b("k010")), cat(p, b("k012")))) {
                assertThat(it.next().key()).isEqualTo(cat(p, b("k010")));
                byte[] value = new byte[16];
                assertThat(it.peekValue(value)).isEqualTo(8);
                it.skip();
                assertThat(it.hasNext()).isFalse();
            }
            // Ranges wholly before or after the keyspace hold nothing.
            try (SortedPairs.Cursor it = view.iterator(null, p)) {
                assertThat(it.hasNext()).isFalse();
            }
            try (SortedPairs.Cursor it = view.iterator(b("y"), null)) {
                assertThat(it.hasNext()).isFalse();
            }
            assertThat(view.lastKey(null, null)).isEqualTo(cat(p, b("k029")));
            assertThat(view.lastKey(null, cat(p, b("k005")))).isEqualTo(cat(p, b("k004")));
            assertThat(view.lastKey(b("y"), null)).isNull();
            List<byte[]> splits = view.splitKeys(1 << 20, 10);
            assertThat(splits).extracting(HEX::formatHex).containsExactly(
                    HEX.formatHex(cat(p, b("k010"))), HEX.formatHex(cat(p, b("k020"))));
        }
    }
}
