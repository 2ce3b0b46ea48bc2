package dev.lightning4j.testing.tikv;

/**
 * The failures {@link Faults#inject} can make a call return, each shaped as the real TiKV or PD sends it.
 * Region errors ({@code errorpb.Error}) apply to SplitRegion, Coprocessor, MultiIngest and Ingest; the write
 * errors to ImportSST Write; {@link #UNAVAILABLE} to every call.
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
    UNAVAILABLE;

    boolean appliesTo(Rpc rpc) {
        if (this == UNAVAILABLE) {
            return true;
        }
        return switch (rpc) {
            case SPLIT_REGION, COPROCESSOR, MULTI_INGEST, INGEST -> this != REQUEST_TOO_NEW && this != REQUEST_TOO_OLD;
            case WRITE -> this == REQUEST_TOO_NEW || this == REQUEST_TOO_OLD || this == DISK_FULL
                    || this == EPOCH_NOT_MATCH;
            default -> false;
        };
    }
}
