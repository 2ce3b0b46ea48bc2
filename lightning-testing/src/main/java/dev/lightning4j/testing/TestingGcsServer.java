package dev.lightning4j.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A small in-process server speaking the part of the Google Cloud Storage JSON API that reading needs:
 * listing objects by prefix with {@code pageToken} pagination, object metadata, and media download with
 * {@code Range}. It pages at most {@link #pageSize(int)} objects whatever the client asks, so tests see
 * pagination with a handful of objects, and it can fail media downloads on purpose ({@link #failNextReads}).
 * Objects live in memory: keep them small.
 */
public final class TestingGcsServer implements AutoCloseable {

    /** A failure served instead of (or in the middle of) the next media download. */
    public enum Fault {
        /** HTTP 500 before any byte. */
        ERROR_500,
        /** HTTP 503 before any byte, as under throttling. */
        ERROR_503,
        /** HTTP 429 before any byte. */
        ERROR_429,
        /** Headers for the whole range, half of the bytes, then the connection is closed. */
        DROP_MID_BODY
    }

    private record StoredObject(byte[] data, long generation) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
    private record PendingFault(String object, Fault fault) {
    }

    private final Deque<PendingFault> faults = new ArrayDeque<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private volatile int pageSize = 1000;

    /** The access token {@code POST /token} hands out. */
    public static final String ACCESS_TOKEN = "ya29.testing-access-token";

    private TestingGcsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "testing-gcs");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static TestingGcsServer start() {
        try {
            return new TestingGcsServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the GCS test server", e);
        }
    }

    /** {@code http://127.0.0.1:port}, for the client's host / the {@code endpoint} option. */
    public String endpoint() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public void createBucket(String bucket) {
        buckets.computeIfAbsent(bucket, b -> Collections.synchronizedNavigableMap(new TreeMap<>()));
    }

    public void put(String bucket, String name, byte[] data) {
        createBucket(bucket);
        buckets.get(bucket).put(name, new StoredObject(data.clone(), generations.incrementAndGet()));
    }

    /** Uploads every file under {@code dir} as {@code prefix + relative path}. */
    public void putDirectory(String bucket, String prefix, Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                put(bucket, prefix + rel, Files.readAllBytes(f));
            }
        }
    }

    /** The most objects one list page holds, whatever the client asks for. */
    public void pageSize(int n) {
        this.pageSize = n;
    }

    /** Serves these faults, in order, to the next media downloads. */
    public void failNextReads(Fault... next) {
        failNextReadsOf(null, next);
    }

    /** Serves these faults, in order, to the next media downloads of the object named {@code object}. */
    public void failNextReadsOf(String object, Fault... next) {
        synchronized (faults) {
            for (Fault f : next) {
                faults.add(new PendingFault(object, f));
            }
        }
    }

    /** Injected faults not served yet. */
    public int pendingFaults() {
        synchronized (faults) {
            return faults.size();
        }
    }

    /** Requests seen so far: {@code METHOD path?query [Range]}. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Authorization headers seen so far. */
    public List<String> authorizations() {
        synchronized (authorizations) {
            return List.copyOf(authorizations);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String rawPath = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            String range = ex.getRequestHeaders().getFirst("Range");
            requests.add(ex.getRequestMethod() + " " + rawPath + (query == null ? "" : "?" + query)
                    + (range == null ? "" : " [" + range + "]"));
            Map<String, String> params = params(query);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorizations.add(auth);
            }
            if (ex.getRequestMethod().equals("POST") && rawPath.equals("/token")) {
                // OAuth token endpoint for service-account credentials whose token_uri points here.
                ex.getRequestBody().readAllBytes();
                json(ex, 200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
                return;
            }
            if (!ex.getRequestMethod().equals("GET")) {
                error(ex, 501, "method not supported by the test server");
                return;
            }
            String p = rawPath.startsWith("/download") ? rawPath.substring("/download".length()) : rawPath;
            if (!p.startsWith("/storage/v1/b/")) {
                error(ex, 404, "unknown path " + rawPath);
                return;
            }
            String rest = p.substring("/storage/v1/b/".length());
            int slash = rest.indexOf('/');
            String bucket = decode(slash < 0 ? rest : rest.substring(0, slash));
            String tail = slash < 0 ? "" : rest.substring(slash);
            NavigableMap<String, StoredObject> objects = buckets.get(bucket);
            if (tail.equals("/o") || tail.equals("/o/")) {
                if (objects == null) {
                    error(ex, 404, "The specified bucket does not exist.");
                    return;
                }
                list(ex, bucket, objects, params);
            } else if (tail.startsWith("/o/")) {
                String name = decode(tail.substring(3));
                StoredObject o = objects == null ? null : objects.get(name);
                if (o == null || (params.containsKey("generation")
                        && Long.parseLong(params.get("generation")) != o.generation())) {
                    error(ex, 404, "No such object: " + bucket + "/" + name);
                    return;
                }
                if ("media".equals(params.get("alt"))) {
                    media(ex, name, o, range);
                } else {
                    json(ex, 200, objectJson(bucket, name, o));
                }
            } else {
                error(ex, 404, "unknown path " + rawPath);
            }
        } catch (RuntimeException e) {
            error(ex, 500, "test server failure: " + e);
        }
    }

    private void list(HttpExchange ex, String bucket, NavigableMap<String, StoredObject> objects,
            Map<String, String> params) throws IOException {
        String prefix = params.getOrDefault("prefix", "");
        int max = pageSize;
        if (params.containsKey("maxResults")) {
            max = Math.min(max, Integer.parseInt(params.get("maxResults")));
        }
        String after = params.get("pageToken");
        List<String> names = new ArrayList<>();
        String next = null;
        synchronized (objects) {
            NavigableMap<String, StoredObject> view = after == null ? objects : objects.tailMap(decodeToken(after), false);
            for (String name : view.keySet()) {
                if (!name.startsWith(prefix)) {
                    if (name.compareTo(prefix) > 0) {
                        break;
                    }
                    continue;
                }
                if (names.size() == max) {
                    next = names.get(names.size() - 1);
                    break;
                }
                names.add(name);
            }
        }
        StringBuilder sb = new StringBuilder("{\"kind\":\"storage#objects\"");
        if (next != null) {
            sb.append(",\"nextPageToken\":\"")
                    .append(Base64.getUrlEncoder().encodeToString(next.getBytes(StandardCharsets.UTF_8))).append('"');
        }
        sb.append(",\"items\":[");
        for (int i = 0; i < names.size(); i++) {
            StoredObject o = objects.get(names.get(i));
            if (o == null) {
                continue;
            }
            sb.append(i == 0 ? "" : ",").append(objectJson(bucket, names.get(i), o));
        }
        sb.append("]}");
        json(ex, 200, sb.toString());
    }

    private static String decodeToken(String token) {
        return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    }

    private void media(HttpExchange ex, String name, StoredObject o, String range) throws IOException {
        Fault fault = null;
        synchronized (faults) {
            for (java.util.Iterator<PendingFault> it = faults.iterator(); it.hasNext(); ) {
                PendingFault f = it.next();
                if (f.object() == null || f.object().equals(name)) {
                    fault = f.fault();
                    it.remove();
                    break;
                }
            }
        }
        if (fault == Fault.ERROR_500 || fault == Fault.ERROR_503 || fault == Fault.ERROR_429) {
            int status = fault == Fault.ERROR_500 ? 500 : fault == Fault.ERROR_503 ? 503 : 429;
            error(ex, status, "injected failure " + fault);
            return;
        }
        long size = o.data().length;
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        if (range != null && range.startsWith("bytes=")) {
            String[] se = range.substring(6).split("-", -1);
            start = Long.parseLong(se[0]);
            if (se.length > 1 && !se[1].isEmpty()) {
                end = Math.min(end, Long.parseLong(se[1]));
            }
            partial = true;
            if (start >= size) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                error(ex, 416, "Requested range not satisfiable");
                return;
            }
        }
        long len = end - start + 1;
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.getResponseHeaders().set("x-goog-generation", Long.toString(o.generation()));
        ex.getResponseHeaders().set("x-goog-metageneration", "1");
        ex.getResponseHeaders().set("x-goog-stored-content-length", Long.toString(size));
        ex.getResponseHeaders().set("x-goog-hash", "crc32c=" + crc32c(o.data()) + ",md5=" + md5(o.data()));
        if (partial) {
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        ex.sendResponseHeaders(partial ? 206 : 200, len == 0 ? -1 : len);
        OutputStream out = ex.getResponseBody();
        if (fault == Fault.DROP_MID_BODY) {
            out.write(o.data(), (int) start, (int) Math.max(1, len / 2));
            out.flush();
            // Fewer bytes than announced: closing the exchange now cuts the connection.
            return;
        }
        // Slices: the JDK server copies each write into a buffer of its size.
        for (long at = start; at <= end; at += 64 * 1024) {
            out.write(o.data(), (int) at, (int) Math.min(64 * 1024, end + 1 - at));
        }
    }

    private static String objectJson(String bucket, String name, StoredObject o) {
        return "{\"kind\":\"storage#object\",\"id\":\"" + esc(bucket + "/" + name + "/" + o.generation())
                + "\",\"name\":\"" + esc(name) + "\",\"bucket\":\"" + esc(bucket)
                + "\",\"generation\":\"" + o.generation() + "\",\"metageneration\":\"1\""
                + ",\"contentType\":\"application/octet-stream\",\"storageClass\":\"STANDARD\""
                + ",\"size\":\"" + o.data().length + "\",\"md5Hash\":\"" + md5(o.data())
                + "\",\"crc32c\":\"" + crc32c(o.data()) + "\",\"timeCreated\":\"2024-01-01T00:00:00.000Z\""
                + ",\"updated\":\"2024-01-01T00:00:00.000Z\"}";
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + esc(message)
                + "\",\"errors\":[{\"message\":\"" + esc(message) + "\",\"domain\":\"global\",\"reason\":\""
                + (status == 404 ? "notFound" : status >= 500 ? "backendError" : "invalid") + "\"}]}}");
    }

    private static Map<String, String> params(String query) {
        Map<String, String> m = new HashMap<>();
        if (query != null) {
            for (String part : query.split("&")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    m.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    /** Path segments: percent-decoding only, a '+' stays a '+'. */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String md5(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String crc32c(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
