package dev.lightning4j.core.checkpoint;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text forms of checkpoint fields: percent-encoded so that tabs, newlines and commas inside names are safe. */
final class Codec {
    private Codec() {
    }

    static String enc(String s) {
        return s == null ? "-" : "=" + URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String dec(String s) {
        if (s.equals("-")) {
            return null;
        }
        if (!s.startsWith("=")) {
            throw new IllegalArgumentException("bad field: " + s);
        }
        return URLDecoder.decode(s.substring(1), StandardCharsets.UTF_8);
    }

    /** A column list: null, or the names each encoded and joined by commas. */
    static String columns(List<String> columns) {
        if (columns == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String c : columns) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(URLEncoder.encode(c, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static List<String> columns(String text) {
        if (text == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (!text.isEmpty()) {
            for (String part : text.split(",", -1)) {
                out.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** A fingerprint as lines of name=value, both encoded. */
    static String map(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        m.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb
                .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).append('\n'));
        return sb.toString();
    }

    static Map<String, String> map(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(line.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(line.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }
}
