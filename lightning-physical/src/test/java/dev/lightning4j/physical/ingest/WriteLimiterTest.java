package dev.lightning4j.physical.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-store bandwidth limit, on a clock the test moves (no real waiting). */
class WriteLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Long> slept = new ArrayList<>();

    private WriteLimiter limiter(long bytesPerSecond) {
        return new WriteLimiter(bytesPerSecond, now::get, nanos -> {
            slept.add(nanos);
            now.addAndGet(nanos);
        });
    }

    @Test
    void batchesWaitSoThatTheRateStaysAtTheLimit() throws Exception {
        WriteLimiter l = limiter(1 << 20);
        long start = now.get();
        assertThat(l.acquire(1 << 20)).isZero();
        for (int i = 0; i < 4; i++) {
            l.acquire(1 << 20);
        }
        // Five MiB at 1 MiB/s: the last batch starts four seconds after the first.
        assertThat(now.get() - start).isEqualTo(4_000_000_000L);
        assertThat(slept).hasSize(4).allMatch(n -> n == 1_000_000_000L);
    }

    @Test
    void idleTimeIsNotSavedUpForALaterBurst() throws Exception {
        WriteLimiter l = limiter(1000);
        l.acquire(1000);
        now.addAndGet(10_000_000_000L);
        assertThat(l.acquire(1000)).isZero();
        assertThat(l.acquire(500)).isEqualTo(1_000_000_000L);
    }

    @Test
    void concurrentWritersShareTheLimit() throws Exception {
        WriteLimiter l = new WriteLimiter(10L << 20);
        AtomicLong total = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < 5; i++) {
                        l.acquire(256 << 10);
                        total.addAndGet(256 << 10);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        // 5 MiB at 10 MiB/s: the last reservation starts at least 0.475 s after the first (a lower bound only).
        assertThat(total.get()).isEqualTo(5L << 20);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(475_000_000L);
    }

    @Test
    void aLimitMustBePositive() {
        assertThatThrownBy(() -> new WriteLimiter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
