package dev.lightning4j.physical.codec;

/**
 * Record and index key layouts ({@code pkg/tablecodec}). Keys are raw: TiKV's MVCC layer wraps them
 * in memcomparable bytes and a timestamp itself.
 */
public final class TableCodec {
    public static final byte TABLE_PREFIX = 't';
    public static final byte[] RECORD_SEP = {'_', 'r'};
    public static final byte[] INDEX_SEP = {'_', 'i'};
    /** Length of an int-handle record key: t + 8 + _r + 8. */
    public static final int RECORD_KEY_LEN = 19;
    /** Index value flags ({@code tablecodec}). */
    public static final int COMMON_HANDLE_FLAG = 0x7F;
    public static final int PARTITION_ID_FLAG = 0x7E;
    public static final int INDEX_VERSION_FLAG = 0x7D;
    public static final int RESTORE_DATA_FLAG = RowEncoder.CODEC_VER;

    private TableCodec() {
    }

    /** {@code t{tableID}}. */
    public static void appendTablePrefix(ByteSink out, long tableId) {
        out.put(TABLE_PREFIX);
        MemComparable.encodeInt(out, tableId);
    }

    /** {@code t{tableID}_r}: the start of a table's record range. */
    public static byte[] recordPrefix(long tableId) {
        ByteSink s = new ByteSink(11);
        appendTablePrefix(s, tableId);
        s.put(RECORD_SEP);
        return s.toByteArray();
    }

    /** {@code t{tableID}_i{indexID}}: the start of one index's range. */
    public static byte[] indexPrefix(long tableId, long indexId) {
        ByteSink s = new ByteSink(19);
        appendIndexPrefix(s, tableId, indexId);
        return s.toByteArray();
    }

    public static void appendIndexPrefix(ByteSink out, long tableId, long indexId) {
        appendTablePrefix(out, tableId);
        out.put(INDEX_SEP);
        MemComparable.encodeInt(out, indexId);
    }

    /** Record key with an int handle ({@code _tidb_rowid} or an integer primary key). */
    public static byte[] recordKey(long tableId, long handle) {
        ByteSink s = new ByteSink(RECORD_KEY_LEN);
        appendTablePrefix(s, tableId);
        s.put(RECORD_SEP);
        MemComparable.encodeInt(s, handle);
        return s.toByteArray();
    }

    /** Record key with a common handle: the primary key datums' {@link KeyEncoder} bytes. */
    public static byte[] recordKey(long tableId, byte[] commonHandle) {
        ByteSink s = new ByteSink(11 + commonHandle.length);
        appendTablePrefix(s, tableId);
        s.put(RECORD_SEP);
        s.put(commonHandle);
        return s.toByteArray();
    }
}
