package dev.lightning4j.core.schema;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.core.routing.RoutedFile;
import dev.lightning4j.spi.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/** Reads a schema file as text, decompressing it when Dumpling wrote it compressed ({@code -schema.sql.gz}). */
final class SchemaFileReader {
    /** Schema files are small; a bigger one is surely not a schema file. */
    static final int MAX_SCHEMA_FILE = 16 * 1024 * 1024;

    private SchemaFileReader() {
    }

    /**
     * The file's text.
     *
     * @param what the database or table, for messages
     */
    static String read(Storage storage, RoutedFile file, String what) {
        if (file.size() > MAX_SCHEMA_FILE) {
            throw tooBig(file, file.size() + " bytes", what);
        }
        byte[] bytes;
        try (InputStream raw = storage.open(file.path(), 0); InputStream in = decompress(raw, file, what)) {
            bytes = in.readNBytes(MAX_SCHEMA_FILE + 1);
        } catch (IOException e) {
            throw new ImportException(ErrorCode.SOURCE_READ, "cannot read the schema file: " + e.getMessage()
                    + (file.compression() != null ? "; the compressed file may be truncated or corrupt" : ""),
                    file.path(), -1, what, null, e);
        }
        if (bytes.length > MAX_SCHEMA_FILE) {
            throw tooBig(file, "over " + MAX_SCHEMA_FILE + " bytes decompressed", what);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static InputStream decompress(InputStream raw, RoutedFile file, String what) throws IOException {
        if (file.compression() == null) {
            return raw;
        }
        return switch (file.compression()) {
            case "gz", "gzip" -> new GZIPInputStream(raw);
            default -> throw new ImportException(ErrorCode.SOURCE_READ, "." + file.compression()
                    + " schema files cannot be read by this version; decompress the file first", file.path(), -1,
                    what, null, null);
        };
    }

    private static ImportException tooBig(RoutedFile file, String size, String what) {
        return new ImportException(ErrorCode.SCHEMA_FAILED, "schema file is " + size
                + ", too big for a schema file; check the file routing", file.path(), -1, what, null, null);
    }
}
