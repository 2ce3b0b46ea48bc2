package dev.lightning4j.physical.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/** Writes the weight tables the generators produce, in the format {@link WeightsResource} reads. */
final class WeightsTsvWriter {
    private WeightsTsvWriter() {
    }

    /**
     * {@code header}, then one line per run of code points: {@code START[-END]<TAB>WEIGHTS}. A run repeats the
     * same weights (or none: ignorable), or with {@code +} before a single weight, counts it up by one per code
     * point. Code points for which {@code omitted} holds are not written (they weigh implicitly).
     */
    static String render(String header, char[][] w, IntPredicate omitted) {
        StringBuilder sb = new StringBuilder(header);
        int n = w.length;
        int cp = 0;
        while (cp < n) {
            if (omitted.test(cp)) {
                cp++;
                continue;
            }
            int end = cp;
            boolean counting = false;
            if (w[cp].length == 1 && cp + 1 < n && !omitted.test(cp + 1) && w[cp + 1].length == 1
                    && w[cp + 1][0] == w[cp][0] + 1) {
                counting = true;
                while (end + 1 < n && !omitted.test(end + 1) && w[end + 1].length == 1
                        && w[end + 1][0] == w[end][0] + 1) {
                    end++;
                }
            } else {
                while (end + 1 < n && !omitted.test(end + 1) && Arrays.equals(w[end + 1], w[cp])) {
                    end++;
                }
            }
            sb.append(String.format("%04X", cp));
            if (end > cp) {
                sb.append(String.format("-%04X", end));
            }
            sb.append('\t');
            if (counting) {
                sb.append('+');
            }
            List<String> hs = new ArrayList<>();
            for (char c : w[cp]) {
                hs.add(String.format("%04X", (int) c));
            }
            sb.append(String.join(" ", hs)).append('\n');
            cp = end + 1;
        }
        return sb.toString();
    }
}
