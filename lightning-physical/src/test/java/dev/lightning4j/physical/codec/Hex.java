package dev.lightning4j.physical.codec;

import java.util.HexFormat;

/** Test helper: bytes from hex text with any spaces, commas and 0x prefixes. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String text) {
        String cleaned = text.replace("0x", " ").replaceAll("[^0-9A-Fa-f ]", " ").trim();
        StringBuilder sb = new StringBuilder();
        for (String tok : cleaned.split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            sb.append(tok.length() == 1 ? "0" + tok : tok);
        }
        return HexFormat.of().parseHex(sb.toString());
    }

    /** Bytes from numbers (each taken modulo 256), as TiKV's tests write them in decimal and TiDB's in hex. */
    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    public static String str(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
