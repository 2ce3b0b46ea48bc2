package dev.lightning4j.sources.parquet;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SeekableSource;
import java.io.IOException;
import java.io.InputStream;

/**
 * The {@code parquet} format: flat files of primitive columns, pages uncompressed or SNAPPY, GZIP, ZSTD, data pages
 * v1 and v2, plain and dictionary encodings. Read without Hadoop: the footer through parquet-format-structures,
 * pages through parquet-column over this package's own page store. A file is one chunk.
 */
public final class ParquetFormatProvider implements FormatProvider {

    @Override
    public String name() {
        return "parquet";
    }

    @Override
    public boolean randomAccess() {
        return true;
    }

    @Override
    public RowReader open(DataChunk chunk, SeekableSource source, FormatContext context) throws IOException {
        if (chunk.start() != 0 || chunk.end() >= 0 && chunk.end() < chunk.fileSize()) {
            throw new ImportException(ErrorCode.INTERNAL, "a Parquet file is read whole, not by byte range",
                    chunk.file(), chunk.start(), chunk.table() == null ? null : chunk.table().toString(), null, null);
        }
        return new ParquetRowReader(source, chunk.file(), chunk.table() == null ? null : chunk.table().toString());
    }

    @Override
    public RowReader open(DataChunk chunk, InputStream in, FormatContext context) throws IOException {
        in.close();
        throw new ImportException(ErrorCode.INTERNAL, "Parquet needs random access to the file (its footer is at the "
                + "end); the engine must call open with a SeekableSource", chunk.file(), -1, null, null, null);
    }
}
