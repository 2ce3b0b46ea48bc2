package dev.lightning4j.testing.tikv;

/**
 * The failures {@link Faults#inject} can make a call return, each shaped as the real TiKV or PD sends it.
 * Region errors ({@code errorpb.Error}) apply to SplitRegion, Coprocessor, MultiIngest, Ingest and the
 * transactional KvGet, KvPrewrite, KvCommit, KvBatchRollback, KvCheckTxnStatus, KvCheckSecondaryLocks and
 * KvResolveLock; {@link #WRITE_CONFLICT} to KvPrewrite; the write errors to ImportSST Write; {@link #NO_LEADER} and
 * {@link #STALE_REGION} to PD's region lookups; {@link #UNAVAILABLE} to every call.
 */
public enum FaultKind {
    /** Region error {@code not_leader}; leadership really moves to another peer first, which the hint names. */
    NOT_LEADER,
    /**
     * Region error {@code epoch_not_match} with {@code current_regions}; the region is really split first, so the
     * epoch truly moved. On Write the split happens before the meta is checked, which then fails as
     * {@code RequestTooOld}.
     */
    EPOCH_NOT_MATCH,
    /** Region error {@code region_not_found}. */
    REGION_NOT_FOUND,
    /** Region error {@code server_is_busy}. */
    SERVER_IS_BUSY,
    /** Region error {@code stale_command}. */
    STALE_COMMAND,
    /** Region error {@code read_index_not_ready}. */
    READ_INDEX_NOT_READY,
    /** Region error with the message {@code raft: proposal dropped} and no typed field. */
    PROPOSAL_DROPPED,
    /** Region error {@code disk_full}; on Write a failed stream saying the disk is full. */
    DISK_FULL,
    /** Write only: the stream fails with {@code RequestTooNew(...)} (the store lags behind PD; retry later). */
    REQUEST_TOO_NEW,
    /** Write only: the stream fails with {@code RequestTooOld(...)} (the client's region is stale; rescan). */
    REQUEST_TOO_OLD,
    /** The call fails with gRPC status {@code UNAVAILABLE}. */
    UNAVAILABLE,
    /**
     * PD region lookups (GetRegion, GetRegionByID, ScanRegions) answer without a leader, as PD does for a region
     * no leader has reported from yet (just split or scattered): {@code leader} unset, an empty peer in
     * ScanRegions' {@code leaders}.
     */
    NO_LEADER,
    /**
     * PD region lookups (GetRegion, GetRegionByID, ScanRegions) answer as a PD that has not yet heard of the last
     * split or scatter: the region as it was before (the parent of a split, with its old range and epoch), and
     * no region for an ID created since. A client using it meets epoch errors from the stores and must look again.
     */
    STALE_REGION,
    /**
     * KvPrewrite only: another transaction really commits the key first (its current value again, at a fresh
     * timestamp, so the data is unchanged), and the prewrite fails with {@code KeyError.conflict}, as TiKV answers
     * a prewrite whose start_ts is older than the key's newest commit. The client must restart its transaction.
     */
    WRITE_CONFLICT;

    boolean appliesTo(Rpc rpc) {
        if (this == UNAVAILABLE) {
            return true;
        }
        if (this == WRITE_CONFLICT) {
            return rpc == Rpc.KV_PREWRITE;
        }
        if (this == NO_LEADER || this == STALE_REGION) {
            return rpc == Rpc.GET_REGION || rpc == Rpc.GET_REGION_BY_ID || rpc == Rpc.SCAN_REGIONS;
        }
        return switch (rpc) {
            case SPLIT_REGION, COPROCESSOR, MULTI_INGEST, INGEST, KV_GET, KV_PREWRITE, KV_COMMIT, KV_BATCH_ROLLBACK,
                    KV_CHECK_TXN_STATUS, KV_RESOLVE_LOCK ->
                    this != REQUEST_TOO_NEW && this != REQUEST_TOO_OLD
                    && this != NO_LEADER && this != STALE_REGION;
            case WRITE -> this == REQUEST_TOO_NEW || this == REQUEST_TOO_OLD || this == DISK_FULL
                    || this == EPOCH_NOT_MATCH;
            default -> false;
        };
    }
}
