package dev.lightning4j.physical.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads the weight tables bundled next to this class: US-ASCII lines, blank ones and {@code #} comments skipped. */
final class WeightsResource {
    private static final char[] NONE = new char[0];

    private WeightsResource() {
    }

    /** Receives the weights of one code point. */
    @FunctionalInterface
    interface CodePointWeights {
        /** {@code weights} may be shared between code points: do not modify it. */
        void accept(int cp, char[] weights);
    }

    /** Hands every content line of the resource {@code name} to {@code line}. */
    static void forEachLine(String name, Consumer<String> line) {
        try (InputStream in = WeightsResource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String l;
            while ((l = r.readLine()) != null) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    line.accept(l);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a UCA table of lines {@code START[-END]<TAB>WEIGHTS} (hex; no weights = ignorable; {@code +W} =
     * W, W+1, ... one per code point; at most 8 non-zero weights) and hands each listed code point, all
     * below {@code limit}, to {@code sink}.
     */
    static void forEachCodePoint(String name, int limit, CodePointWeights sink) {
        forEachLine(name, line -> {
            int tab = line.indexOf('\t');
            String range = line.substring(0, tab);
            String ws = line.substring(tab + 1).trim();
            int dash = range.indexOf('-');
            int start = Integer.parseInt(dash < 0 ? range : range.substring(0, dash), 16);
            int end = dash < 0 ? start : Integer.parseInt(range.substring(dash + 1), 16);
            boolean counting = ws.startsWith("+");
            if (counting) {
                ws = ws.substring(1);
            }
            char[] w = NONE;
            if (!ws.isEmpty()) {
                String[] parts = ws.split(" ");
                w = new char[parts.length];
                for (int k = 0; k < parts.length; k++) {
                    w[k] = (char) Integer.parseInt(parts[k], 16);
                    if (w[k] == 0) {
                        throw new IllegalStateException("zero weight listed for U+" + range + " in " + name);
                    }
                }
            }
            if (w.length > 8 || counting && w.length != 1 || end >= limit || start > end) {
                throw new IllegalStateException("bad line for U+" + range + " in " + name);
            }
            for (int cp = start; cp <= end; cp++) {
                sink.accept(cp, counting ? new char[] {(char) (w[0] + cp - start)} : w);
            }
        });
    }
}
