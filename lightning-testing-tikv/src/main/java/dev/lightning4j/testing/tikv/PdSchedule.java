package dev.lightning4j.testing.tikv;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * PD's schedulers and schedule config as its HTTP API shows them: schedulers can be paused for a number of
 * seconds ({@code POST /schedulers/{name} {"delay": N}}, 0 resumes), and schedule settings can be set for a
 * time ({@code POST /config?ttlSecond=N {"schedule.key": value}}; {@code ttlSecond=0} drops those temporary
 * values) or for good (without {@code ttlSecond}). Thread-safe.
 */
final class PdSchedule {
    private final Map<String, Instant> pausedUntil = new LinkedHashMap<>();
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final Map<String, Object> temporary = new LinkedHashMap<>();
    private final Map<String, Instant> temporaryUntil = new LinkedHashMap<>();

    PdSchedule() {
        for (String s : List.of("balance-leader-scheduler", "balance-region-scheduler", "balance-hot-region-scheduler",
                "evict-slow-store-scheduler")) {
            pausedUntil.put(s, Instant.EPOCH);
        }
        // PD's defaults.
        config.put("max-merge-region-size", 20.0);
        config.put("max-merge-region-keys", 200000.0);
        config.put("leader-schedule-limit", 4.0);
        config.put("region-schedule-limit", 2048.0);
        config.put("max-snapshot-count", 64.0);
        config.put("max-pending-peer-count", 64.0);
        config.put("enable-location-replacement", "true");
    }

    synchronized List<String> schedulers() {
        return List.copyOf(pausedUntil.keySet());
    }

    /** Pauses (delay &gt; 0) or resumes (0) a scheduler; false when there is no such scheduler. */
    synchronized boolean pause(String scheduler, long delaySeconds) {
        if (!pausedUntil.containsKey(scheduler)) {
            return false;
        }
        if (delaySeconds < 0) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        pausedUntil.put(scheduler, Instant.now().plus(Duration.ofSeconds(delaySeconds)));
        return true;
    }

    synchronized Set<String> paused() {
        Instant now = Instant.now();
        Set<String> out = new TreeSet<>();
        pausedUntil.forEach((k, v) -> {
            if (v.isAfter(now)) {
                out.add(k);
            }
        });
        return out;
    }

    /** Sets {@code schedule.*} keys: for {@code ttlSeconds} when given (0 drops those temporary values). */
    synchronized void set(Map<?, ?> values, Long ttlSeconds) {
        for (Map.Entry<?, ?> e : values.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!key.startsWith("schedule.")) {
                throw new IllegalArgumentException("config item " + key + " not found");
            }
            String k = key.substring("schedule.".length());
            if (!config.containsKey(k)) {
                throw new IllegalArgumentException("config item " + key + " not found");
            }
            if (ttlSeconds == null) {
                config.put(k, e.getValue());
            } else if (ttlSeconds == 0) {
                temporary.remove(k);
                temporaryUntil.remove(k);
            } else {
                temporary.put(k, e.getValue());
                temporaryUntil.put(k, Instant.now().plusSeconds(ttlSeconds));
            }
        }
    }

    /** The schedule config in effect now (temporary values that have not expired over the lasting ones). */
    synchronized Map<String, Object> effective() {
        Instant now = Instant.now();
        Map<String, Object> out = new LinkedHashMap<>(config);
        temporary.forEach((k, v) -> {
            if (temporaryUntil.get(k).isAfter(now)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
