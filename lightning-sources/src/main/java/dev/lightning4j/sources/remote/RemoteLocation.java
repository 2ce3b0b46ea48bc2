package dev.lightning4j.sources.remote;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A bucket URL split into bucket, prefix and options: {@code scheme://bucket/prefix?name=value&...}. The
 * prefix is a directory: {@code dump} means the keys under {@code dump/}, never {@code dump2/x}.
 *
 * @param scheme lower case
 * @param bucket the bucket name
 * @param prefix empty for the whole bucket, else ends with '/'
 * @param options decoded option values by name
 */
public record RemoteLocation(String scheme, String bucket, String prefix, Map<String, String> options) {

    /**
     * Parses {@code url}, refusing options outside {@code known}. Messages name options, never values, since
     * values may be secrets.
     */
    public static RemoteLocation parse(URI url, Set<String> known) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String bucket = url.getRawAuthority();
        if (bucket == null || bucket.isEmpty() || bucket.contains("@")) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir: a " + scheme
                    + " URL names a bucket, as in " + scheme + "://bucket/prefix");
        }
        String path = url.getRawPath() == null ? "" : decode(url.getRawPath());
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (!path.isEmpty() && !path.endsWith("/")) {
            path = path + "/";
        }
        Map<String, String> options = new LinkedHashMap<>();
        String query = url.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String part : query.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = decode(eq < 0 ? part : part.substring(0, eq)).toLowerCase(Locale.ROOT).replace('_', '-');
                String value = eq < 0 ? "" : decode(part.substring(eq + 1));
                if (!known.contains(name)) {
                    throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir: unknown " + scheme
                            + " option '" + name + "'; known options: " + new TreeSet<>(known));
                }
                options.put(name, value);
            }
        }
        return new RemoteLocation(scheme, decode(bucket), path, Map.copyOf(options));
    }

    /**
     * Percent-decoding that keeps '+' as it is: secret keys often contain '+', and reading it as a space
     * would turn a pasted key into a signature mismatch.
     */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public String option(String name) {
        String v = options.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public boolean flag(String name) {
        String v = options.get(name);
        if (v == null) {
            return false;
        }
        if (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return false;
        }
        throw new ImportException(ErrorCode.INVALID_OPTION, "data-source-dir: option '" + name
                + "' takes true or false, not '" + v + "'");
    }

    /** {@code scheme://bucket/prefix}, without options. */
    public String display() {
        return scheme + "://" + bucket + "/" + prefix;
    }

    /** The full key of a path relative to the prefix. */
    public String key(String path) {
        return prefix + path;
    }

    /**
     * The key of a path a reader asked for, after checking the request: the path must be relative to the
     * prefix and the offset not negative.
     *
     * @throws ImportException INVALID_OPTION naming the path
     */
    public String keyToRead(String path, long offset, String describe) {
        if (path == null || path.isEmpty() || path.startsWith("/")) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "path '" + path + "' is not relative to " + describe);
        }
        if (offset < 0) {
            throw new ImportException(ErrorCode.INVALID_OPTION, "negative offset " + offset + " for " + path);
        }
        return key(path);
    }

    /**
     * The path relative to the prefix of a listed key, or null when the key is no data file: outside the
     * prefix, the prefix itself, or a folder marker (a key ending in '/', as consoles create).
     */
    public String relative(String listedKey) {
        if (!listedKey.startsWith(prefix)) {
            return null;
        }
        String rel = listedKey.substring(prefix.length());
        return rel.isEmpty() || rel.endsWith("/") ? null : rel;
    }

    /** What messages show for this location and its endpoint (null for the service's own). */
    public String describe(String endpoint) {
        return display() + (endpoint != null ? " at " + displayEndpoint(endpoint) : "");
    }

    /** An endpoint URL for messages: without user information, query or fragment. */
    public static String displayEndpoint(String endpoint) {
        try {
            URI u = URI.create(endpoint);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "(invalid endpoint)";
        }
    }
}
