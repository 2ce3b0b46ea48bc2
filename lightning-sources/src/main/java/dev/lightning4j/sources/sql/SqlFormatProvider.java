package dev.lightning4j.sources.sql;

import dev.lightning4j.sources.csv.CsvFormatProvider;
import dev.lightning4j.sources.split.ChunkEndInputStream;
import dev.lightning4j.sources.split.RowBoundaries;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SplittableFormat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sql} format: INSERT/REPLACE data files written by Dumpling, mydumper or mysqldump.
 *
 * <p>Under {@code strict-format} a large file is cut only where a line starting with {@code INSERT} or
 * {@code REPLACE} follows a line ending in {@code ;}, so every chunk starts with a whole statement and its
 * column list.
 */
public final class SqlFormatProvider implements FormatProvider, SplittableFormat {

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public RowReader open(DataChunk chunk, InputStream in, FormatContext context) {
        return new SqlRowReader(chunk, ChunkEndInputStream.of(in, chunk), SqlInput.DEFAULT_BUFFER_SIZE,
                CsvFormatProvider.decoder(chunk, context));
    }

    @Override
    public List<DataChunk> split(DataChunk whole, long regionSize, FileOpener file, FormatContext context)
            throws IOException {
        long size = whole.fileSize();
        List<DataChunk> chunks = new ArrayList<>();
        long start = 0;
        long cut = regionSize;
        while (cut < size) {
            long next;
            try (InputStream in = file.open(cut)) {
                next = new RowBoundaries(in, cut).sqlStatementStart();
            }
            if (next < 0 || next >= size) {
                break;
            }
            chunks.add(new DataChunk(whole.table(), whole.file(), whole.format(), whole.compression(), size, start,
                    next, whole.index() + chunks.size()));
            start = next;
            cut = next + regionSize;
        }
        if (chunks.isEmpty()) {
            return List.of(whole);
        }
        chunks.add(new DataChunk(whole.table(), whole.file(), whole.format(), whole.compression(), size, start, -1,
                whole.index() + chunks.size()));
        return chunks;
    }
}
