package dev.lightning4j.core.filter;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * TiDB Lightning's table filter: rules {@code schema.table} where each side is a wildcard pattern
 * ({@code *}, {@code ?}, {@code [a-z]}), a {@code /regex/} or a backquoted literal; {@code !} in front
 * excludes; {@code @path} reads rules from a file; {@code #} starts a comment. Names match
 * case-insensitively. The last rule that matches decides; a table no rule matches is not imported.
 */
public final class TableFilter {
    private final List<Rule> rules;

    private TableFilter(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses rules.
     *
     * @throws ImportException with INVALID_OPTION naming the bad rule
     */
    public static TableFilter parse(List<String> ruleTexts) {
        List<Rule> rules = new ArrayList<>();
        for (String text : ruleTexts) {
            addRule(rules, text, 0);
        }
        return new TableFilter(rules);
    }

    private static void addRule(List<Rule> rules, String raw, int depth) {
        String text = raw.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return;
        }
        if (text.startsWith("@")) {
            if (depth > 4) {
                throw invalid(raw, "rule files nest too deeply");
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(text.substring(1).strip()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw invalid(raw, "cannot read the rule file: " + e.getMessage());
            }
            for (String line : lines) {
                addRule(rules, line, depth + 1);
            }
            return;
        }
        boolean exclude = false;
        if (text.startsWith("!")) {
            exclude = true;
            text = text.substring(1).strip();
        }
        Parser p = new Parser(raw, text);
        Pattern schema = p.part();
        p.expect('.');
        Pattern table = p.part();
        p.end();
        rules.add(new Rule(exclude, schema, table));
    }

    /** Whether the table is selected. */
    public boolean matches(String schema, String table) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            if (r.schema.matcher(schema).matches() && r.table.matcher(table).matches()) {
                return !r.exclude;
            }
        }
        return false;
    }

    /** Whether some table of this schema could be selected (used to skip schema files of excluded databases). */
    public boolean mayMatchSchema(String schema) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            if (r.schema.matcher(schema).matches()) {
                if (!r.exclude) {
                    return true;
                }
                if (r.table.pattern().equals("(?s).*")) {
                    return false;
                }
            }
        }
        return false;
    }

    private record Rule(boolean exclude, Pattern schema, Pattern table) {
    }

    private static ImportException invalid(String rule, String why) {
        return new ImportException(ErrorCode.INVALID_OPTION,
                "filter: invalid rule '" + rule + "': " + why + "; rules look like db.tbl, db*.*, !db.tmp_*, /^re$/.tbl");
    }

    /** Reads one rule: {@code part . part}. */
    private static final class Parser {
        private final String raw;
        private final String s;
        private int pos;

        Parser(String raw, String s) {
            this.raw = raw;
            this.s = s;
        }

        Pattern part() {
            if (pos >= s.length()) {
                throw invalid(raw, "a schema and a table pattern are needed, separated by '.'");
            }
            char c = s.charAt(pos);
            if (c == '/') {
                int close = s.indexOf('/', pos + 1);
                while (close > 0 && s.charAt(close - 1) == '\\') {
                    close = s.indexOf('/', close + 1);
                }
                if (close < 0) {
                    throw invalid(raw, "unterminated /regex/");
                }
                String re = s.substring(pos + 1, close);
                pos = close + 1;
                try {
                    // Lightning's regex rules match anywhere unless anchored, like Go's MatchString.
                    return Pattern.compile("(?s).*?(?:" + re + ").*", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                } catch (PatternSyntaxException e) {
                    throw invalid(raw, "bad regular expression: " + e.getDescription());
                }
            }
            if (c == '`') {
                StringBuilder lit = new StringBuilder();
                pos++;
                while (true) {
                    if (pos >= s.length()) {
                        throw invalid(raw, "unterminated `quoted name`");
                    }
                    char d = s.charAt(pos++);
                    if (d == '`') {
                        if (pos < s.length() && s.charAt(pos) == '`') {
                            lit.append('`');
                            pos++;
                            continue;
                        }
                        break;
                    }
                    lit.append(d);
                }
                return Pattern.compile(Pattern.quote(lit.toString()), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            }
            StringBuilder re = new StringBuilder("(?s)");
            int start = pos;
            while (pos < s.length()) {
                char d = s.charAt(pos);
                if (d == '.') {
                    break;
                }
                if (d == '*') {
                    re.append(".*");
                } else if (d == '?') {
                    re.append('.');
                } else if (d == '[') {
                    int close = s.indexOf(']', pos + 1);
                    if (close < 0) {
                        throw invalid(raw, "unterminated [character class]");
                    }
                    String cls = s.substring(pos + 1, close);
                    if (cls.startsWith("!")) {
                        cls = "^" + cls.substring(1);
                    }
                    re.append('[').append(cls.replace("\\", "\\\\")).append(']');
                    pos = close;
                } else if (d == '\\' && pos + 1 < s.length()) {
                    re.append(Pattern.quote(String.valueOf(s.charAt(++pos))));
                } else if (Character.isWhitespace(d)) {
                    throw invalid(raw, "unexpected space");
                } else {
                    re.append(Pattern.quote(String.valueOf(d)));
                }
                pos++;
            }
            if (pos == start) {
                throw invalid(raw, "empty pattern");
            }
            return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }

        void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw invalid(raw, "expected '" + c + "' between the schema and the table pattern");
            }
            pos++;
        }

        void end() {
            if (pos != s.length()) {
                throw invalid(raw, "unexpected text '" + s.substring(pos) + "'");
            }
        }
    }
}
