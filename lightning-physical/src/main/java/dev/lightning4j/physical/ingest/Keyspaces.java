package dev.lightning4j.physical.ingest;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.physical.codec.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Looks a keyspace up in PD's HTTP API ({@code GET /pd/api/v2/keyspaces/{name}}, answered with the keyspace's
 * {@code id}, {@code name} and {@code state}), as TiDB Lightning loads the keyspace it imports into.
 */
final class Keyspaces {
    private static final String OPTION = "tikv-importer.keyspace-name";

    private Keyspaces() {
    }

    /**
     * The codec of the named keyspace.
     *
     * @throws ImportException when PD cannot be reached, has no keyspace API, does not know the keyspace or the
     *                         keyspace is not ENABLED
     */
    static KeyspaceCodec load(HttpClient http, String pdHttp, String name, Duration timeout) {
        String url = pdHttp + "/pd/api/v2/keyspaces/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20");
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "cannot look up keyspace '" + name + "' at PD ("
                    + url + "): " + e + "; check tidb.pd-addr (or tidb.pd-http-addr) and that PD is up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(ErrorCode.CANCELLED, "interrupted while looking up keyspace '" + name + "'", e);
        }
        String body = r.body() == null ? "" : r.body().trim();
        if (r.statusCode() != 200) {
            String lower = body.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("not exist") || lower.contains("not found") && !lower.contains("page not found")) {
                throw unknown(name, pdHttp, body);
            }
            if (r.statusCode() == 404) {
                throw new ImportException(ErrorCode.INVALID_OPTION, "PD at " + pdHttp + " has no keyspace API (GET "
                        + "/pd/api/v2/keyspaces/" + name + " answered HTTP 404" + (body.isEmpty() ? "" : " " + body)
                        + "): the cluster does not run in API V2 with keyspaces; leave " + OPTION + " empty to import"
                        + " without a keyspace, or point tidb.pd-addr at the keyspace cluster's PD");
            }
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "PD at " + pdHttp + " could not look up keyspace '"
                    + name + "': HTTP " + r.statusCode() + " " + body + "; check " + OPTION + " and PD");
        }
        Object parsed;
        try {
            parsed = JsonText.parse(body);
        } catch (RuntimeException e) {
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "PD at " + pdHttp + " answered the look-up of"
                    + " keyspace '" + name + "' with what is not JSON: " + abbreviate(body), e);
        }
        if (!(parsed instanceof Map<?, ?> m) || !(m.get("id") instanceof Number id)) {
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "PD at " + pdHttp + " answered the look-up of"
                    + " keyspace '" + name + "' without an id: " + abbreviate(body));
        }
        Object state = m.get("state");
        if (state != null && !"ENABLED".equalsIgnoreCase(state.toString())) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "keyspace '" + name + "' (ID " + id + ") is "
                    + state + ", not ENABLED: enable it in PD (pd-ctl keyspace update-state " + name + " enabled)"
                    + " or import into another keyspace (" + OPTION + ")");
        }
        Object answeredName = m.get("name");
        if (answeredName != null && !answeredName.toString().equals(name)) {
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "PD at " + pdHttp + " answered the look-up of"
                    + " keyspace '" + name + "' with keyspace '" + answeredName + "'");
        }
        long value = id.longValue();
        if (value < 0 || value > KeyspaceCodec.MAX_ID) {
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "PD says keyspace '" + name + "' has ID " + value
                    + ", outside 0.." + KeyspaceCodec.MAX_ID);
        }
        return KeyspaceCodec.v2(name, value);
    }

    private static ImportException unknown(String name, String pdHttp, String body) {
        return new ImportException(ErrorCode.INVALID_OPTION, "keyspace '" + name + "' does not exist in PD at "
                + pdHttp + " (" + abbreviate(body) + "): check " + OPTION + " (or TiDB's keyspace-name), or create the"
                + " keyspace first");
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
