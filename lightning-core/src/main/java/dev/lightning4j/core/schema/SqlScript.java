package dev.lightning4j.core.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script (a schema file) into statements at {@code ;} outside quotes and comments. Plain
 * comments are dropped; executable comments ({@code /*!40101 ... *}{@code /}, TiDB's {@code /*T![...]} and
 * MariaDB's {@code /*M!}) are kept, since the server runs them.
 */
public final class SqlScript {
    private SqlScript() {
    }

    /**
     * The statements of {@code sql}, trimmed, without the terminating {@code ;}, empty ones left out.
     *
     * @throws IllegalArgumentException naming the offset of an unterminated quote or comment
     */
    public static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = skipQuoted(sql, i, c);
                cur.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated /* comment at character " + i);
                }
                if (isExecutable(sql, i + 2)) {
                    cur.append(sql, i, close + 2);
                } else {
                    cur.append(' ');
                }
                i = close + 2;
            } else if (c == '#' || (c == '-' && sql.startsWith("--", i)
                    && (i + 2 == n || Character.isWhitespace(sql.charAt(i + 2))))) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
                cur.append(' ');
            } else if (c == ';') {
                add(out, cur);
                i++;
            } else {
                cur.append(c);
                i++;
            }
        }
        add(out, cur);
        return out;
    }

    /**
     * Whether a comment whose text starts at {@code at} is one a server runs: MySQL's {@code /*!}, TiDB's
     * {@code /*T!} (clustered indexes, AUTO_RANDOM) and MariaDB's {@code /*M!}. Each server reads the others'
     * as plain comments, so keeping all of them is right whichever the target is.
     */
    private static boolean isExecutable(String sql, int at) {
        return sql.startsWith("!", at) || sql.startsWith("T!", at) || sql.startsWith("M!", at);
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated " + quote + " quote starting at character " + start);
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        cur.setLength(0);
    }
}
