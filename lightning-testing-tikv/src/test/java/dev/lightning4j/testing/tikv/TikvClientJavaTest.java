package dev.lightning4j.testing.tikv;

import static dev.lightning4j.testing.tikv.StandinClient.b;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;
import org.tikv.common.meta.TiTimestamp;
import org.tikv.common.region.TiRegion;
import org.tikv.common.region.TiStore;
import org.tikv.shade.com.google.protobuf.ByteString;

/** A third-party client, tikv-client-java's own PD client and region cache, finds its way around the stand-in. */
class TikvClientJavaTest {

    @Test
    void tiSessionReadsTimestampsRegionsAndStores() throws Exception {
        try (TestingTikvCluster c = TestingTikvCluster.start()) {
            c.splitAt(b("m"));
            TiConfiguration conf = TiConfiguration.createDefault(c.pdAddress());
            conf.setWarmUpEnable(false);
            TiSession session = TiSession.create(conf);
            try {
                TiTimestamp t1 = session.getTimestamp();
                TiTimestamp t2 = session.getTimestamp();
                assertThat(t2.getVersion()).isGreaterThan(t1.getVersion());
                TiRegion region = session.getRegionManager().getRegionByKey(ByteString.copyFrom(b("z")));
                assertThat(region.getId()).isEqualTo(c.regions().get(1).id());
                TiStore store = session.getRegionManager().getStoreById(region.getLeader().getStoreId());
                assertThat(store.getStore().getAddress()).isEqualTo(c.storeAddress(region.getLeader().getStoreId()));
            } finally {
                session.close();
            }
        }
    }
}
