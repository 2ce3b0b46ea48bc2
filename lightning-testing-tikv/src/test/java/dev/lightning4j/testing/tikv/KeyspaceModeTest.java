package dev.lightning4j.testing.tikv;

import static dev.lightning4j.testing.tikv.StandinClient.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pingcap.tidb.tipb.ChecksumAlgorithm;
import com.pingcap.tidb.tipb.ChecksumRequest;
import com.pingcap.tidb.tipb.ChecksumResponse;
import com.pingcap.tidb.tipb.ChecksumScanOn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tikv.kvproto.Coprocessor;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.kvproto.Kvrpcpb;
import org.tikv.kvproto.Pdpb;
import org.tikv.shade.com.google.protobuf.ByteString;

/** The stand-in in API V2 with one keyspace: PD's keyspace API, and TiKV refusing what is not of the keyspace. */
class KeyspaceModeTest {
    /** client-go's apicodec test keyspace 4242: prefix {@code 'x', 0, 16, 146}, ending at {@code 'x', 0, 16, 147}. */
    private static final int ID = 4242;
    private static final byte[] PREFIX = {'x', 0, 16, (byte) 146};
    private static final byte[] END = {'x', 0, 16, (byte) 147};

    private TestingTikvCluster cluster;
    private StandinClient client;

    private void start(TestingTikvCluster.Builder b) {
        cluster = b.start();
        client = new StandinClient(cluster);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] k(String suffix) {
        byte[] s = b(suffix);
        byte[] out = Arrays.copyOf(PREFIX, PREFIX.length + s.length);
        System.arraycopy(s, 0, out, PREFIX.length, s.length);
        return out;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.pdHttpAddress() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Kvrpcpb.Context v2(Kvrpcpb.Context c) {
        return c.toBuilder().setApiVersion(Kvrpcpb.APIVersion.V2).build();
    }

    @Test
    void pdServesTheKeyspaceByNameAndRegionsAreSplitAtItsBounds() throws Exception {
        start(TestingTikvCluster.builder().keyspace("tenant", ID));
        assertThat(cluster.keyspacePrefix()).isEqualTo(PREFIX);
        HttpResponse<String> r = get("/pd/api/v2/keyspaces/tenant");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<?, ?> m = (Map<?, ?>) Json.parse(r.body());
        assertThat(((Number) m.get("id")).longValue()).isEqualTo(ID);
        assertThat(m.get("name")).isEqualTo("tenant");
        assertThat(m.get("state")).isEqualTo("ENABLED");
        HttpResponse<String> unknown = get("/pd/api/v2/keyspaces/other");
        assertThat(unknown.statusCode()).isEqualTo(500);
        assertThat(unknown.body()).contains("keyspace does not exist");
        // One region before, one for the keyspace, one after.
        assertThat(cluster.regions()).extracting(reg -> TikvKeys.hex(reg.startKey()))
                .contains(TikvKeys.hex(TikvKeys.encode(PREFIX)), TikvKeys.hex(TikvKeys.encode(END)));
        assertThat(client.region(k("a")).getRegion().getStartKey().toByteArray())
                .isEqualTo(TikvKeys.encode(PREFIX));
    }

    @Test
    void aV1StandInHasNoKeyspaceApi() throws Exception {
        start(TestingTikvCluster.builder());
        assertThat(get("/pd/api/v2/keyspaces/tenant").statusCode()).isEqualTo(404);
        assertThat(cluster.keyspacePrefix()).isEmpty();
    }

    @Test
    void writesIngestsAndChecksumsOnlyKeysOfTheKeyspaceInApiV2() {
        start(TestingTikvCluster.builder().keyspace("tenant", ID));
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(k("a"));
        ImportSstpb.SSTMeta meta = StandinClient.meta(region.getRegion(), k("a"), k("b")).toBuilder()
                .setApiVersion(Kvrpcpb.APIVersion.V2).build();
        List<ImportSstpb.SSTMeta> metas = client.writeAll(region, meta,
                List.of(StandinClient.batch(ts, k("a"), b("1"), k("b"), b("22"))));
        ImportSstpb.IngestResponse ingested = client.importer(region.getLeader().getStoreId()).multiIngest(
                ImportSstpb.MultiIngestRequest.newBuilder()
                        .setContext(v2(StandinClient.context(region.getRegion(), region.getLeader())))
                        .addAllSsts(metas).build());
        assertThat(ingested.hasError()).as(ingested.toString()).isFalse();
        assertThat(cluster.stored().keySet()).extracting(TikvKeys::hex)
                .containsExactly(TikvKeys.hex(k("a")), TikvKeys.hex(k("b")));

        Coprocessor.Response sum = checksum(region, true, k(""), END);
        assertThat(sum.getOtherError()).isEmpty();
        Checksum expected = cluster.checksum(PREFIX, END);
        assertThat(expected.kvs()).isEqualTo(2);
        assertThat(expected.bytes()).isEqualTo(2 * 5 + 1 + 2);
        ChecksumResponse cr = parse(sum);
        assertThat(new Checksum(cr.getChecksum(), cr.getTotalKvs(), cr.getTotalBytes())).isEqualTo(expected);
    }

    @Test
    void requestsSayingV1OrWithKeysOutsideTheKeyspaceAreRefused() {
        start(TestingTikvCluster.builder().keyspace("tenant", ID));
        long ts = client.tso();
        Pdpb.GetRegionResponse region = client.region(k("a"));
        // An SST meta without api_version = V2.
        ImportSstpb.SSTMeta v1Meta = StandinClient.meta(region.getRegion(), k("a"), k("a"));
        assertThatThrownBy(() -> client.write(region.getLeader().getStoreId(), List.of(
                StandinClient.metaRequest(v1Meta), StandinClient.batch(ts, k("a"), b("1")))))
                .hasMessageContaining("ApiVersionNotMatched");
        // A key of the region but outside the keyspace: a region before the keyspace takes it.
        Pdpb.GetRegionResponse before = client.region(b("t"));
        ImportSstpb.SSTMeta outside = StandinClient.meta(before.getRegion(), b("t"), b("t")).toBuilder()
                .setApiVersion(Kvrpcpb.APIVersion.V2).build();
        assertThatThrownBy(() -> client.write(before.getLeader().getStoreId(), List.of(
                StandinClient.metaRequest(outside), StandinClient.batch(ts, b("t"), b("1")))))
                .hasMessageContaining("InvalidKeyMode");
        // Checksum: a V1 context, then a range running past the keyspace's end.
        assertThat(checksum(region, false, k(""), END).getOtherError()).contains("ApiVersionNotMatched");
        Pdpb.GetRegionResponse after = client.region(END);
        assertThat(checksum(after, true, END, b("y")).getOtherError()).contains("InvalidKeyMode");
        // A split at a key outside the keyspace.
        Kvrpcpb.SplitRegionResponse split = client.tikv(before.getLeader().getStoreId()).splitRegion(
                Kvrpcpb.SplitRegionRequest.newBuilder()
                        .setContext(v2(StandinClient.context(before.getRegion(), before.getLeader())))
                        .addSplitKeys(ByteString.copyFrom(b("t"))).build());
        assertThat(split.getRegionError().getMessage()).contains("InvalidKeyMode");
        // A transaction saying V1.
        Kvrpcpb.GetResponse got = client.tikv(region.getLeader().getStoreId()).kvGet(Kvrpcpb.GetRequest.newBuilder()
                .setContext(StandinClient.context(region.getRegion(), region.getLeader()))
                .setKey(ByteString.copyFrom(k("a"))).setVersion(ts).build());
        assertThat(got.getRegionError().getMessage()).contains("ApiVersionNotMatched");
        assertThat(cluster.stored()).isEmpty();
    }

    @Test
    void aV1StandInRefusesRequestsSayingV2() {
        start(TestingTikvCluster.builder());
        Pdpb.GetRegionResponse region = client.region(b("a"));
        assertThat(checksum(region, true, b("a"), b("b")).getOtherError())
                .contains("ApiVersionNotMatched").contains("storage_api_version: V1");
        assertThat(checksum(region, false, b("a"), b("b")).getOtherError()).isEmpty();
    }

    private Coprocessor.Response checksum(Pdpb.GetRegionResponse region, boolean v2, byte[] start, byte[] end) {
        Kvrpcpb.Context ctx = StandinClient.context(region.getRegion(), region.getLeader());
        return client.tikv(region.getLeader().getStoreId()).coprocessor(Coprocessor.Request.newBuilder()
                .setContext(v2 ? v2(ctx) : ctx)
                .setTp(105)
                .setStartTs(client.tso())
                .setData(ByteString.copyFrom(ChecksumRequest.newBuilder().setScanOn(ChecksumScanOn.Table)
                        .setAlgorithm(ChecksumAlgorithm.Crc64_Xor).build().toByteArray()))
                .addRanges(Coprocessor.KeyRange.newBuilder().setStart(ByteString.copyFrom(start))
                        .setEnd(ByteString.copyFrom(end)))
                .build());
    }

    private static ChecksumResponse parse(Coprocessor.Response r) {
        try {
            return ChecksumResponse.parseFrom(r.getData().toByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
