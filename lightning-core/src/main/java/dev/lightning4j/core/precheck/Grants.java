package dev.lightning4j.core.precheck;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privileges of the current user as {@code SHOW GRANTS} lists them (MySQL, MariaDB and TiDB write
 * the same form): global ({@code *.*}) and per database ({@code `db`.*}, with {@code %} and {@code _}
 * wildcards). Table and column grants and roles are noted but not resolved, so a check can say it could
 * not confirm rather than claim a privilege is missing.
 */
final class Grants {
    private static final Pattern GRANT = Pattern.compile("(?is)^GRANT\\s+(.+?)\\s+ON\\s+(?:(?:TABLE|FUNCTION|PROCEDURE)\\s+)?(\\S+)\\s+TO\\s");
    private static final Pattern ROLE = Pattern.compile("(?is)^GRANT\\s+[`'\"]?[^\\s]+\\s+TO\\s");

    private final Set<String> global = new HashSet<>();
    private final List<String[]> dbGrants = new ArrayList<>(); // {db pattern, privilege}
    private boolean unresolved;

    static Grants parse(List<String> lines) {
        Grants g = new Grants();
        for (String line : lines) {
            Matcher m = GRANT.matcher(line.trim());
            if (!m.find()) {
                if (ROLE.matcher(line.trim()).find()) {
                    g.unresolved = true; // a role: its privileges are not in these lines
                }
                continue;
            }
            List<String> privileges = privileges(m.group(1));
            String object = m.group(2);
            int dot = dotOutsideQuotes(object);
            if (dot < 0 || privileges.contains("PROXY")) {
                continue;
            }
            String db = unquote(object.substring(0, dot));
            String table = unquote(object.substring(dot + 1));
            if (!table.equals("*")) {
                g.unresolved = true;
                continue;
            }
            for (String p : privileges) {
                if (db.equals("*")) {
                    g.global.add(p);
                } else {
                    g.dbGrants.add(new String[] {db, p});
                }
            }
        }
        return g;
    }

    /** Whether {@code privilege} (upper case) holds on every table of {@code db}. */
    boolean has(String privilege, String db) {
        if (global.contains(privilege) || global.contains("ALL")) {
            return true;
        }
        for (String[] g : dbGrants) {
            if ((g[1].equals(privilege) || g[1].equals("ALL")) && likeMatches(g[0], db)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some grants (tables, columns, roles) were not taken into account. */
    boolean unresolved() {
        return unresolved;
    }

    private static List<String> privileges(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(normalize(cur));
                cur.setLength(0);
            } else if (depth == 0) {
                cur.append(c);
            }
        }
        out.add(normalize(cur));
        return out;
    }

    private static String normalize(StringBuilder p) {
        String s = p.toString().trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        return s.equals("ALL PRIVILEGES") ? "ALL" : s;
    }

    private static int dotOutsideQuotes(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '`' || c == '\'' || c == '"') {
                quote = c;
            } else if (c == '.') {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '`' || s.charAt(0) == '\'' || s.charAt(0) == '"')
                && s.charAt(s.length() - 1) == s.charAt(0)) {
            String q = String.valueOf(s.charAt(0));
            return s.substring(1, s.length() - 1).replace(q + q, q);
        }
        return s;
    }

    /** SQL LIKE with {@code \} escapes, as database grants use it. */
    static boolean likeMatches(String pattern, String value) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(value).matches();
    }
}
