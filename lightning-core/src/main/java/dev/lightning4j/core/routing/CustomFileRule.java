package dev.lightning4j.core.routing;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.FileRule;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.StorageFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code [[mydumper.files]]} rule, compiled. A {@code pattern} is searched in the relative path (as Go's
 * {@code FindStringSubmatch}: anchor it with {@code ^...$} to match the whole path); a {@code path} must equal the
 * relative path. Templates ({@code $1}, {@code ${1}}, {@code ${name}}, {@code $$}) expand as Go's
 * {@code Regexp.Expand}: a missing group expands to nothing.
 */
final class CustomFileRule {
    private final FileRule rule;
    private final Pattern pattern;

    CustomFileRule(FileRule rule, boolean caseSensitive) {
        this.rule = rule;
        String regex = rule.pattern() != null ? rule.pattern() : "^" + Pattern.quote(rule.path()) + "$";
        int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        this.pattern = Pattern.compile(regex, flags);
    }

    /** The file's route, or null when the rule does not match it. */
    RoutedFile route(StorageFile file) {
        String path = file.path();
        Matcher m = pattern.matcher(path);
        if (!m.find()) {
            return null;
        }
        if (rule.type().equals("ignore")) {
            return FileRouter.ignored(file);
        }
        String schema = expand(rule.schema(), m);
        String table = rule.table() == null ? null : expand(rule.table(), m);
        String key = rule.key() == null ? "" : expand(rule.key(), m).trim();
        String compression = rule.compression() == null ? null : expand(rule.compression(), m).trim();
        if (schema.isEmpty()) {
            throw ruleError("gives an empty schema name", path);
        }
        Identifiers.check(schema, "database", path);
        if (table != null && !table.isEmpty()) {
            Identifiers.check(table, "table", path);
        }
        if (!key.isEmpty() && !key.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ruleError("gives the key '" + key + "', which is not a number", path);
        }
        if (compression != null && (compression.isEmpty() || compression.equalsIgnoreCase("none"))) {
            compression = null;
        }
        compression = FileRouter.compression(compression, path);
        return switch (rule.type()) {
            case "schema-schema" -> new RoutedFile(path, file.size(), FileType.SCHEMA_SCHEMA, schema, null, null, "",
                    compression);
            case "table-schema", "view-schema" -> {
                requireTable(table, path);
                yield new RoutedFile(path, file.size(), rule.type().equals("table-schema") ? FileType.TABLE_SCHEMA
                        : FileType.VIEW_SCHEMA, schema, table, null, "", compression);
            }
            default -> {
                requireTable(table, path);
                if (compression != null && rule.type().equals("parquet")) {
                    throw ruleError("marks a parquet file as compressed; parquet compresses its pages itself", path);
                }
                yield new RoutedFile(path, file.size(), FileType.DATA, schema, table, rule.type(), key, compression);
            }
        };
    }

    private void requireTable(String table, String path) {
        if (table == null || table.isEmpty()) {
            throw ruleError("gives an empty table name", path);
        }
    }

    private ImportException ruleError(String problem, String path) {
        return new ImportException(ErrorCode.INVALID_OPTION, "the file rule " + describe() + " " + problem
                + " for this file; fix the rule's templates or pattern", path, -1, null, null, null);
    }

    private String describe() {
        return rule.pattern() != null ? "pattern '" + rule.pattern() + "'" : "path '" + rule.path() + "'";
    }

    /** Go's {@code Regexp.Expand}: {@code $name} takes the longest run of letters, digits and underscores. */
    static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder(template.length());
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (n == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                next = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j))
                        || template.charAt(j) == '_')) {
                    j++;
                }
                if (j == i + 1) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 1, j);
                next = j;
            }
            out.append(group(m, name));
            i = next;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        String v = null;
        try {
            if (name.chars().allMatch(Character::isDigit)) {
                int g = Integer.parseInt(name);
                v = g <= m.groupCount() ? m.group(g) : null;
            } else {
                v = m.group(name);
            }
        } catch (IllegalArgumentException e) {
            v = null; // no such group: empty, as in Go
        }
        return v == null ? "" : v;
    }
}
