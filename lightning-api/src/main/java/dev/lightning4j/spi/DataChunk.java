package dev.lightning4j.spi;

import dev.lightning4j.TableName;

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
 */
public record DataChunk(TableName table, String file, String format, String compression, long fileSize, long start,
        long end, int index) {

    /** True when this chunk starts at the beginning of its file (and so reads a CSV header, if any). */
    public boolean atFileStart() {
        return start == 0;
    }
}
