package dev.lightning4j.sources.sql;

import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.FormatContext;
import dev.lightning4j.spi.FormatProvider;
import dev.lightning4j.spi.RowReader;

import java.io.InputStream;

/** The {@code sql} format: INSERT/REPLACE data files written by Dumpling, mydumper or mysqldump. */
public final class SqlFormatProvider implements FormatProvider {

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public RowReader open(DataChunk chunk, InputStream in, FormatContext context) {
        return new SqlRowReader(chunk, in);
    }
}
