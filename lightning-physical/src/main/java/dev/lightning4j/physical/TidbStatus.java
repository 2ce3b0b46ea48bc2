package dev.lightning4j.physical;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.TableName;
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
 * TiDB's status HTTP API: {@code /status} (the server version), {@code /schema/{db}/{table}} (the table's
 * metadata as TiDB keeps it, with the IDs the key encoding needs) and {@code /db-table/{tableID}} (the database
 * a table ID belongs to).
 */
final class TidbStatus {
    private final String address;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param address {@code host:port} or a URL {@code http://host:port} */
    TidbStatus(String address) {
        if (address == null || address.isBlank()) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "the physical backend reads table metadata from TiDB's"
                    + " status port, but the target is a DataSource: set " + PhysicalOptions.STATUS_ADDR
                    + " (host:port of TiDB's status server)");
        }
        String a = address.trim();
        this.address = a.startsWith("http://") || a.startsWith("https://") ? a.replaceAll("/+$", "") : "http://" + a;
    }

    String address() {
        return address;
    }

    /** The TiDB release of the server, for example {@code 8.5.0}, from {@code /status}. */
    String tidbVersion() {
        String body = get("/status", "the server status");
        Object parsed = JsonText.parse(body);
        String version = parsed instanceof Map<?, ?> m && m.get("version") != null ? m.get("version").toString() : "";
        int at = version.indexOf("-TiDB-v");
        if (at < 0) {
            throw new ImportException(ErrorCode.PRECHECK_FAILED, "the server at " + address + " says its version is '"
                    + version + "', which is not TiDB: the physical backend writes into TiKV under a TiDB; use the"
                    + " logical backend for MySQL or MariaDB");
        }
        String v = version.substring(at + "-TiDB-v".length());
        int dash = v.indexOf('-');
        return dash < 0 ? v : v.substring(0, dash);
    }

    /** TiDB's JSON of one table's {@code model.TableInfo}. */
    String tableInfo(TableName table) {
        return get("/schema/" + enc(table.schema()) + "/" + enc(table.table()), "the metadata of " + table);
    }

    /**
     * The ID of the database holding the table with ID {@code tableId}, from {@code /db-table/{tableID}}
     * ({@code {"db_info":{"id":..,"db_name":{"O":..,"L":..}},"table_info":{..}}}); checks that the answer names
     * {@code table}'s database.
     */
    long databaseId(TableName table, long tableId) {
        String body = get("/db-table/" + tableId, "the database of " + table + " (table ID " + tableId + ")");
        Object parsed = JsonText.parse(body);
        Object dbInfo = parsed instanceof Map<?, ?> m ? m.get("db_info") : null;
        Object id = dbInfo instanceof Map<?, ?> d ? d.get("id") : null;
        Object name = dbInfo instanceof Map<?, ?> d ? d.get("db_name") : null;
        Object lower = name instanceof Map<?, ?> n ? n.get("L") : null;
        if (!(id instanceof Long dbId) || dbId <= 0) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "TiDB's status server " + address + "/db-table/" + tableId
                    + " answered without a database ID for " + table + ": " + abbreviate(body)
                    + "; check that " + PhysicalOptions.STATUS_ADDR + " points at the TiDB of the target");
        }
        if (lower != null && !lower.toString().equals(table.schema().toLowerCase(java.util.Locale.ROOT))) {
            throw new ImportException(ErrorCode.TARGET_WRITE, "TiDB's status server says table ID " + tableId
                    + " is in database '" + lower + "', not in that of " + table + " (was the table dropped and"
                    + " created again during the import?); import the table again");
        }
        return dbId;
    }

    private String get(String path, String what) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(address + path)).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ImportException(ErrorCode.TARGET_UNREACHABLE, "cannot read " + what + " from TiDB's status server "
                    + address + path + ": " + e + "; check that TiDB runs there, or set " + PhysicalOptions.STATUS_ADDR
                    + " (or " + PhysicalOptions.STATUS_PORT + ") to its status address", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportException(ErrorCode.CANCELLED, "interrupted while reading " + what, e);
        }
        if (resp.statusCode() != 200) {
            String body = resp.body() == null ? "" : resp.body().strip();
            throw new ImportException(ErrorCode.TARGET_WRITE, "TiDB's status server " + address + path + " answered "
                    + resp.statusCode() + " for " + what + (body.isEmpty() ? "" : ": " + abbreviate(body))
                    + "; check that the table exists and " + PhysicalOptions.STATUS_ADDR + " points at the TiDB of the"
                    + " target");
        }
        return resp.body();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Compares dotted versions numerically; missing parts count as 0. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.]");
        String[] y = b.split("[.]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? leadingInt(x[i]) : 0;
            int q = i < y.length ? leadingInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int leadingInt(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(s.substring(0, Math.min(i, 9)));
    }
}
