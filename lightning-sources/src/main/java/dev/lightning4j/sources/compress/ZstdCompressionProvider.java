package dev.lightning4j.sources.compress;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.lightning4j.spi.CompressionProvider;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Zstandard ({@code .zst}, {@code .zstd}), streaming, one or more frames, through zstd-jni. */
public final class ZstdCompressionProvider implements CompressionProvider {

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public Set<String> suffixes() {
        return Set.of("zst", "zstd");
    }

    @Override
    public InputStream decompress(InputStream raw) throws IOException {
        try {
            // Not continuous: a frame cut off by the end of the file is an error, not a short read.
            ZstdInputStreamNoFinalizer z = new ZstdInputStreamNoFinalizer(raw);
            z.setContinuous(false);
            return new CodecStream(z, name());
        } catch (IOException e) {
            raw.close();
            throw CodecStream.translate(e, name());
        }
    }
}
