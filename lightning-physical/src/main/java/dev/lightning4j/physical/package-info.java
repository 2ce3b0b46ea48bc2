/**
 * The physical backend (TiDB Lightning's {@code local}): rows become TiKV key-value pairs locally and are
 * ingested as sorted files. The pieces, in data order:
 * <ol>
 *   <li>{@link dev.lightning4j.physical.model.TidbTableInfoReader}: TiDB's table metadata (IDs, types,
 *       collations, indexes, handle kind) into a {@link dev.lightning4j.physical.model.TableInfo};</li>
 *   <li>{@link dev.lightning4j.physical.convert.RowConverter}: engine rows to typed datums with MySQL's
 *       assignment rules, bad rows to the chunk's error sink;</li>
 *   <li>{@link dev.lightning4j.physical.kv.TableKvEncoder}: datums to record and index pairs, byte for byte
 *       what TiDB writes ({@link dev.lightning4j.physical.codec});</li>
 *   <li>{@link dev.lightning4j.physical.engine.ChunkEncoder} and
 *       {@link dev.lightning4j.physical.engine.LocalEngine}: per-thread writing into sorted local data and
 *       index engines, with {@link dev.lightning4j.physical.checksum.KvChecksum}s to compare against
 *       {@code ADMIN CHECKSUM TABLE};</li>
 *   <li>{@link dev.lightning4j.physical.ingest}: region split, write and ingest into TiKV, behind the
 *       {@link dev.lightning4j.physical.ingest.KvCluster} boundary;</li>
 *   <li>{@link dev.lightning4j.physical.PhysicalBackendProvider}: the backend that ties them together per table:
 *       metadata from TiDB's status port, fixed row IDs per file, sorting engines that keep duplicate keys apart,
 *       conflict resolution, the pairs that stay ingested from them with one commit timestamp, checksum against TiKV, auto-ID
 *       rebase and ANALYZE over SQL.</li>
 * </ol>
 */
package dev.lightning4j.physical;
