/**
 * TiKV ingest (not implemented yet; the backend provider refuses to start until it is): PD client (TSO,
 * region lookup, scatter), region split on the engine's split keys, per-region Write streams of sorted
 * pairs to every peer, MultiIngest on the leader, import-mode switching, bounded retries, and the
 * remote ADMIN CHECKSUM comparison against {@link dev.lightning4j.physical.checksum.KvChecksum}. Its input
 * is a {@link dev.lightning4j.physical.engine.LocalEngine}.
 */
package dev.lightning4j.physical.ingest;
