package dev.lightning4j.spi;

import dev.lightning4j.TableName;
import java.util.List;

/**
 * How far a chunk got: every source row before {@code offset} is on the target or was rejected.
 *
 * @param table    the target table
 * @param file     the data file, relative to the source root
 * @param start    the chunk's first byte as planned
 * @param end      the chunk's end as planned, -1 for the end of the file
 * @param fileSize the file's stored size when the chunk was planned; a changed file is refused on resume
 * @param offset   the end offset of the last row handled: where the chunk continues
 * @param rows     source rows handled so far (written and rejected)
 * @param skipped  of those, rows rejected
 * @param columns  the source column list in effect at {@code offset} (an INSERT column list or CSV header
 *                 that lies before it), or null
 * @param finished true once the chunk was read to its end
 */
public record ChunkCheckpoint(TableName table, String file, long start, long end, long fileSize, long offset,
        long rows, long skipped, List<String> columns, boolean finished) {
    /**
     * Copies {@code columns} so the record stays unchanged when the caller's list changes.
     *
     * @param table    the target table
     * @param file     the data file, relative to the source root
     * @param start    the chunk's first byte as planned
     * @param end      the chunk's end as planned, -1 for the end of the file
     * @param fileSize the file's stored size when the chunk was planned
     * @param offset   the end offset of the last row handled
     * @param rows     source rows handled so far
     * @param skipped  of those, rows rejected
     * @param columns  the source column list in effect at {@code offset}, or null
     * @param finished true once the chunk was read to its end
     */
    public ChunkCheckpoint {
        columns = columns == null ? null : List.copyOf(columns);
    }

    /**
     * The chunk's identity within its table.
     *
     * @return {@code file@start}, unique per table
     */
    public String key() {
        return file + "@" + start;
    }
}
