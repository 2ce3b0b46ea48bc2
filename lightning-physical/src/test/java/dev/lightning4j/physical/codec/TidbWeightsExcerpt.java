package dev.lightning4j.physical.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An excerpt of one of TiDB's generated UCA tables, as the test resources hold it: after {@code @ START}, the
 * packed entries (up to four 16-bit weights, the first in the low bits) of consecutive code points from START;
 * after {@code @ long}, lines of a code point followed by its packed weights, for the code points whose packed
 * entry is {@link #LONG_RUNE}.
 *
 * @param packed the packed entry of each code point
 * @param longMap the weights of each code point of the long map
 */
record TidbWeightsExcerpt(Map<Integer, Long> packed, Map<Integer, List<Character>> longMap) {
    /** The packed entry telling that the weights are in the long map. */
    static final long LONG_RUNE = 0xFFFD;
    private static final Pattern HEX = Pattern.compile("0x([0-9A-F]+)");

    /** Reads the test resource {@code name} next to this class. */
    static TidbWeightsExcerpt read(String name) throws IOException {
        String text;
        try (InputStream in = TidbWeightsExcerpt.class.getResourceAsStream(name)) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        Map<Integer, Long> packed = new HashMap<>();
        Map<Integer, List<Character>> longMap = new HashMap<>();
        int cp = -1;
        boolean inLong = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (line.startsWith("@ ")) {
                inLong = line.equals("@ long");
                cp = inLong ? -1 : Integer.parseInt(line.substring(2), 16);
                continue;
            }
            Matcher m = HEX.matcher(line);
            List<Long> vals = new ArrayList<>();
            while (m.find()) {
                vals.add(Long.parseUnsignedLong(m.group(1), 16));
            }
            if (inLong) {
                List<Character> ws = new ArrayList<>();
                for (long v : vals.subList(1, vals.size())) {
                    ws.addAll(unpack(v));
                }
                longMap.put(vals.get(0).intValue(), ws);
            } else {
                for (long v : vals) {
                    packed.put(cp++, v);
                }
            }
        }
        return new TidbWeightsExcerpt(packed, longMap);
    }

    /** The weights of a packed entry, first to last. */
    static List<Character> unpack(long v) {
        List<Character> out = new ArrayList<>();
        while (v != 0) {
            out.add((char) (v & 0xFFFF));
            v >>>= 16;
        }
        return out;
    }

    /** {@code w} as a list, to compare with {@link #unpack} and the long map. */
    static List<Character> chars(char[] w) {
        List<Character> out = new ArrayList<>();
        for (char c : w) {
            out.add(c);
        }
        return out;
    }
}
