package dev.lightning4j.testing.tikv;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of PD's HTTP API an importer uses: region-label rules (the scheduling pause), schedulers and the
 * schedule config (the global pause), the version, stores and the replication config.
 */
final class PdHttpServer implements AutoCloseable {
    private static final String API = "/pd/api/v1";
    private static final String RULE = API + "/config/region-label/rule";
    private static final String RULES = API + "/config/region-label/rules";
    private static final int MAX_BODY = 1 << 20;
    private static final String KEYSPACES = "/pd/api/v2/keyspaces";

    private final ClusterState state;
    private final HttpServer server;
    private final ExecutorService executor;

    PdHttpServer(ClusterState state) throws IOException {
        this.state = state;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "pd-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(API, this::handle);
        server.createContext(KEYSPACES, this::handleKeyspace);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                route(ex, method, path);
            } catch (IllegalArgumentException e) {
                send(ex, 400, Json.write(e.getMessage()));
            }
        }
    }

    /**
     * {@code GET /pd/api/v2/keyspaces/{name}}: the keyspace of an API V2 stand-in as PD describes it; any other
     * name fails as in PD (HTTP 500, "keyspace does not exist"). In API V1 the stand-in is a PD without keyspaces
     * (HTTP 404).
     */
    private void handleKeyspace(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            ApiMode api = state.api;
            if (!api.v2()) {
                send(ex, 404, "404 page not found");
                return;
            }
            if (!ex.getRequestMethod().equals("GET") || !path.startsWith(KEYSPACES + "/")) {
                send(ex, 405, Json.write("only GET " + KEYSPACES + "/{name} is served"));
                return;
            }
            String name = java.net.URLDecoder.decode(path.substring(KEYSPACES.length() + 1), StandardCharsets.UTF_8);
            if (!name.equals(api.name())) {
                send(ex, 500, Json.write("[PD:keyspace:ErrKeyspaceNotFound]keyspace does not exist"));
                return;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", (long) api.id());
            out.put("name", api.name());
            out.put("state", api.state());
            out.put("created_at", 1_700_000_000L);
            out.put("state_changed_at", 1_700_000_000L);
            out.put("config", Map.of());
            send(ex, 200, Json.write(out));
        }
    }

    private void route(HttpExchange ex, String method, String path) throws IOException {
        if (path.equals(RULE) && method.equals("POST")) {
            state.putLabelRule(parseRule(Json.parse(body(ex))));
            send(ex, 200, Json.write("Update region label rule successfully."));
        } else if (path.startsWith(RULE + "/") && method.equals("DELETE")) {
            String id = java.net.URLDecoder.decode(path.substring(RULE.length() + 1), StandardCharsets.UTF_8);
            if (state.deleteLabelRule(id)) {
                send(ex, 200, Json.write("Delete region label rule successfully."));
            } else {
                send(ex, 404, Json.write("rule " + id + " not found"));
            }
        } else if (path.startsWith(RULE + "/") && method.equals("GET")) {
            String id = java.net.URLDecoder.decode(path.substring(RULE.length() + 1), StandardCharsets.UTF_8);
            for (LabelRule r : state.labelRules()) {
                if (r.id().equals(id)) {
                    send(ex, 200, Json.write(toJson(r)));
                    return;
                }
            }
            send(ex, 404, Json.write("rule " + id + " not found"));
        } else if (path.equals(RULES) && method.equals("GET")) {
            List<Object> out = new ArrayList<>();
            for (LabelRule r : state.labelRules()) {
                out.add(toJson(r));
            }
            send(ex, 200, Json.write(out));
        } else if (path.equals(RULES) && method.equals("PATCH")) {
            Map<?, ?> patch = asMap(Json.parse(body(ex)), "patch");
            List<LabelRule> sets = new ArrayList<>();
            for (Object o : asList(patch.get("sets"), "sets")) {
                sets.add(parseRule(o));
            }
            for (Object id : asList(patch.get("deletes"), "deletes")) {
                state.deleteLabelRule(String.valueOf(id));
            }
            sets.forEach(state::putLabelRule);
            send(ex, 200, Json.write("Update region label rules successfully."));
        } else if (path.equals(API + "/schedulers") && method.equals("GET")) {
            send(ex, 200, Json.write(state.schedule.schedulers()));
        } else if (path.startsWith(API + "/schedulers/") && method.equals("POST")) {
            String name = path.substring((API + "/schedulers/").length());
            Object delay = asMap(Json.parse(body(ex)), "pause").get("delay");
            if (!(delay instanceof Number n)) {
                throw new IllegalArgumentException("missing \"delay\"");
            }
            if (state.schedule.pause(name, n.longValue())) {
                send(ex, 200, Json.write("Pause or resume the scheduler successfully."));
            } else {
                send(ex, 500, Json.write("scheduler not found"));
            }
        } else if (path.equals(API + "/config/schedule") && method.equals("GET")) {
            send(ex, 200, Json.write(state.schedule.effective()));
        } else if (path.equals(API + "/config") && method.equals("POST")) {
            String query = ex.getRequestURI().getQuery();
            Long ttl = null;
            if (query != null) {
                Matcher m = Pattern.compile("(?:^|&)ttlSecond=(\\d+)").matcher(query);
                if (m.find()) {
                    ttl = Long.parseLong(m.group(1));
                }
            }
            state.schedule.set(asMap(Json.parse(body(ex)), "config"), ttl);
            send(ex, 200, Json.write("The config is updated."));
        } else if (path.equals(API + "/version") && method.equals("GET")) {
            send(ex, 200, Json.write(Map.of("version", "v" + ClusterState.STORE_VERSION)));
        } else if (path.equals(API + "/config/cluster-version") && method.equals("GET")) {
            send(ex, 200, Json.write(ClusterState.STORE_VERSION));
        } else if (path.equals(API + "/config/replicate") && method.equals("GET")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("max-replicas", state.replicas);
            m.put("location-labels", "");
            send(ex, 200, Json.write(m));
        } else if (path.equals(API + "/stores") && method.equals("GET")) {
            List<Object> stores = new ArrayList<>();
            for (ClusterState.StoreInfo s : state.storesSnapshot()) {
                Map<String, Object> store = new LinkedHashMap<>();
                store.put("id", s.id);
                store.put("address", s.address);
                store.put("version", ClusterState.STORE_VERSION);
                store.put("state_name", "Up");
                List<Object> labels = new ArrayList<>();
                if (s.tiflash) {
                    labels.add(Map.of("key", "engine", "value", "tiflash"));
                }
                store.put("labels", labels);
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("store", store);
                one.put("status", Map.of("capacity", "100GiB", "available", "90GiB"));
                stores.add(one);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", stores.size());
            m.put("stores", stores);
            send(ex, 200, Json.write(m));
        } else {
            send(ex, 404, Json.write("no " + method + " " + path + " in this PD stand-in"));
        }
    }

    private static Map<String, Object> toJson(LabelRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        List<Object> labels = new ArrayList<>();
        for (LabelRule.Label l : r.labels()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("key", l.key());
            lm.put("value", l.value());
            if (!l.ttl().isEmpty()) {
                lm.put("ttl", l.ttl());
            }
            labels.add(lm);
        }
        m.put("labels", labels);
        m.put("rule_type", r.ruleType());
        List<Object> data = new ArrayList<>();
        for (LabelRule.KeyRange k : r.ranges()) {
            data.add(Map.of("start_key", TikvKeys.hex(k.startKey()), "end_key", TikvKeys.hex(k.endKey())));
        }
        m.put("data", data);
        return m;
    }

    /** Parses PD's label-rule JSON, checking what PD checks: an ID, labels, and for key-range rules hex ranges. */
    static LabelRule parseRule(Object json) {
        Map<?, ?> m = asMap(json, "rule");
        Object id = m.get("id");
        if (!(id instanceof String sid) || sid.isEmpty()) {
            throw new IllegalArgumentException("region label rule needs a non-empty string \"id\"");
        }
        Object type = m.get("rule_type");
        String ruleType = type == null ? "" : String.valueOf(type);
        if (!"key-range".equals(ruleType)) {
            throw new IllegalArgumentException("invalid rule type " + ruleType + " in rule " + sid
                    + " (this stand-in knows key-range)");
        }
        List<LabelRule.Label> labels = new ArrayList<>();
        Instant now = Instant.now();
        Instant expires = null;
        for (Object o : asList(m.get("labels"), "labels")) {
            Map<?, ?> lm = asMap(o, "label");
            String key = str(lm.get("key"));
            String value = str(lm.get("value"));
            if (key.isEmpty()) {
                throw new IllegalArgumentException("label without a key in rule " + sid);
            }
            String ttl = str(lm.get("ttl"));
            if (!ttl.isEmpty()) {
                Instant at = now.plus(goDuration(ttl));
                expires = expires == null || at.isBefore(expires) ? at : expires;
            }
            labels.add(new LabelRule.Label(key, value, ttl));
        }
        List<LabelRule.KeyRange> ranges = new ArrayList<>();
        Object data = m.get("data");
        List<?> dl = data instanceof Map<?, ?> single ? List.of(single) : asList(data, "data");
        if (dl.isEmpty()) {
            throw new IllegalArgumentException("key-range rule " + sid + " has no ranges in \"data\"");
        }
        for (Object o : dl) {
            Map<?, ?> km = asMap(o, "data");
            byte[] start;
            byte[] end;
            try {
                start = HexFormat.of().parseHex(str(km.get("start_key")));
                end = HexFormat.of().parseHex(str(km.get("end_key")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key-range rule " + sid + ": start_key and end_key must be hex: "
                        + e.getMessage());
            }
            if (end.length > 0 && TikvKeys.compare(start, end) >= 0) {
                throw new IllegalArgumentException("key-range rule " + sid + ": endKey should be greater than startKey ("
                        + TikvKeys.hex(start) + " >= " + TikvKeys.hex(end) + ")");
            }
            ranges.add(new LabelRule.KeyRange(start, end));
        }
        return new LabelRule(sid, ruleType, List.copyOf(labels), List.copyOf(ranges), expires);
    }

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    /** Go's time.ParseDuration for the units PD accepts. */
    static Duration goDuration(String text) {
        Matcher mt = DURATION_PART.matcher(text);
        int pos = 0;
        double nanos = 0;
        while (mt.find()) {
            if (mt.start() != pos) {
                break;
            }
            double n = Double.parseDouble(mt.group(1));
            nanos += n * switch (mt.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            pos = mt.end();
        }
        if (pos != text.length() || text.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\" (Go form, such as 1h0m0s or 10m)");
        }
        return Duration.ofNanos((long) nanos);
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static Map<?, ?> asMap(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException("expected a JSON object for " + what);
    }

    private static List<?> asList(Object o, String what) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("expected a JSON array for " + what);
    }

    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new IllegalArgumentException("request body over " + MAX_BODY + " bytes");
            }
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange ex, int code, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
