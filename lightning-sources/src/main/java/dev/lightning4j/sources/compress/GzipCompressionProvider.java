package dev.lightning4j.sources.compress;

import dev.lightning4j.spi.CompressionProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** gzip ({@code .gz}, {@code .gzip}), including files of several concatenated members, as {@code cat a.gz b.gz}. */
public final class GzipCompressionProvider implements CompressionProvider {
    private static final int BUFFER = 64 * 1024;

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public Set<String> suffixes() {
        return Set.of("gz", "gzip");
    }

    @Override
    public InputStream decompress(InputStream raw) throws IOException {
        try {
            return new CodecStream(new GZIPInputStream(new HonestAvailable(raw), BUFFER), name());
        } catch (IOException e) {
            raw.close();
            throw CodecStream.translate(e, name());
        }
    }

    /**
     * GZIPInputStream looks for a further member only when {@code available()} is positive; network and other
     * streams answer 0 while more data is on its way, which would drop every member after the first without an
     * error. This stream answers by reading ahead one byte (GZIPInputStream asks only between members).
     */
    private static final class HonestAvailable extends PushbackInputStream {
        HonestAvailable(InputStream in) {
            super(in, 1);
        }

        @Override
        public int available() throws IOException {
            int n = super.available();
            if (n > 0) {
                return n;
            }
            int b = read();
            if (b < 0) {
                return 0;
            }
            unread(b);
            return 1;
        }
    }
}
