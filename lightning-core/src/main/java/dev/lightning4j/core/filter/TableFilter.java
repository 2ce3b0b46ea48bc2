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
 * ({@code *}, {@code ?}, {@code [a-z]}, {@code [!a-z]}), a {@code /regex/} (matching anywhere in the name
 * unless anchored) or a backquoted or double-quoted literal; {@code \} escapes one special character;
 * {@code !} in front excludes; {@code @path} reads rules from a file (which cannot import another);
 * {@code #} starts a comment line. Names match case-insensitively. The last rule that matches decides; a
 * table no rule matches is not imported. Rules Lightning would refuse are refused here too, so that a
 * filter means the same in both.
 */
public final class TableFilter {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private final List<Rule> rules;

    private TableFilter(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses rules.
     *
     * @throws ImportException with INVALID_OPTION naming the bad rule (and the file and line for {@code @file} rules)
     */
    public static TableFilter parse(List<String> ruleTexts) {
        List<Rule> rules = new ArrayList<>();
        for (String text : ruleTexts) {
            addRule(rules, text, null);
        }
        return new TableFilter(rules);
    }

    /** @param where {@code file:line} for a rule read from a file, null for a rule given directly */
    private static void addRule(List<Rule> rules, String raw, String where) {
        String text = raw.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return;
        }
        if (text.startsWith("@")) {
            if (where != null) {
                throw invalid(raw, where, "a filter file cannot import another file; list its rules here instead");
            }
            String file = text.substring(1).strip();
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw invalid(raw, null, "cannot read the rule file: " + e);
            }
            for (int i = 0; i < lines.size(); i++) {
                addRule(rules, lines.get(i), file + ":" + (i + 1));
            }
            return;
        }
        boolean exclude = false;
        if (text.startsWith("!")) {
            exclude = true;
            text = text.substring(1).strip();
        }
        Parser p = new Parser(raw, where, text);
        NameMatcher schema = p.part();
        p.separator();
        NameMatcher table = p.part();
        p.end();
        rules.add(new Rule(exclude, schema, table));
    }

    /** Whether the table is selected. */
    public boolean matches(String schema, String table) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            if (r.schema.matches(schema) && r.table.matches(table)) {
                return !r.exclude;
            }
        }
        return false;
    }

    /**
     * Whether some table of this schema could be selected (used to skip schema files of excluded databases):
     * Lightning's {@code MatchSchema}, where an exclusion decides only when it covers every table.
     */
    public boolean mayMatchSchema(String schema) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            if (r.schema.matches(schema) && (!r.exclude || r.table.all())) {
                return !r.exclude;
            }
        }
        return false;
    }

    private record Rule(boolean exclude, NameMatcher schema, NameMatcher table) {
    }

    /**
     * One side of a rule.
     *
     * @param pattern the compiled pattern
     * @param find    true for {@code /regex/}: a match anywhere in the name counts, as Go's MatchString
     * @param all     true for a lone {@code *}, which matches every name
     */
    private record NameMatcher(Pattern pattern, boolean find, boolean all) {
        boolean matches(String name) {
            return find ? pattern.matcher(name).find() : pattern.matcher(name).matches();
        }
    }

    private static ImportException invalid(String rule, String where, String why) {
        return new ImportException(ErrorCode.INVALID_OPTION, "filter: invalid rule '" + rule + "'"
                + (where == null ? "" : " at " + where) + ": " + why
                + "; rules look like db.tbl, db*.*, !db.tmp_*, `my.db`.t, /^re$/.tbl");
    }

    private static boolean isAsciiAlphanumeric(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** Reads one rule: {@code part . part}. */
    private static final class Parser {
        private final String raw;
        private final String where;
        private final String s;
        private int pos;

        Parser(String raw, String where, String s) {
            this.raw = raw;
            this.where = where;
            this.s = s;
        }

        private ImportException invalid(String why) {
            return TableFilter.invalid(raw, where, why);
        }

        NameMatcher part() {
            if (pos >= s.length()) {
                throw invalid("a schema and a table pattern are needed, separated by '.'");
            }
            return switch (s.charAt(pos)) {
                case '/' -> regex();
                case '`', '"' -> quoted(s.charAt(pos));
                default -> wildcard();
            };
        }

        private NameMatcher regex() {
            int i = pos + 1;
            while (i < s.length() && s.charAt(i) != '/') {
                i += s.charAt(i) == '\\' ? 2 : 1;
            }
            if (i >= s.length()) {
                throw invalid("unterminated /regex/");
            }
            if (i == pos + 1) {
                throw invalid("empty /regex/");
            }
            String re = s.substring(pos + 1, i);
            pos = i + 1;
            try {
                return new NameMatcher(Pattern.compile(re, FLAGS), true, false);
            } catch (PatternSyntaxException e) {
                throw invalid("bad regular expression: " + e.getDescription());
            }
        }

        private NameMatcher quoted(char quote) {
            StringBuilder lit = new StringBuilder();
            int i = pos + 1;
            while (true) {
                if (i >= s.length()) {
                    throw invalid("unterminated " + quote + "quoted name" + quote);
                }
                char d = s.charAt(i++);
                if (d == quote) {
                    if (i < s.length() && s.charAt(i) == quote) {
                        lit.append(quote);
                        i++;
                        continue;
                    }
                    break;
                }
                lit.append(d);
            }
            if (lit.isEmpty()) {
                throw invalid("empty quoted name");
            }
            pos = i;
            return new NameMatcher(Pattern.compile(Pattern.quote(lit.toString()), FLAGS), false, false);
        }

        private NameMatcher wildcard() {
            StringBuilder re = new StringBuilder("(?s)");
            int start = pos;
            while (pos < s.length()) {
                int c = s.codePointAt(pos);
                if (c == '.') {
                    break;
                }
                if (c == '*') {
                    re.append(".*");
                    pos++;
                } else if (c == '?') {
                    re.append('.');
                    pos++;
                } else if (c == '[') {
                    characterClass(re);
                } else if (c == '\\') {
                    re.append(Pattern.quote(new String(Character.toChars(escaped()))));
                } else if (c == '$' || c == '_' || isAsciiAlphanumeric(c) || c >= 0x80) {
                    re.append(Pattern.quote(new String(Character.toChars(c))));
                    pos += Character.charCount(c);
                } else {
                    throw invalid("unexpected character '" + new String(Character.toChars(c))
                            + "'; put the name in `backquotes` or escape the character with \\");
                }
            }
            if (pos == start) {
                throw invalid("empty pattern");
            }
            boolean all = s.substring(start, pos).equals("*");
            return new NameMatcher(Pattern.compile(re.toString(), FLAGS), false, all);
        }

        /** The character after a backslash at {@code pos}; moves past both. */
        private int escaped() {
            if (pos + 1 >= s.length()) {
                throw invalid("\\ cannot end a rule; use [ ] to match a trailing space");
            }
            int c = s.codePointAt(pos + 1);
            if (isAsciiAlphanumeric(c)) {
                throw invalid("\\" + (char) c + " is reserved: a letter or digit cannot be escaped");
            }
            pos += 1 + Character.charCount(c);
            return c;
        }

        /**
         * A glob class {@code [...]} at {@code pos}: only {@code !} negates and only {@code -} is special
         * inside, so every other character is escaped for Java's richer class syntax ({@code ^}, {@code &&},
         * nested {@code [}).
         */
        private void characterClass(StringBuilder re) {
            pos++;
            re.append('[');
            if (pos < s.length() && s.charAt(pos) == '!') {
                re.append('^');
                pos++;
            }
            int items = 0;
            while (true) {
                if (pos >= s.length()) {
                    throw invalid("unterminated [character class]");
                }
                int c = s.codePointAt(pos);
                if (c == ']') {
                    pos++;
                    break;
                }
                boolean escapedChar = c == '\\';
                if (escapedChar) {
                    c = escaped();
                } else {
                    pos += Character.charCount(c);
                }
                if (c == '-' && !escapedChar) {
                    re.append('-');
                } else if (c < 0x80 && !isAsciiAlphanumeric(c)) {
                    re.append('\\').append((char) c);
                } else {
                    re.appendCodePoint(c);
                }
                items++;
            }
            if (items == 0) {
                throw invalid("empty [character class]");
            }
            re.append(']');
        }

        void separator() {
            if (pos >= s.length()) {
                throw invalid("missing '.' between the schema and the table pattern");
            }
            if (s.charAt(pos) != '.') {
                throw invalid("unexpected text '" + s.substring(pos) + "' after the schema pattern");
            }
            pos++;
        }

        void end() {
            if (pos != s.length()) {
                throw invalid("unexpected text '" + s.substring(pos) + "' after the table pattern");
            }
        }
    }
}
