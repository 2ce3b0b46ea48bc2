package dev.lightning4j.physical;

import java.io.Closeable;
import java.io.IOException;

/** Closing several resources at once. */
final class Closeables {
    private Closeables() {
    }

    /**
     * Closes every non-null resource, in order, each one even when closing an earlier one failed; the first
     * failure is thrown, the later ones attached to it as suppressed.
     */
    static void closeAll(Closeable... resources) throws IOException {
        Throwable first = null;
        for (Closeable c : resources) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (IOException | RuntimeException | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw Throwables.rethrow(first);
        }
    }
}
