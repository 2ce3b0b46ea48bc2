package dev.lightning4j.testing.tikv;

import java.util.ArrayList;
import java.util.List;
import org.tikv.kvproto.Metapb;
import org.tikv.shade.com.google.protobuf.ByteString;

/** A region's mutable state, guarded by the cluster state's lock. */
final class RegionState {
    final long id;
    byte[] start;
    byte[] end;
    long confVer;
    long version;
    /** Peers as {peerId, storeId}. */
    final List<long[]> peers = new ArrayList<>();
    long leaderStoreId;

    RegionState(long id, byte[] start, byte[] end, long confVer, long version) {
        this.id = id;
        this.start = start;
        this.end = end;
        this.confVer = confVer;
        this.version = version;
    }

    long peerOn(long storeId) {
        for (long[] p : peers) {
            if (p[1] == storeId) {
                return p[0];
            }
        }
        return 0;
    }

    boolean contains(byte[] encodedKey) {
        return TikvKeys.inRange(encodedKey, start, end);
    }

    Metapb.Peer leaderPeer() {
        return peer(leaderStoreId);
    }

    Metapb.Peer peer(long storeId) {
        return Metapb.Peer.newBuilder().setId(peerOn(storeId)).setStoreId(storeId).build();
    }

    Metapb.RegionEpoch epoch() {
        return Metapb.RegionEpoch.newBuilder().setConfVer(confVer).setVersion(version).build();
    }

    Metapb.Region toMeta() {
        Metapb.Region.Builder b = Metapb.Region.newBuilder()
                .setId(id)
                .setStartKey(ByteString.copyFrom(start))
                .setEndKey(ByteString.copyFrom(end))
                .setRegionEpoch(epoch());
        for (long[] p : peers) {
            b.addPeers(Metapb.Peer.newBuilder().setId(p[0]).setStoreId(p[1]));
        }
        return b.build();
    }

    Region toRecord() {
        List<Long> stores = new ArrayList<>();
        for (long[] p : peers) {
            stores.add(p[1]);
        }
        return new Region(id, start.clone(), end.clone(), confVer, version, leaderStoreId, List.copyOf(stores));
    }

    static String epochText(Metapb.RegionEpoch e) {
        return "conf_ver: " + e.getConfVer() + " version: " + e.getVersion();
    }
}
