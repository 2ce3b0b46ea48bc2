package dev.lightning4j.logical;

/** Exponential back-off between retries of one batch: 100 ms doubling up to 5 s, 8 attempts in all. */
final class Backoff {
    static final int MAX_ATTEMPTS = 8;
    private static final long FIRST_MILLIS = 100;
    private static final long MAX_MILLIS = 5_000;

    private Backoff() {
    }

    /** The pause after failed attempt {@code attempt} (1-based). */
    static long pauseMillis(int attempt) {
        long pause = FIRST_MILLIS << Math.min(attempt - 1, 16);
        return Math.min(pause, MAX_MILLIS);
    }
}
