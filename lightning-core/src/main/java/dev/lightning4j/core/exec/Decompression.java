package dev.lightning4j.core.exec;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Streams a compressed data file by its suffix. */
public final class Decompression {
    private Decompression() {
    }

    public static InputStream wrap(InputStream raw, String compression, String file) throws IOException {
        if (compression == null) {
            return raw;
        }
        return switch (compression) {
            case "gz", "gzip" -> new GZIPInputStream(raw, 64 * 1024);
            default -> throw new ImportException(ErrorCode.SOURCE_READ, "." + compression
                    + " files cannot be read by this version; decompress the file first", file, -1, null, null, null);
        };
    }
}
