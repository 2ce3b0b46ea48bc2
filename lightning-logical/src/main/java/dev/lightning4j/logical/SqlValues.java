package dev.lightning4j.logical;

import dev.lightning4j.spi.SqlLiteral;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.TemporalAccessor;

/**
 * Renders row values as SQL literals. The server converts them to the column types, so each value is
 * handed over as the dump had it: text as a quoted string, binary strings as {@code X'..'}, unquoted dump
 * literals unchanged.
 */
final class SqlValues {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Whether the session's sql_mode has NO_BACKSLASH_ESCAPES, where a backslash is an ordinary character. */
    private final boolean noBackslashEscapes;

    SqlValues(boolean noBackslashEscapes) {
        this.noBackslashEscapes = noBackslashEscapes;
    }

    static SqlValues forSqlMode(String sqlMode) {
        return new SqlValues(sqlMode != null && sqlMode.toUpperCase(java.util.Locale.ROOT).contains("NO_BACKSLASH_ESCAPES"));
    }

    /** Appends {@code (v1,v2,...)}. */
    void appendTuple(StringBuilder sb, Object[] values) {
        sb.append('(');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            append(sb, values[i]);
        }
        sb.append(')');
    }

    void append(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("NULL");
        } else if (value instanceof String s) {
            appendString(sb, s);
        } else if (value instanceof byte[] b) {
            appendHex(sb, b);
        } else if (value instanceof SqlLiteral l) {
            sb.append(l.toSql());
        } else if (value instanceof Boolean b) {
            sb.append(b ? '1' : '0');
        } else if (value instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                sb.append(value);
            } else {
                appendString(sb, value.toString()); // the server rejects it as a row error, as it should
            }
        } else if (value instanceof Number n) {
            sb.append(n);
        } else if (value instanceof LocalDateTime t) {
            appendString(sb, t.toLocalDate() + " " + t.toLocalTime());
        } else if (value instanceof LocalDate || value instanceof LocalTime || value instanceof TemporalAccessor) {
            appendString(sb, value.toString());
        } else {
            appendString(sb, value.toString());
        }
    }

    void appendString(StringBuilder sb, String s) {
        sb.append('\'');
        if (noBackslashEscapes) {
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                if (c == '\'') {
                    sb.append('\'');
                }
                sb.append(c);
            }
        } else {
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '\'' -> sb.append("\\'");
                    case '\0' -> sb.append("\\0");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\u001A' -> sb.append("\\Z");
                    default -> sb.append(c);
                }
            }
        }
        sb.append('\'');
    }

    static void appendHex(StringBuilder sb, byte[] bytes) {
        if (bytes.length == 0) {
            sb.append("''"); // X'' is valid too, but '' reads better and means the same empty string
            return;
        }
        sb.append("X'");
        for (byte b : bytes) {
            sb.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        sb.append('\'');
    }

    /** The number of bytes {@code s[from, to)} takes in UTF-8, the encoding statements are sent in. */
    static long utf8Length(CharSequence s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
