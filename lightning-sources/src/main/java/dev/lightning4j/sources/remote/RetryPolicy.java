package dev.lightning4j.sources.remote;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a remote call is tried again: exponential backoff with full jitter, so
 * many readers that fail together do not come back together.
 *
 * @param maxAttempts attempts in a row without progress, the first included
 * @param initialBackoff wait after the first failure
 * @param maxBackoff cap of a single wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** Eight attempts, 200 ms doubling up to 10 s: rides out about half a minute of trouble. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(10));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
        }
    }

    /** Waits before attempt {@code failures + 1}. */
    void pause(int failures) throws InterruptedIOException {
        long cap = maxBackoff.toMillis();
        long exp = initialBackoff.toMillis() << Math.min(failures - 1, 20);
        long bound = Math.min(cap, exp);
        long millis = bound <= 0 ? 0 : bound / 2 + ThreadLocalRandom.current().nextLong(bound / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException ie = new InterruptedIOException("interrupted while waiting to retry");
            ie.initCause(e);
            throw ie;
        }
    }
}
