package dev.lightning4j.sources.split;

import dev.lightning4j.spi.DataChunk;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hands a reader the bytes of a split chunk up to its end in reads that never cross the end, and past it in small
 * but growing steps: the reader finishes the row that ends at the chunk's end without pulling a whole buffer of
 * the next chunk, so each chunk's bytes are counted (almost exactly) once.
 */
public final class ChunkEndInputStream extends FilterInputStream {
    private static final int MAX_STEP = 64 * 1024;

    private long untilEnd;
    private int step = 1;

    private ChunkEndInputStream(InputStream in, long untilEnd) {
        super(in);
        this.untilEnd = untilEnd;
    }

    /** {@code in} itself when the chunk runs to the end of its file. */
    public static InputStream of(InputStream in, DataChunk chunk) {
        return chunk.end() < 0 ? in : new ChunkEndInputStream(in, chunk.end() - chunk.start());
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            untilEnd--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        if (untilEnd > 0) {
            n = super.read(b, off, (int) Math.min(len, untilEnd));
        } else {
            n = super.read(b, off, Math.min(len, step));
            step = Math.min(MAX_STEP, step * 2);
        }
        if (n > 0) {
            untilEnd -= n;
        }
        return n;
    }
}
