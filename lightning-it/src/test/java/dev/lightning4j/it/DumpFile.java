package dev.lightning4j.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A source file written byte by byte, remembering where each row starts, so that tests can check the byte
 * offsets the import reports against the file they wrote.
 */
public final class DumpFile {
    /** What Dumpling writes at the top of every SQL file. */
    public static final String DUMPLING_HEADER = "/*!40014 SET FOREIGN_KEY_CHECKS=0*/;\n/*!40101 SET NAMES binary*/;\n";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Long> rowOffsets = new ArrayList<>();

    public DumpFile text(String s) {
        bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public DumpFile raw(byte... b) {
        bytes.writeBytes(b);
        return this;
    }

    /** Appends a row (a SQL tuple or a CSV line) and records its start offset. */
    public DumpFile row(String s) {
        rowOffsets.add((long) bytes.size());
        return text(s);
    }

    /**
     * Appends a multi-row INSERT with one tuple per line, as Dumpling writes it; {@code columns} may be null
     * for an INSERT without a column list.
     */
    public DumpFile insert(String table, String columns, String... tuples) {
        text("INSERT INTO `" + table + "` " + (columns == null ? "" : "(" + columns + ") ") + "VALUES\n");
        for (int i = 0; i < tuples.length; i++) {
            row(tuples[i]);
            text(i + 1 < tuples.length ? ",\n" : ";\n");
        }
        return this;
    }

    public long offset() {
        return bytes.size();
    }

    /** Start offset of the n-th row appended with {@link #row} or {@link #insert} (0-based). */
    public long rowOffset(int n) {
        return rowOffsets.get(n);
    }

    public byte[] bytes() {
        return bytes.toByteArray();
    }

    public Path writeTo(Path dir, String name) {
        try {
            return Files.write(dir.resolve(name), bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a small text file (schema files). */
    public static Path write(Path dir, String name, String content) {
        try {
            return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Dumpling table schema file. */
    public static Path schema(Path dir, String db, String table, String createTable) {
        return write(dir, db + "." + table + "-schema.sql", "/*!40101 SET NAMES binary*/;\n" + createTable + "\n");
    }

    /** A Dumpling database schema file. */
    public static Path schemaCreate(Path dir, String db) {
        return write(dir, db + "-schema-create.sql", "/*!40101 SET NAMES binary*/;\nCREATE DATABASE `" + db
                + "` /*!40100 DEFAULT CHARACTER SET utf8mb4 */;\n");
    }
}
