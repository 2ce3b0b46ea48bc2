package dev.lightning4j.physical.ingest;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A bandwidth limit for the Write streams to one store ({@code tikv-importer.store-write-bwlimit}): every
 * batch reserves its bytes on the store's timeline and waits until its reservation starts, so all region jobs
 * writing to that store together send at most the limit per second (after a first batch sent at once).
 */
final class WriteLimiter {
    /** Waits for the given nanoseconds. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double nanosPerByte;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long free;
    private boolean started;

    WriteLimiter(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    WriteLimiter(long bytesPerSecond, LongSupplier clock, Sleeper sleeper) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be positive, was " + bytesPerSecond);
        }
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Reserves {@code bytes} and waits until the reservation starts.
     *
     * @return the nanoseconds waited
     */
    long acquire(long bytes) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = clock.getAsLong();
            long start = !started || free - now < 0 ? now : free;
            started = true;
            free = start + (long) (bytes * nanosPerByte);
            wait = start - now;
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
        return Math.max(0, wait);
    }
}
