package dev.lightning4j.testing.tikv;

import static dev.lightning4j.testing.tikv.StandinClient.b;
import static dev.lightning4j.testing.tikv.StandinClient.batch;
import static dev.lightning4j.testing.tikv.StandinClient.meta;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tikv.kvproto.ImportSstpb;
import org.tikv.kvproto.Pdpb;

class ConcurrencyTest {

    @Test
    void parallelImportsIntoDifferentRegionsAllLand() throws Exception {
        int workers = 8;
        int perWorker = 200;
        try (TestingTikvCluster c = TestingTikvCluster.start(5); StandinClient cl = new StandinClient(c)) {
            byte[][] splits = new byte[workers - 1][];
            for (int w = 1; w < workers; w++) {
                splits[w - 1] = b("t" + w);
            }
            c.splitAt(splits);
            for (Region r : c.regions()) {
                c.scatter(r.id());
            }
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<?>> done = new ArrayList<>();
                Checksum expected = Checksum.EMPTY;
                for (int w = 0; w < workers; w++) {
                    List<byte[]> kv = new ArrayList<>();
                    for (int i = 0; i < perWorker; i++) {
                        byte[] k = b(String.format("t%d_%05d", w, i));
                        byte[] v = b("value-" + w + "-" + i);
                        kv.add(k);
                        kv.add(v);
                        expected = expected.plus(k, v);
                    }
                    done.add(pool.submit(() -> {
                        long ts = cl.tso();
                        Pdpb.GetRegionResponse region = cl.region(kv.get(0));
                        List<ImportSstpb.WriteRequest> batches = new ArrayList<>();
                        for (int i = 0; i < kv.size(); i += 40) {
                            batches.add(batch(ts, kv.subList(i, Math.min(kv.size(), i + 40)).toArray(byte[][]::new)));
                        }
                        List<ImportSstpb.SSTMeta> metas = cl.writeAll(region,
                                meta(region.getRegion(), kv.get(0), kv.get(kv.size() - 2)), batches);
                        ImportSstpb.IngestResponse resp = cl.ingest(region, metas);
                        assertThat(resp.hasError()).as("%s", resp.getError()).isFalse();
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                assertThat(c.stored()).hasSize(workers * perWorker);
                assertThat(c.checksum(new byte[0], new byte[0])).isEqualTo(expected);
                assertThat(c.pendingSsts()).isZero();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
