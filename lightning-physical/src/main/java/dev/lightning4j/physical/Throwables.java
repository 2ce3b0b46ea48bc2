package dev.lightning4j.physical;

import java.io.IOException;

/** Passing on a failure caught as a {@link Throwable}. */
final class Throwables {
    private Throwables() {
    }

    /**
     * Throws {@code t} as it is when it is an {@link IOException}, a {@link RuntimeException} or an
     * {@link Error}; otherwise returns it wrapped in an {@link IllegalStateException}, for the caller to throw
     * ({@code throw Throwables.rethrow(t)}).
     */
    static IllegalStateException rethrow(Throwable t) throws IOException {
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(t);
    }
}
