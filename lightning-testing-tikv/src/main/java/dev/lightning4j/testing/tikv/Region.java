package dev.lightning4j.testing.tikv;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A region as PD knows it at the moment it was read.
 *
 * @param id            the region ID
 * @param startKey      the first encoded (memcomparable) key of the region, empty for the start of the key space
 * @param endKey        the encoded key just past the region, empty for the end of the key space
 * @param confVer       the epoch's configuration version (bumped when peers change)
 * @param version       the epoch's version (bumped when the region splits)
 * @param leaderStoreId the store holding the leader peer
 * @param storeIds      the stores holding a peer, in peer order
 */
public record Region(long id, byte[] startKey, byte[] endKey, long confVer, long version, long leaderStoreId,
                     List<Long> storeIds) {

    /**
     * Whether the encoded key lies in this region.
     *
     * @param encodedKey a memcomparable key
     * @return true when {@code startKey <= encodedKey < endKey}
     */
    public boolean contains(byte[] encodedKey) {
        return TikvKeys.inRange(encodedKey, startKey, endKey);
    }

    /** Equal when every component is, the keys compared by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Region r && id == r.id && confVer == r.confVer && version == r.version
                && leaderStoreId == r.leaderStoreId && Arrays.equals(startKey, r.startKey)
                && Arrays.equals(endKey, r.endKey) && storeIds.equals(r.storeIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, confVer, version, leaderStoreId, Arrays.hashCode(startKey), Arrays.hashCode(endKey),
                storeIds);
    }

    @Override
    public String toString() {
        return "Region{id=" + id + ", [" + TikvKeys.hex(startKey) + ", " + TikvKeys.hex(endKey) + "), confVer="
                + confVer + ", version=" + version + ", leader store " + leaderStoreId + ", stores " + storeIds + "}";
    }
}
