package dev.lightning4j.core.exec;

import dev.lightning4j.IgnoreColumns;
import dev.lightning4j.TableName;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code [[mydumper.ignore-data-columns]]}: which source columns are dropped for a target table. Every matching
 * rule contributes its columns. Patterns use {@code *} and {@code ?}, case-insensitively.
 */
public final class IgnoredColumns {
    private final List<Rule> rules;

    public IgnoredColumns(List<IgnoreColumns> rules) {
        this.rules = rules.stream().map(r -> new Rule(glob(r.schemaPattern()), glob(r.tablePattern()), r.columns()))
                .toList();
    }

    /** The ignored columns of a target table, as written in the rules; empty for none. */
    public Set<String> of(TableName table) {
        Set<String> out = new LinkedHashSet<>();
        for (Rule r : rules) {
            if (r.schema.matcher(table.schema()).matches() && r.table.matcher(table.table()).matches()) {
                out.addAll(r.columns);
            }
        }
        return out;
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private record Rule(Pattern schema, Pattern table, List<String> columns) {
    }
}
