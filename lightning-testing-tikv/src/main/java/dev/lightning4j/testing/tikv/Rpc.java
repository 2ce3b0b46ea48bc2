package dev.lightning4j.testing.tikv;

/** The calls the stand-in serves, for {@link TestingTikvCluster#requests(Rpc)} and fault injection. */
public enum Rpc {
    /** PD GetMembers. */
    GET_MEMBERS(Service.PD),
    /** PD Tso: counted per request message on the stream. */
    TSO(Service.PD),
    /** PD GetRegion and GetPrevRegion. */
    GET_REGION(Service.PD),
    /** PD GetRegionByID. */
    GET_REGION_BY_ID(Service.PD),
    /** PD ScanRegions. */
    SCAN_REGIONS(Service.PD),
    /** PD GetStore. */
    GET_STORE(Service.PD),
    /** PD GetAllStores. */
    GET_ALL_STORES(Service.PD),
    /** PD ScatterRegion. */
    SCATTER(Service.PD),
    /** PD GetOperator. */
    GET_OPERATOR(Service.PD),
    /** PD GetGCSafePoint, UpdateGCSafePoint and UpdateServiceGCSafePoint. */
    GC_SAFE_POINT(Service.PD),
    /** TiKV SplitRegion. */
    SPLIT_REGION(Service.TIKV),
    /** TiKV Coprocessor (the checksum request). */
    COPROCESSOR(Service.TIKV),
    /** TiKV KvGet (transactional read at a timestamp). */
    KV_GET(Service.TIKV),
    /** TiKV KvPrewrite (first phase of a percolator commit). */
    KV_PREWRITE(Service.TIKV),
    /** TiKV KvCommit (second phase). */
    KV_COMMIT(Service.TIKV),
    /** TiKV KvBatchRollback. */
    KV_BATCH_ROLLBACK(Service.TIKV),
    /** TiKV KvCheckTxnStatus (a lock resolver asking a transaction's primary). */
    KV_CHECK_TXN_STATUS(Service.TIKV),
    /** TiKV KvCheckSecondaryLocks (a lock resolver deciding an async-commit transaction). */
    KV_CHECK_SECONDARY_LOCKS(Service.TIKV),
    /** TiKV KvResolveLock. */
    KV_RESOLVE_LOCK(Service.TIKV),
    /** ImportSST SwitchMode. */
    SWITCH_MODE(Service.IMPORT),
    /** ImportSST Write: counted per stream. */
    WRITE(Service.IMPORT),
    /** ImportSST MultiIngest. */
    MULTI_INGEST(Service.IMPORT),
    /** ImportSST Ingest. */
    INGEST(Service.IMPORT);

    enum Service { PD, TIKV, IMPORT }

    private final Service service;

    Rpc(Service service) {
        this.service = service;
    }

    Service service() {
        return service;
    }
}
