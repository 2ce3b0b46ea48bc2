package dev.lightning4j.core.schema;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a schema file may run besides its CREATE: session settings, and in a view file the placeholder
 * table and the DROPs of the view's own name that Dumpling writes. Anything else (a DROP of another
 * table, a GRANT, an INSERT) is refused, so that a crafted schema file cannot act on other objects.
 */
final class SchemaStatements {
    /** A leading executable comment marker: {@code /*!40101 }, {@code /*M!100101 }, {@code /*T![feature] }. */
    private static final Pattern EXECUTABLE = Pattern.compile("^/\\*(?:!|M!|T!)(?:\\d*|\\[[^\\]]*\\])\\s*");
    private static final String IDENT = "(`(?:[^`]|``)+`|[\\w$\\u0080-\\uffff]+)";
    private static final Pattern DROP = Pattern.compile("(?is)^DROP\\s+(?:TABLE|VIEW)\\s+(?:IF\\s+EXISTS\\s+)?"
            + "(?:" + IDENT + "\\s*\\.\\s*)?" + IDENT + "\\s*(?:\\*/)?\\s*$");
    private static final Pattern CREATE_VIEW = Pattern.compile("(?is)^CREATE\\s+(?:OR\\s+REPLACE\\s+)?"
            + "(?:ALGORITHM\\s*=\\s*\\w+\\s+)?(?:DEFINER\\s*=\\s*\\S+\\s+)?(?:SQL\\s+SECURITY\\s+\\w+\\s+)?VIEW\\s+"
            + "(?:" + IDENT + "\\s*\\.\\s*)?" + IDENT);

    private SchemaStatements() {
    }

    /** The statement without a leading executable-comment marker. */
    static String body(String statement) {
        Matcher m = EXECUTABLE.matcher(statement);
        return m.find() ? statement.substring(m.end()) : statement;
    }

    static boolean isSessionSetting(String statement) {
        String b = body(statement).stripLeading().toUpperCase(Locale.ROOT);
        return b.startsWith("SET ") || b.startsWith("SET\t") || b.startsWith("SET\n") || b.equals("*/")
                || b.isEmpty();
    }

    /**
     * Whether a view file's statement acts on the view's own name only: a DROP TABLE/VIEW of it, its CREATE
     * VIEW, or (Dumpling's placeholder) a CREATE TABLE of it.
     */
    static boolean actsOnView(String statement, String db, String view) {
        String b = body(statement).strip();
        Matcher m = DROP.matcher(b);
        if (m.matches()) {
            return sameObject(m.group(1), m.group(2), db, view);
        }
        m = CREATE_VIEW.matcher(b);
        if (m.find()) {
            return sameObject(m.group(1), m.group(2), db, view);
        }
        m = Pattern.compile("(?is)^CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:" + IDENT + "\\s*\\.\\s*)?"
                + IDENT).matcher(b);
        if (m.find()) {
            return sameObject(m.group(1), m.group(2), db, view);
        }
        return false;
    }

    private static boolean sameObject(String qualifier, String name, String db, String view) {
        return (qualifier == null || unquote(qualifier).equals(db)) && unquote(name).equalsIgnoreCase(view);
    }

    private static String unquote(String ident) {
        return ident.startsWith("`") ? ident.substring(1, ident.length() - 1).replace("``", "`") : ident;
    }
}
