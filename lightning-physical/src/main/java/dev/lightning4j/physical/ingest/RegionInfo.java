package dev.lightning4j.physical.ingest;

import dev.lightning4j.physical.codec.MemComparable;
import java.util.Arrays;
import java.util.HexFormat;
import org.tikv.kvproto.Metapb;

/**
 * A region as PD reports it (encoded boundaries, epoch, peers) with its leader peer (id 0 when unknown).
 *
 * @param region the region
 * @param leader the leader peer
 */
record RegionInfo(Metapb.Region region, Metapb.Peer leader) {

    long id() {
        return region.getId();
    }

    boolean hasLeader() {
        return leader != null && leader.getStoreId() != 0;
    }

    /** The raw (decoded) start key; empty for the first region. */
    byte[] rawStart() {
        return decode(region.getStartKey().toByteArray());
    }

    /** The raw (decoded) end key; empty when unbounded. */
    byte[] rawEnd() {
        return decode(region.getEndKey().toByteArray());
    }

    static byte[] decode(byte[] encoded) {
        if (encoded.length == 0) {
            return encoded;
        }
        return MemComparable.decodeBytes(encoded, 0, new int[1]);
    }

    /** Whether the encoded key lies in this region. */
    boolean contains(byte[] encodedKey) {
        byte[] s = region.getStartKey().toByteArray();
        byte[] e = region.getEndKey().toByteArray();
        return Arrays.compareUnsigned(encodedKey, s) >= 0 && (e.length == 0 || Arrays.compareUnsigned(encodedKey, e) < 0);
    }

    /** The same region with another leader. */
    RegionInfo withLeader(Metapb.Peer newLeader) {
        return new RegionInfo(region, newLeader);
    }

    String describe() {
        HexFormat hex = HexFormat.of();
        return "region " + region.getId() + " [" + hex.formatHex(region.getStartKey().toByteArray()) + ", "
                + hex.formatHex(region.getEndKey().toByteArray()) + ") epoch conf_ver="
                + region.getRegionEpoch().getConfVer() + " version=" + region.getRegionEpoch().getVersion();
    }
}
