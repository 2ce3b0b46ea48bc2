package dev.lightning4j.physical.ingest;

import dev.lightning4j.physical.codec.ByteSink;
import dev.lightning4j.physical.codec.MemComparable;
import java.nio.charset.StandardCharsets;

/**
 * The keys under which TiDB keeps its schema metadata in TiKV (its {@code meta} and {@code structure}
 * packages). Every meta key starts with {@code 'm'}; a database is a hash named {@code DB:<id>} whose fields
 * hold its tables and their allocators. A hash field's key is
 * {@code 'm' + EncodeBytes(hash) + EncodeUint('h') + EncodeBytes(field)} (memcomparable byte groups, then the
 * type flag as an 8-byte big-endian integer). Allocator values are decimal strings of the largest ID handed out
 * ({@code strconv.FormatInt}); the next ID is that value plus one.
 *
 * <p>TiDB releases after 5.1 read and write hash fields only: the hash meta key
 * ({@code 'm' + EncodeBytes(hash) + EncodeUint('H')}) with its field count is no longer kept up to date, so an
 * allocator written here touches the field's key alone, as TiDB does.
 */
public final class MetaKeys {
    private static final byte PREFIX = 'm';
    private static final long HASH_DATA = 'h';
    private static final long HASH_META = 'H';

    private MetaKeys() {
    }

    /**
     * The key of one field of a hash.
     *
     * @param hash  the hash's name, for example {@code DB:2}
     * @param field the field, for example {@code TID:104}
     * @return the raw key
     */
    public static byte[] hashField(byte[] hash, byte[] field) {
        ByteSink s = new ByteSink(1 + 9 * (hash.length / 8 + 1) + 8 + 9 * (field.length / 8 + 1));
        s.put(PREFIX);
        MemComparable.encodeBytes(s, hash);
        MemComparable.encodeUint(s, HASH_DATA);
        MemComparable.encodeBytes(s, field);
        return s.toByteArray();
    }

    /**
     * The key of a hash's meta entry (its field count), which TiDB 5.1 and earlier kept; for recognising it.
     *
     * @param hash the hash's name
     * @return the raw key
     */
    public static byte[] hashMeta(byte[] hash) {
        ByteSink s = new ByteSink(1 + 9 * (hash.length / 8 + 1) + 8);
        s.put(PREFIX);
        MemComparable.encodeBytes(s, hash);
        MemComparable.encodeUint(s, HASH_META);
        return s.toByteArray();
    }

    /**
     * The name of a database's hash, {@code DB:<id>}.
     *
     * @param dbId the database ID
     * @return the hash name
     */
    public static byte[] database(long dbId) {
        return ("DB:" + dbId).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The key of a table's {@code _tidb_rowid} allocator (field {@code TID:<tableId>} of the database's hash). It is
     * also the AUTO_INCREMENT allocator unless the table has {@code AUTO_ID_CACHE=1} on table info version 5 or later.
     *
     * @param dbId    the database ID
     * @param tableId the table's ID (the logical table's, also for a partitioned table)
     * @return the raw key
     */
    public static byte[] rowIdAllocator(long dbId, long tableId) {
        return hashField(database(dbId), ("TID:" + tableId).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The key of the separate AUTO_INCREMENT allocator of an {@code AUTO_ID_CACHE=1} table (field
     * {@code IID:<tableId>}).
     *
     * @param dbId    the database ID
     * @param tableId the table's ID
     * @return the raw key
     */
    public static byte[] autoIncrementAllocator(long dbId, long tableId) {
        return hashField(database(dbId), ("IID:" + tableId).getBytes(StandardCharsets.US_ASCII));
    }
}
