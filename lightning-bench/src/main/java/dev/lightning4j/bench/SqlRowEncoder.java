package dev.lightning4j.bench;

/** Renders values as MySQL literals the way Dumpling does: quoted, backslash-escaped strings; hex blobs. */
final class SqlRowEncoder extends QuotingRowEncoder {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    SqlRowEncoder(ByteSink out) {
        super(out, '\'', true);
    }

    @Override
    public void binary(byte[] bytes, int off, int len) {
        separate();
        // x'' is the empty binary string; the hex form keeps arbitrary bytes safe in a text file.
        out.ascii("x'");
        for (int i = off; i < off + len; i++) {
            out.put(HEX[(bytes[i] >> 4) & 0xf]).put(HEX[bytes[i] & 0xf]);
        }
        out.put('\'');
    }

    @Override
    public void nullValue() {
        separate();
        out.ascii("NULL");
    }
}
