package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.DataChunk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fixed, disjoint {@code _tidb_rowid} ranges for the files of one table, derived from the plan alone, so a
 * chunk encoded again (retry, resume, another executor) gets the same row IDs and so the same keys.
 *
 * <p>Each file gets a range in plan order; a row's ID is the range's base plus its byte offset in the
 * (decompressed) file plus one. An uncompressed file's rows start below its size, so its range is its size.
 * A compressed file's decompressed size is not known before reading it: its range is its stored size times
 * {@value #COMPRESSED_FACTOR}, and a row beyond that fails the import rather than reuse another file's IDs.
 * Parquet rows are numbered by their ordinal, which also stays below that bound.
 */
final class RowIdRanges {
    /** Room for a compression ratio (or Parquet rows per stored byte) up to this. */
    static final long COMPRESSED_FACTOR = 2048;

    private final String table;
    private final Map<String, Range> byFile = new LinkedHashMap<>();
    private final List<Range> inOrder = new ArrayList<>();
    private final long limit;
    private final long base;
    private final long span;

    record Range(String file, long base, long size, boolean estimated) {
    }

    /**
     * @param shardRowIdBits the table's SHARD_ROW_ID_BITS: row IDs must stay below {@code 2^(63 - bits)}
     */
    RowIdRanges(String table, List<DataChunk> chunks, int shardRowIdBits) {
        this(table, chunks, shardRowIdBits, 0);
    }

    /**
     * @param shardRowIdBits the table's SHARD_ROW_ID_BITS: row IDs must stay below {@code 2^(63 - bits)}
     * @param base           the ranges start above it: a range reserved from TiDB's row-ID allocator
     *                       (tikv-importer.parallel-import), else 0
     */
    RowIdRanges(String table, List<DataChunk> chunks, int shardRowIdBits, long base) {
        this.table = table;
        this.limit = shardRowIdBits == 0 ? Long.MAX_VALUE : (1L << (63 - shardRowIdBits)) - 1;
        this.base = base;
        if (base < 0 || base > limit) {
            throw new ImportException(ErrorCode.SOURCE_READ, "table " + table + ": the row IDs reserved for this import"
                    + " start at " + base + ", beyond the row ID space" + (shardRowIdBits > 0 ? " left by"
                    + " SHARD_ROW_ID_BITS=" + shardRowIdBits : "") + "; the table's row-ID allocator is exhausted",
                    null, -1, table, null, null);
        }
        long next = base;
        for (DataChunk c : chunks) {
            if (byFile.containsKey(c.file())) {
                continue;
            }
            boolean estimated = c.compression() != null || "parquet".equals(c.format().toLowerCase(Locale.ROOT));
            long stored = Math.max(1, c.fileSize());
            long size;
            try {
                size = estimated ? Math.multiplyExact(stored, COMPRESSED_FACTOR) : Math.addExact(stored, 1);
                if (Math.addExact(next, size) > limit) {
                    throw new ArithmeticException();
                }
            } catch (ArithmeticException e) {
                throw new ImportException(ErrorCode.SOURCE_READ, "table " + table + ": its files are too large for"
                        + " the row ID space" + (shardRowIdBits > 0 ? " left by SHARD_ROW_ID_BITS=" + shardRowIdBits : "")
                        + " (reached at " + c.file() + "); import the table in parts", c.file(), -1, table, null, null);
            }
            Range r = new Range(c.file(), next, size, estimated);
            byFile.put(c.file(), r);
            inOrder.add(r);
            next += size;
        }
        this.span = next - base;
    }

    /** The row IDs all ranges take together: they lie in {@code (base, base + span]}. */
    long span() {
        return span;
    }

    /** Where the ranges start (exclusive). */
    long base() {
        return base;
    }

    /** The row ID of the row at {@code offset} of {@code file}. */
    long rowId(String file, long offset) {
        Range r = byFile.get(file);
        if (r == null) {
            throw new IllegalStateException("file " + file + " is not in the plan of table " + table);
        }
        if (offset < 0 || offset >= r.size - 1) {
            throw new ImportException(ErrorCode.SOURCE_READ, "table " + table + ": the row at offset " + offset
                    + " lies beyond the row IDs reserved for this file (" + (r.size - 1) + (r.estimated
                    ? ", " + COMPRESSED_FACTOR + " times its stored size: it decompresses further than that" : "")
                    + "); decompress the file or split it into smaller files", file, offset, table, null, null);
        }
        return r.base + offset + 1;
    }

    /** The file and offset a row ID was given to, for reports; null when outside every range. */
    Range rangeOf(long rowId) {
        int lo = 0;
        int hi = inOrder.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Range r = inOrder.get(mid);
            if (rowId <= r.base) {
                hi = mid - 1;
            } else if (rowId > r.base + r.size) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }

    /** "file at offset N" for a row ID. */
    String describe(long rowId) {
        Range r = rangeOf(rowId);
        if (r == null) {
            return "row ID " + rowId;
        }
        long offset = rowId - r.base - 1;
        return r.file + (r.estimated && r.file.toLowerCase(Locale.ROOT).endsWith(".parquet") ? " row " + offset
                : " at offset " + offset);
    }

    /** A fingerprint of the ranges: engines written under other ranges must not be reused. */
    String fingerprint() {
        StringBuilder sb = new StringBuilder();
        if (base != 0) {
            sb.append("base|").append(base).append('\n');
        }
        for (Range r : inOrder) {
            sb.append(r.file).append('|').append(r.base).append('|').append(r.size).append('\n');
        }
        return sb.toString();
    }
}
