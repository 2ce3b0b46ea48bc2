package dev.lightning4j.core.routing;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.StorageFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies files by name with the Dumpling / mydumper rules TiDB Lightning applies by default
 * ({@code mydump/router.go}): names are matched case-insensitively in any sub-directory and URL-unescaped.
 */
public final class FileRouter {
    private static final String DIR = "(?:[^/]*/)*";
    private static final Pattern SCHEMA_CREATE = Pattern.compile("(?i)^" + DIR + "([^/.]+)-schema-create\\.sql$");
    private static final Pattern TABLE_SCHEMA = Pattern.compile("(?i)^" + DIR + "([^/.]+)\\.(.*?)-schema\\.sql$");
    private static final Pattern VIEW_SCHEMA = Pattern.compile("(?i)^" + DIR + "([^/.]+)\\.(.*?)-schema-view\\.sql$");
    private static final Pattern IGNORED_SCHEMA =
            Pattern.compile("(?i)^" + DIR + "([^/.]+)\\.(.*?)-schema-(?:trigger|post)\\.sql$");
    private static final Pattern DATA = Pattern.compile(
            "(?i)^" + DIR + "([^/.]+)\\.(.*?)(?:\\.([0-9]+))?\\.(sql|csv|parquet)(?:\\.(\\w*))?$");
    /** Compression suffixes Lightning accepts; any other suffix on a data file is an error. */
    public static final Set<String> COMPRESSIONS = Set.of("gz", "gzip", "zst", "zstd", "snappy");

    /** Routes one file. Unknown names are {@link FileType#IGNORE}d, as Lightning does. */
    public RoutedFile route(StorageFile file) {
        String path = file.path();
        Matcher m;
        if ((m = SCHEMA_CREATE.matcher(path)).matches()) {
            return new RoutedFile(path, file.size(), FileType.SCHEMA_SCHEMA, unescape(m.group(1), path), null, null,
                    "", null);
        }
        if ((m = IGNORED_SCHEMA.matcher(path)).matches()) {
            return ignored(file);
        }
        if ((m = VIEW_SCHEMA.matcher(path)).matches()) {
            return new RoutedFile(path, file.size(), FileType.VIEW_SCHEMA, unescape(m.group(1), path),
                    unescape(m.group(2), path), null, "", null);
        }
        if ((m = TABLE_SCHEMA.matcher(path)).matches()) {
            return new RoutedFile(path, file.size(), FileType.TABLE_SCHEMA, unescape(m.group(1), path),
                    unescape(m.group(2), path), null, "", null);
        }
        if ((m = DATA.matcher(path)).matches()) {
            String compression = m.group(5);
            if (compression != null) {
                compression = compression.toLowerCase(Locale.ROOT);
                if (compression.isEmpty() || !COMPRESSIONS.contains(compression)) {
                    throw new ImportException(ErrorCode.SOURCE_READ, "unsupported compression suffix '." + compression
                            + "'; data files may end in .gz, .zst or .snappy, or be uncompressed", path, -1, null, null,
                            null);
                }
            }
            return new RoutedFile(path, file.size(), FileType.DATA, unescape(m.group(1), path),
                    unescape(m.group(2), path), m.group(4).toLowerCase(Locale.ROOT),
                    m.group(3) == null ? "" : m.group(3), compression);
        }
        return ignored(file);
    }

    private static RoutedFile ignored(StorageFile file) {
        return new RoutedFile(file.path(), file.size(), FileType.IGNORE, null, null, null, "", null);
    }

    /** Undoes Dumpling's %XX escaping of special characters in names (as Go's url.PathUnescape). */
    static String unescape(String name, String path) {
        if (name.indexOf('%') < 0) {
            return name;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length());
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%') {
                if (i + 2 >= bytes.length || Character.digit(bytes[i + 1], 16) < 0
                        || Character.digit(bytes[i + 2], 16) < 0) {
                    throw new ImportException(ErrorCode.SOURCE_READ, "invalid %-escape in the name '" + name
                            + "'; rename the file so that every % is followed by two hex digits", path, -1, null, null,
                            null);
                }
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
