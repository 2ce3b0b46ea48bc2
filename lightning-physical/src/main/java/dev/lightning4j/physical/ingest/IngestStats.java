package dev.lightning4j.physical.ingest;

/**
 * What one {@link KvCluster#ingest} call did.
 *
 * @param kvs      pairs written and ingested
 * @param bytes    key and value bytes written and ingested
 * @param regions  region jobs that ended in a successful ingest
 * @param retries  region jobs repeated after a retryable error (rescan, rewrite, back-off)
 */
public record IngestStats(long kvs, long bytes, long regions, long retries) {
}
