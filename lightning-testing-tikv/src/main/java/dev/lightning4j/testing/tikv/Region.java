package dev.lightning4j.testing.tikv;

import java.util.List;

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

    @Override
    public String toString() {
        return "Region{id=" + id + ", [" + TikvKeys.hex(startKey) + ", " + TikvKeys.hex(endKey) + "), confVer="
                + confVer + ", version=" + version + ", leader store " + leaderStoreId + ", stores " + storeIds + "}";
    }
}
