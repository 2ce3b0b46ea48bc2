package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.shade.com.google.protobuf.ByteString;

class WriteBatchEncoderTest {
    /** The same batch built as protobuf messages: what the encoder must write byte for byte. */
    private static ImportSstpb.WriteBatch.Builder protobuf(long commitTs) {
        return ImportSstpb.WriteBatch.newBuilder().setCommitTs(commitTs);
    }

    private static byte[] request(ImportSstpb.WriteBatch.Builder b) {
        return ImportSstpb.WriteRequest.newBuilder().setBatch(b).build().toByteArray();
    }

    @Test
    void writesTheBytesProtobufWritesForBatchesOfEverySize() throws Exception {
        Random r = new Random(7);
        // Lengths around the varint steps (127/128, 16383/16384) for keys, values, pairs and whole batches.
        int[] lengths = {0, 1, 2, 19, 127, 128, 129, 300, 16_383, 16_384, 70_000};
        WriteBatchEncoder enc = null;
        for (int round = 0; round < 30; round++) {
            // A one-byte timestamp first, then a PD-sized one with the encoder reused from batch to batch.
            long ts = round == 0 ? 1 : 449_000_000_000_000_000L;
            if (round <= 1) {
                enc = new WriteBatchEncoder(ts, 16);
            }
            ImportSstpb.WriteBatch.Builder expected = protobuf(ts);
            int n = round < 5 ? round : 1 + r.nextInt(round < 20 ? 50 : 500);
            // Scratch arrays larger than the pairs, as the ingest loop reuses them.
            byte[] keyBuf = new byte[80_000];
            byte[] valueBuf = new byte[80_000];
            for (int i = 0; i < n; i++) {
                int kl = 1 + (r.nextBoolean() ? r.nextInt(40) : lengths[1 + r.nextInt(lengths.length - 1)]);
                int vl = r.nextBoolean() ? r.nextInt(200) : lengths[r.nextInt(lengths.length)];
                for (int j = 0; j < Math.max(kl, vl); j++) {
                    keyBuf[j] = (byte) r.nextInt();
                    valueBuf[j] = (byte) r.nextInt();
                }
                if (r.nextInt(10) == 0) {
                    enc.addDelete(keyBuf, kl);
                    expected.addPairs(ImportSstpb.Pair.newBuilder().setKey(ByteString.copyFrom(keyBuf, 0, kl))
                            .setOp(ImportSstpb.Pair.OP.Delete));
                    continue;
                }
                enc.add(keyBuf, kl, valueBuf, vl);
                expected.addPairs(ImportSstpb.Pair.newBuilder().setKey(ByteString.copyFrom(keyBuf, 0, kl))
                        .setValue(ByteString.copyFrom(valueBuf, 0, vl)));
            }
            long payload = expected.getPairsList().stream().mapToLong(p -> p.getKey().size() + p.getValue().size())
                    .sum();
            assertThat(enc.pairs()).isEqualTo(n);
            assertThat(enc.payloadBytes()).isEqualTo(payload);
            byte[] got = enc.finish();
            assertThat(got).as("round %d, %d pairs", round, n).isEqualTo(request(expected));
            // And it reads back as the same message, empty values included.
            assertThat(ImportSstpb.WriteRequest.parseFrom(got).getBatch()).isEqualTo(expected.build());
            assertThat(enc.pairs()).isZero();
            assertThat(enc.payloadBytes()).isZero();
        }
    }

    @Test
    void anEmptyBatchAndAZeroTimestampAreLeftOutAsProtobufLeavesThemOut() {
        assertThat(new WriteBatchEncoder(0, 64).finish()).isEqualTo(request(protobuf(0)));
        assertThat(new WriteBatchEncoder(5, 64).finish()).isEqualTo(request(protobuf(5)));
        WriteBatchEncoder enc = new WriteBatchEncoder(0, 64);
        enc.add(new byte[] {1, 2}, 2, new byte[0], 0);
        assertThat(enc.finish()).isEqualTo(request(protobuf(0).addPairs(ImportSstpb.Pair.newBuilder()
                .setKey(ByteString.copyFrom(new byte[] {1, 2})))));
        assertThat(Arrays.equals(enc.finish(), request(protobuf(0)))).isTrue();
    }
}
