package dev.lightning4j.core.routing;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.FileRule;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.StorageFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies files by name: first the custom rules ({@code [[mydumper.files]]}, in order), then, unless switched
 * off, the Dumpling / mydumper rules TiDB Lightning applies by default ({@code mydump/router.go}): names are
 * matched case-insensitively in any sub-directory and URL-unescaped.
 */
public final class FileRouter {
    private static final String DIR = "(?:[^/]*/)*";
    /** An optional compression suffix; which ones are allowed is checked after matching, as Lightning does. */
    private static final String COMPRESSED = "(?:\\.(\\w*))?$";
    private static final Pattern IGNORED_SCHEMA =
            Pattern.compile("(?i)^.*-schema-(?:trigger|post)\\.sql(?:\\.\\w*)?$");
    private static final Pattern BACKUP = Pattern.compile("(?i)^.*\\.(?:sql|csv|parquet)(?:\\.\\w+)?\\.bak$");
    private static final Pattern SCHEMA_CREATE =
            Pattern.compile("(?i)^" + DIR + "([^/.]+)-schema-create\\.sql" + COMPRESSED);
    private static final Pattern TABLE_SCHEMA =
            Pattern.compile("(?i)^" + DIR + "([^/.]+)\\.(.*?)-schema\\.sql" + COMPRESSED);
    private static final Pattern VIEW_SCHEMA =
            Pattern.compile("(?i)^" + DIR + "([^/.]+)\\.(.*?)-schema-view\\.sql" + COMPRESSED);
    /** Parquet files named with the compression of their pages ({@code db.tbl.0001.snappy.parquet}). */
    private static final Pattern PARQUET_PAGES = Pattern.compile(
            "(?i)^" + DIR + "([^/.]+)\\.(.*)\\.([0-9]+)\\.(?:snappy|gzip|gz|zstd|zst)\\.parquet$");
    private static final Pattern DATA = Pattern.compile(
            "(?i)^" + DIR + "([^/.]+)\\.(.*?)(?:\\.([0-9]+))?\\.(sql|csv|parquet)(?:\\.(\\w+))?$");
    /** Compression suffixes Lightning accepts; any other suffix on a data file is an error. */
    public static final Set<String> COMPRESSIONS = Set.of("gz", "gzip", "zst", "zstd", "snappy");

    private final List<CustomFileRule> customRules;
    private final boolean defaultRules;

    /** Only the default rules. */
    public FileRouter() {
        this(List.of(), true, false);
    }

    /**
     * @param rules         custom rules, tried in order before the default ones
     * @param defaultRules  whether the default Dumpling rules apply after them
     * @param caseSensitive whether the custom rules' patterns are case-sensitive
     */
    /** The router an import's options describe: its custom rules, then (unless switched off) Dumpling's. */
    public static FileRouter of(dev.lightning4j.ImportConfig config) {
        return new FileRouter(config.fileRules(), config.defaultFileRules(), config.caseSensitive());
    }

    public FileRouter(List<FileRule> rules, boolean defaultRules, boolean caseSensitive) {
        List<CustomFileRule> compiled = new ArrayList<>();
        for (FileRule r : rules) {
            compiled.add(new CustomFileRule(r, caseSensitive));
        }
        this.customRules = List.copyOf(compiled);
        this.defaultRules = defaultRules;
    }

    /** Routes one file, trying the rules in Lightning's order. Unknown names are {@link FileType#IGNORE}d. */
    public RoutedFile route(StorageFile file) {
        for (CustomFileRule rule : customRules) {
            RoutedFile r = rule.route(file);
            if (r != null) {
                return r;
            }
        }
        if (!defaultRules) {
            return ignored(file);
        }
        String path = file.path();
        Matcher m;
        if (IGNORED_SCHEMA.matcher(path).matches() || BACKUP.matcher(path).matches()) {
            return ignored(file);
        }
        if ((m = SCHEMA_CREATE.matcher(path)).matches()) {
            return new RoutedFile(path, file.size(), FileType.SCHEMA_SCHEMA, database(m.group(1), path), null, null,
                    "", compression(m.group(2), path));
        }
        if ((m = TABLE_SCHEMA.matcher(path)).matches()) {
            return new RoutedFile(path, file.size(), FileType.TABLE_SCHEMA, database(m.group(1), path),
                    table(m.group(2), path), null, "", compression(m.group(3), path));
        }
        if ((m = VIEW_SCHEMA.matcher(path)).matches()) {
            return new RoutedFile(path, file.size(), FileType.VIEW_SCHEMA, database(m.group(1), path),
                    table(m.group(2), path), null, "", compression(m.group(3), path));
        }
        if ((m = PARQUET_PAGES.matcher(path)).matches()) {
            return new RoutedFile(path, file.size(), FileType.DATA, database(m.group(1), path),
                    table(m.group(2), path), "parquet", m.group(3), null);
        }
        if ((m = DATA.matcher(path)).matches()) {
            String format = m.group(4).toLowerCase(Locale.ROOT);
            String compression = compression(m.group(5), path);
            if (compression != null && format.equals("parquet")) {
                throw new ImportException(ErrorCode.SOURCE_READ, "a parquet file cannot be compressed as a whole; "
                        + "decompress it (parquet compresses its pages itself)", path, -1, null, null, null);
            }
            return new RoutedFile(path, file.size(), FileType.DATA, database(m.group(1), path),
                    table(m.group(2), path), format, m.group(3) == null ? "" : m.group(3), compression);
        }
        return ignored(file);
    }

    /** The normalized compression suffix, null for none; an unknown one is an error, as in Lightning. */
    static String compression(String suffix, String path) {
        if (suffix == null || suffix.isEmpty()) {
            return null;
        }
        String c = suffix.toLowerCase(Locale.ROOT);
        if (!COMPRESSIONS.contains(c)) {
            throw new ImportException(ErrorCode.SOURCE_READ, "unsupported compression suffix '." + suffix
                    + "'; files may end in .gz, .zst or .snappy, or be uncompressed", path, -1, null, null, null);
        }
        return c;
    }

    static RoutedFile ignored(StorageFile file) {
        return new RoutedFile(file.path(), file.size(), FileType.IGNORE, null, null, null, "", null);
    }

    private static String database(String escaped, String path) {
        return Identifiers.check(unescape(escaped, path), "database", path);
    }

    private static String table(String escaped, String path) {
        return Identifiers.check(unescape(escaped, path), "table", path);
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
