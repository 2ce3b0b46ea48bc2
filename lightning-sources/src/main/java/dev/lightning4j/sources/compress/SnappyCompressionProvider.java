package dev.lightning4j.sources.compress;

import dev.lightning4j.spi.CompressionProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.xerial.snappy.SnappyFramedInputStream;

/**
 * Snappy ({@code .snappy}) in the framing format (a stream identifier, then checksummed chunks of at most 64 KiB),
 * which is what Dumpling writes (Go's {@code snappy.NewBufferedWriter}). Snappy-java's own stream format and raw
 * snappy blocks are refused with a message that says so.
 */
public final class SnappyCompressionProvider implements CompressionProvider {
    /** The stream identifier chunk that opens every framed stream. */
    private static final byte[] STREAM_ID = {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};
    /** The header of snappy-java's SnappyOutputStream format. */
    private static final byte[] XERIAL_MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};

    @Override
    public String name() {
        return "snappy";
    }

    @Override
    public Set<String> suffixes() {
        return Set.of("snappy");
    }

    @Override
    public InputStream decompress(InputStream raw) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, STREAM_ID.length);
        try {
            byte[] head = in.readNBytes(STREAM_ID.length);
            if (head.length == 0) {
                // Go's framed writer writes nothing at all for empty input.
                return InputStream.nullInputStream();
            }
            if (!Arrays.equals(head, STREAM_ID)) {
                in.close();
                throw new IOException(head.length >= XERIAL_MAGIC.length
                        && Arrays.equals(head, 0, XERIAL_MAGIC.length, XERIAL_MAGIC, 0, XERIAL_MAGIC.length)
                        ? "the file is in snappy-java's own stream format, not the Snappy framing format Dumpling "
                                + "writes; decompress it and import the plain file"
                        : "not Snappy framing format data (it starts with " + HexFormat.of().formatHex(head)
                                + " instead of the stream identifier ff060000734e61507059)");
            }
            in.unread(head);
            return new CodecStream(new SnappyFramedInputStream(in, true), name());
        } catch (IOException e) {
            in.close();
            throw e.getMessage() != null && e.getMessage().contains("Snappy framing") ? e
                    : CodecStream.translate(e, name());
        }
    }
}
