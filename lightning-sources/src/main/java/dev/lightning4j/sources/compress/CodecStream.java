package dev.lightning4j.sources.compress;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A decompressing stream whose failures say, in the codec's words, whether the data broke off (a truncated copy)
 * or does not decode (corrupt bytes). The engine adds the file and the position.
 */
final class CodecStream extends FilterInputStream {
    private final String codec;

    CodecStream(InputStream decoded, String codec) {
        super(decoded);
        this.codec = codec;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    private IOException translate(IOException e) {
        return translate(e, codec);
    }

    static IOException translate(IOException e, String codec) {
        if (e instanceof EOFException) {
            return new IOException(codec + " data ends early: the file is truncated", e);
        }
        String m = e.getMessage();
        return new IOException(codec + " data does not decode: " + (m == null ? e.getClass().getSimpleName() : m), e);
    }
}
