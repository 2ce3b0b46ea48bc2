package dev.lightning4j.core.schema;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.core.routing.RoutedFile;
import dev.lightning4j.spi.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
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
        return read(storage, file, what, "binary");
    }

    /**
     * The file's text in the schema files' {@code character-set}: {@code auto} (UTF-8 when the bytes are valid
     * UTF-8, else GB18030, as Lightning), {@code utf8mb4}, {@code gb18030}, {@code latin1} (Windows-1252, as MySQL's
     * latin1) or {@code binary} (read as UTF-8, invalid bytes replaced).
     */
    static String read(Storage storage, RoutedFile file, String what, String charset) {
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
        return decode(bytes, file, what, charset == null ? "binary" : charset);
    }

    static String decode(byte[] bytes, RoutedFile file, String what, String charset) {
        switch (charset) {
            case "binary" -> {
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case "auto" -> {
                String utf8 = strict(bytes, StandardCharsets.UTF_8);
                return utf8 != null ? utf8 : decodeOrFail(bytes, Charset.forName("GB18030"), file, what, charset);
            }
            case "utf8mb4", "utf8" -> {
                return decodeOrFail(bytes, StandardCharsets.UTF_8, file, what, charset);
            }
            case "gb18030" -> {
                return decodeOrFail(bytes, Charset.forName("GB18030"), file, what, charset);
            }
            case "latin1" -> {
                return new String(bytes, Charset.forName("windows-1252"));
            }
            default -> throw new ImportException(ErrorCode.INVALID_OPTION, "character-set '" + charset
                    + "' is not supported; use auto, utf8mb4, gb18030, latin1 or binary", file.path(), -1, what,
                    null, null);
        }
    }

    private static String decodeOrFail(byte[] bytes, Charset cs, RoutedFile file, String what, String charset) {
        String s = strict(bytes, cs);
        if (s == null) {
            throw new ImportException(ErrorCode.SCHEMA_FAILED, "the schema file is not valid " + charset
                    + " (character-set); set character-set to the file's character set", file.path(), -1, what,
                    null, null);
        }
        return s;
    }

    private static String strict(byte[] bytes, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
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
