package dev.lightning4j.spi;

import dev.lightning4j.TableName;
import java.util.List;

/**
 * A part of a data file that one worker imports: a whole file, or a byte range of a large one that
 * starts and ends on row boundaries.
 *
 * @param table       the target table
 * @param file        the file's path relative to the source root
 * @param format      the format provider's name ({@code sql}, {@code csv}, ...)
 * @param compression the compression ({@code gz}, {@code zst}, ...) or null
 * @param fileSize    the stored size of the file
 * @param start       first byte of the chunk in the decompressed file
 * @param end         end of the chunk (exclusive), or -1 for the end of the file
 * @param index       chunk number within the table, from 0
 * @param columns     the source's column names for a chunk that starts after the file's header (a CSV
 *                    header read when the file was split), or null
 */
public record DataChunk(TableName table, String file, String format, String compression, long fileSize, long start,
        long end, int index, List<String> columns) {

    /**
     * Copies {@code columns} so the record stays unchanged when the caller's list changes.
     *
     * @param table       the target table
     * @param file        the file's path relative to the source root
     * @param format      the format provider's name
     * @param compression the compression or null
     * @param fileSize    the stored size of the file
     * @param start       first byte of the chunk in the decompressed file
     * @param end         end of the chunk (exclusive), or -1 for the end of the file
     * @param index       chunk number within the table, from 0
     * @param columns     the source's column names for a chunk after the file's header, or null
     */
    public DataChunk {
        columns = columns == null ? null : List.copyOf(columns);
    }

    /**
     * A chunk without column names of its own.
     *
     * @param table       the target table
     * @param file        the file's path relative to the source root
     * @param format      the format provider's name
     * @param compression the compression or null
     * @param fileSize    the stored size of the file
     * @param start       first byte of the chunk in the decompressed file
     * @param end         end of the chunk (exclusive), or -1 for the end of the file
     * @param index       chunk number within the table, from 0
     */
    public DataChunk(TableName table, String file, String format, String compression, long fileSize, long start,
            long end, int index) {
        this(table, file, format, compression, fileSize, start, end, index, null);
    }

    /**
     * Whether this chunk starts at the beginning of its file (and so reads a CSV header, if any).
     *
     * @return true when {@code start} is 0
     */
    public boolean atFileStart() {
        return start == 0;
    }

    /**
     * The same range with another chunk number.
     *
     * @param newIndex the chunk number within the table, from 0
     * @return a copy with {@code index} replaced
     */
    public DataChunk withIndex(int newIndex) {
        return new DataChunk(table, file, format, compression, fileSize, start, end, newIndex, columns);
    }
}
