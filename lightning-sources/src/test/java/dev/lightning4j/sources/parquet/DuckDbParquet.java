package dev.lightning4j.sources.parquet;

import dev.lightning4j.TableName;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.RowReader;
import dev.lightning4j.spi.SeekableSource;
import dev.lightning4j.spi.SourceRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Writes test files with DuckDB, a real Parquet writer, and reads them back with the provider under test. */
final class DuckDbParquet {
    private DuckDbParquet() {
    }

    static Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
        return c;
    }

    /** {@code COPY (query) TO file (FORMAT parquet, options)}. */
    static void write(Connection c, String query, Path file, String options) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COPY (" + query + ") TO '" + file + "' (FORMAT parquet" + (options.isEmpty() ? "" : ", "
                    + options) + ")");
        }
    }

    /** A file as the engine would hand it to a random-access format. */
    static SeekableSource source(Path file) throws IOException {
        long size = Files.size(file);
        return new SeekableSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open(long offset) throws IOException {
                FileChannel ch = FileChannel.open(file);
                ch.position(offset);
                return Channels.newInputStream(ch);
            }
        };
    }

    static DataChunk chunk(Path file) throws IOException {
        return new DataChunk(new TableName("db", "t"), file.getFileName().toString(), "parquet", null,
                Files.size(file), 0, -1, 0);
    }

    static RowReader open(Path file) throws IOException {
        return new ParquetFormatProvider().open(chunk(file), source(file), null);
    }

    static List<SourceRow> readAll(Path file) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        try (RowReader r = open(file)) {
            SourceRow row;
            while ((row = r.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }
}
