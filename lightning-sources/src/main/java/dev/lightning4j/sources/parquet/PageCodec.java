package dev.lightning4j.sources.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.format.CompressionCodec;
import org.xerial.snappy.Snappy;

/** Decompresses one Parquet page: each page is a whole block of its codec, not a stream. */
final class PageCodec {
    private PageCodec() {
    }

    static boolean supported(CompressionCodec codec) {
        return switch (codec) {
            case UNCOMPRESSED, SNAPPY, GZIP, ZSTD -> true;
            default -> false;
        };
    }

    static byte[] decompress(CompressionCodec codec, byte[] in, int uncompressedSize) throws IOException {
        byte[] out = switch (codec) {
            case UNCOMPRESSED -> in;
            case SNAPPY -> Snappy.uncompress(in);
            case ZSTD -> Zstd.decompress(in, uncompressedSize);
            case GZIP -> {
                try (InputStream z = new GZIPInputStream(new ByteArrayInputStream(in), Math.max(512, in.length))) {
                    yield z.readNBytes(uncompressedSize + 1);
                }
            }
            default -> throw new IOException("pages compressed with " + codec + " are not supported");
        };
        if (out.length != uncompressedSize) {
            throw new IOException(codec + " page decompressed to " + out.length + " bytes, the header says "
                    + uncompressedSize);
        }
        return out;
    }
}
