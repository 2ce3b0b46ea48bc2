package dev.lightning4j.physical.ingest;

import dev.lightning4j.physical.codec.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tikv-importer.pause-pd-scheduler-scope = "global"}: while any holder needs it, PD's balance and shuffle
 * schedulers are paused and the schedule settings that move or merge regions are held down for a TTL through
 * PD's HTTP API, refreshed at a third of it, and put back when the last holder lets go (as TiDB Lightning and
 * BR do it for clusters without region-label rules, PD before 6.1). Best effort: a PD that refuses gets a
 * warning and the import goes on.
 */
final class GlobalSchedulePause {
    private static final Logger LOG = LoggerFactory.getLogger(GlobalSchedulePause.class);
    /** The schedulers that move regions or leaders. */
    static final Set<String> SCHEDULERS = Set.of("balance-leader-scheduler", "balance-hot-region-scheduler",
            "balance-region-scheduler", "shuffle-leader-scheduler", "shuffle-region-scheduler",
            "shuffle-hot-region-scheduler");

    private final HttpClient http;
    private final String base;
    private final Duration timeout;
    private final Duration ttl;
    private final ScheduledExecutorService scheduler;
    private final IntSupplier stores;
    private int holders;
    private List<String> paused = List.of();
    private Map<String, Object> original = Map.of();
    private ScheduledFuture<?> refresh;
    private java.util.function.UnaryOperator<String> share;

    GlobalSchedulePause(HttpClient http, String pdHttpBase, Duration timeout, Duration ttl,
            ScheduledExecutorService scheduler, IntSupplier stores) {
        this.http = http;
        this.base = pdHttpBase + "/pd/api/v1";
        this.timeout = timeout;
        this.ttl = ttl;
        this.scheduler = scheduler;
        this.stores = stores;
    }

    /**
     * Parallel imports of one cluster: {@code share} takes the settings' values before this import paused them (as
     * JSON) and returns those recorded by the first import that paused, so every import holds and finally puts
     * back the values the cluster had before any import.
     */
    synchronized void shareOriginals(java.util.function.UnaryOperator<String> share) {
        this.share = share;
    }

    /** Takes the pause (the first holder pauses); the returned action lets it go (the last one resumes). */
    synchronized Runnable acquire() {
        java.util.function.Consumer<Boolean> h = hold();
        return () -> h.accept(true);
    }

    /**
     * As {@link #acquire()}; when the last holder lets go with {@code false}, the pause is no longer refreshed but
     * not lifted either: another import of the cluster still holds it and puts the settings back.
     */
    synchronized java.util.function.Consumer<Boolean> hold() {
        if (holders++ == 0) {
            start();
        }
        boolean[] done = new boolean[1];
        return undo -> {
            synchronized (this) {
                if (!done[0]) {
                    done[0] = true;
                    if (--holders == 0) {
                        if (undo) {
                            stop();
                        } else {
                            leave();
                        }
                    }
                }
            }
        };
    }

    private void leave() {
        if (refresh != null) {
            refresh.cancel(false);
            refresh = null;
        }
        LOG.info("PD scheduling pause left to another import, which resumes schedulers {} and puts back {} (else it"
                + " lapses after {})", paused, original, ttl);
        paused = List.of();
        original = Map.of();
    }

    /** What each setting is held at while paused, from its value and the number of stores (Lightning's rules). */
    static Map<String, Object> pausedValues(Map<String, Object> current, int stores) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : current.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "max-merge-region-keys", "max-merge-region-size" -> out.put(e.getKey(), 0L);
                case "leader-schedule-limit", "region-schedule-limit", "max-snapshot-count" -> {
                    if (v instanceof Number n) {
                        out.put(e.getKey(), Math.min(40.0, n.doubleValue() * stores));
                    }
                }
                case "enable-location-replacement" -> out.put(e.getKey(), "false");
                case "max-pending-peer-count" -> out.put(e.getKey(), (long) Integer.MAX_VALUE);
                default -> {
                }
            }
        }
        return out;
    }

    private void start() {
        try {
            Object cfg = JsonText.parse(get("/config/schedule"));
            Map<String, Object> current = new LinkedHashMap<>();
            if (cfg instanceof Map<?, ?> m) {
                m.forEach((k, v) -> current.put(String.valueOf(k), v));
            }
            Map<String, Object> hold = pausedValues(current, Math.max(1, stores.getAsInt()));
            Map<String, Object> saved = new LinkedHashMap<>();
            for (String k : hold.keySet()) {
                saved.put(k, current.get(k));
            }
            if (share != null) {
                String first = share.apply(objectJson(saved));
                if (JsonText.parse(first) instanceof Map<?, ?> m && !m.isEmpty()) {
                    // Another import paused first: what the cluster had then is what is held from and put back.
                    saved = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        saved.put(String.valueOf(e.getKey()), e.getValue());
                    }
                    hold = pausedValues(saved, Math.max(1, stores.getAsInt()));
                }
            }
            List<String> names = new ArrayList<>();
            if (JsonText.parse(get("/schedulers")) instanceof List<?> list) {
                for (Object o : list) {
                    if (SCHEDULERS.contains(String.valueOf(o))) {
                        names.add(String.valueOf(o));
                    }
                }
            }
            pauseAll(names, hold);
            paused = names;
            original = saved;
            long every = Math.max(1000, ttl.toMillis() / 3);
            refresh = scheduler.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
            LOG.info("PD scheduling paused for the import: schedulers {}, settings {}", names, hold);
        } catch (IOException | RuntimeException e) {
            LOG.warn("pausing PD's schedulers at {} failed ({}); importing without the pause, so PD may move regions"
                    + " meanwhile", base, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void refresh() {
        if (holders == 0) {
            return;
        }
        try {
            pauseAll(paused, pausedValues(original, Math.max(1, stores.getAsInt())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("refreshing the PD scheduling pause failed ({}); it lapses after {}", e.toString(), ttl);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pauseAll(List<String> names, Map<String, Object> hold) throws IOException, InterruptedException {
        for (String s : names) {
            post("/schedulers/" + s, "{\"delay\":" + Math.max(1, ttl.toSeconds()) + "}");
        }
        if (!hold.isEmpty()) {
            post("/config?ttlSecond=" + Math.max(1, ttl.toSeconds()), scheduleJson(hold));
        }
    }

    private void stop() {
        if (refresh != null) {
            refresh.cancel(false);
            refresh = null;
        }
        try {
            for (String s : paused) {
                post("/schedulers/" + s, "{\"delay\":0}");
            }
            if (!original.isEmpty()) {
                // ttlSecond=0 drops the temporary values at once; the lasting ones were never changed.
                post("/config?ttlSecond=0", scheduleJson(original));
            }
            LOG.info("PD scheduling resumed: schedulers {}, settings back to {}", paused, original);
        } catch (IOException | RuntimeException e) {
            LOG.warn("resuming PD's schedulers failed ({}); the pause lapses after {}", e.toString(), ttl);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            paused = List.of();
            original = Map.of();
        }
    }

    /** The values as a JSON object under their own keys. */
    static String objectJson(Map<String, Object> values) {
        return json(values, "");
    }

    static String scheduleJson(Map<String, Object> values) {
        return json(values, "schedule.");
    }

    private static String json(Map<String, Object> values, String prefix) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(prefix).append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
                b.append(d.longValue());
            } else if (v instanceof Number || v instanceof Boolean) {
                b.append(v);
            } else {
                b.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return b.append('}').toString();
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private void post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }
}
