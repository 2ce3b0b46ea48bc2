package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.physical.codec.MemComparable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tikv.kvproto.Metapb;
import org.tikv.shade.com.google.protobuf.ByteString;

/** How a region job's range is cut along the regions of an EpochNotMatch answer. */
class RegionCoverTest {
    private static byte[] k(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static RegionInfo region(long id, String start, String end) {
        Metapb.Region r = Metapb.Region.newBuilder().setId(id)
                .setStartKey(ByteString.copyFrom(start.isEmpty() ? new byte[0] : MemComparable.encodeBytes(k(start))))
                .setEndKey(ByteString.copyFrom(end.isEmpty() ? new byte[0] : MemComparable.encodeBytes(k(end))))
                .addPeers(Metapb.Peer.newBuilder().setId(id * 10).setStoreId(1)).build();
        return new RegionInfo(r, r.getPeers(0));
    }

    private static String show(List<TikvCluster.Job> jobs) {
        StringBuilder sb = new StringBuilder();
        for (TikvCluster.Job j : jobs) {
            sb.append(new String(j.start, java.nio.charset.StandardCharsets.US_ASCII)).append('-')
                    .append(new String(j.end, java.nio.charset.StandardCharsets.US_ASCII)).append(':')
                    .append(j.region == null ? "scan" : String.valueOf(j.region.id())).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void regionsCoveringTheJobGiveOneJobEach() {
        TikvCluster.Job job = new TikvCluster.Job(k("b"), k("m"), null, 1, "x");
        List<TikvCluster.Job> parts = TikvCluster.cover(job, List.of(region(2, "f", ""), region(1, "", "f")));
        assertThat(show(parts)).isEqualTo("b-f:1 f-m:2");
        assertThat(parts).allSatisfy(p -> assertThat(p.attempts).isEqualTo(1));
    }

    @Test
    void partsNoRegionCoversAreLookedUpAgain() {
        TikvCluster.Job job = new TikvCluster.Job(k("b"), k("m"), null, 0, null);
        assertThat(show(TikvCluster.cover(job, List.of(region(3, "d", "g")))))
                .isEqualTo("b-d:scan d-g:3 g-m:scan");
        assertThat(show(TikvCluster.cover(job, List.of(region(4, "a", "c"), region(5, "x", "")))))
                .isEqualTo("b-c:4 c-m:scan");
        assertThat(show(TikvCluster.cover(job, List.of()))).isEqualTo("b-m:scan");
    }

    @Test
    void jobFromTheStartOfTheKeySpace() {
        TikvCluster.Job job = new TikvCluster.Job(new byte[0], k("m"), null, 0, null);
        assertThat(show(TikvCluster.cover(job, List.of(region(1, "", "c"), region(2, "c", "z")))))
                .isEqualTo("-c:1 c-m:2");
    }
}
