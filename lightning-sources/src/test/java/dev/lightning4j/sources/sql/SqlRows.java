package dev.lightning4j.sources.sql;

import dev.lightning4j.TableName;
import dev.lightning4j.spi.DataChunk;
import dev.lightning4j.spi.SourceRow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: run the SQL reader over bytes and collect its rows. */
final class SqlRows {
    static final String FILE = "db.t.000000000.sql";
    static final TableName TABLE = new TableName("db", "t");

    private SqlRows() {
    }

    static DataChunk chunk(long start, long end) {
        return new DataChunk(TABLE, FILE, "sql", null, -1, start, end, 0);
    }

    static List<SourceRow> read(String sql) {
        return read(sql.getBytes(StandardCharsets.UTF_8));
    }

    static List<SourceRow> read(byte[] sql) {
        return read(chunk(0, -1), new ByteArrayInputStream(sql), SqlInput.DEFAULT_BUFFER_SIZE);
    }

    static List<SourceRow> read(DataChunk chunk, InputStream in, int bufferSize) {
        List<SourceRow> rows = new ArrayList<>();
        try (SqlRowReader reader = new SqlRowReader(chunk, in, bufferSize)) {
            for (SourceRow row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The values of the only row of {@code sql}. */
    static Object[] single(String sql) {
        List<SourceRow> rows = read(sql);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row, got " + rows.size());
        }
        return rows.get(0).values();
    }

    /** The value of {@code INSERT INTO t VALUES (<literal>);}. */
    static Object value(String literal) {
        Object[] values = single("INSERT INTO t VALUES (" + literal + ");");
        if (values.length != 1) {
            throw new AssertionError("expected one value, got " + values.length);
        }
        return values[0];
    }

    /** Hands out one byte per read call, to put every token across a buffer boundary. */
    static final class OneByteAtATime extends InputStream {
        private final ByteArrayInputStream in;

        OneByteAtATime(byte[] data) {
            this.in = new ByteArrayInputStream(data);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return len == 0 ? 0 : in.read(b, off, 1);
        }
    }
}
