/**
 * TiKV ingest: the {@link dev.lightning4j.physical.ingest.KvCluster} boundary (PD client: TSO, region lookup,
 * split and scatter; per-region Write streams of sorted pairs to every peer, MultiIngest on the leader,
 * import-mode switching, bounded retries, checksum coprocessor) whose input is a
 * {@link dev.lightning4j.physical.engine.SortedPairs} (a local engine, or a view of the sorting engines).
 */
package dev.lightning4j.physical.ingest;
