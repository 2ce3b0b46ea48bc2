package dev.lightning4j.sources.parquet;

import dev.lightning4j.spi.SeekableSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;

/** Reads the file metadata from the end of a Parquet file: {@code <footer> <footer length:4 LE> PAR1}. */
final class ParquetFooter {
    /** Refuse absurd footer lengths before allocating: a damaged tail must not exhaust memory. */
    private static final int MAX_FOOTER = 256 * 1024 * 1024;

    private ParquetFooter() {
    }

    static FileMetaData read(SeekableSource source) throws IOException {
        long size = source.size();
        if (size < 12) {
            throw new IOException("the file has " + size + " bytes, too few for a Parquet file");
        }
        byte[] tail;
        try (InputStream in = source.open(size - 8)) {
            tail = in.readNBytes(8);
        }
        String magic = new String(tail, 4, 4, StandardCharsets.US_ASCII);
        if (magic.equals("PARE")) {
            throw new IOException("the file is an encrypted Parquet file, which is not supported");
        }
        if (tail.length != 8 || !magic.equals("PAR1")) {
            throw new IOException("the file does not end with the Parquet magic PAR1: it is not Parquet or it is "
                    + "truncated");
        }
        long length = (tail[0] & 0xffL) | (tail[1] & 0xffL) << 8 | (tail[2] & 0xffL) << 16 | (tail[3] & 0xffL) << 24;
        if (length <= 0 || length > size - 12 || length > MAX_FOOTER) {
            throw new IOException("the footer length " + length + " does not fit the file size " + size);
        }
        try (InputStream in = source.open(size - 8 - length)) {
            return Util.readFileMetaData(new java.io.ByteArrayInputStream(in.readNBytes((int) length)));
        }
    }
}
