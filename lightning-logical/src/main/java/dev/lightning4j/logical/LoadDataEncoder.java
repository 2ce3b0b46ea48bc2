package dev.lightning4j.logical;

import dev.lightning4j.ConflictStrategy;
import dev.lightning4j.TableName;
import dev.lightning4j.spi.SqlLiteral;
import dev.lightning4j.spi.TargetColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAccessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Encodes rows for {@code LOAD DATA ... CHARACTER SET binary} in the server's default text layout: fields
 * split by tab, rows by newline, backslash escapes, {@code \N} for NULL. With the binary character set the
 * server takes each field's bytes as they are, so text goes as UTF-8 and binary strings as raw bytes.
 *
 * <p>A value goes this way only where the server stores exactly what the INSERT path would store; every
 * other value (a bit literal, a double, a number with an exponent into a string column, text into a latin1
 * column, ...) makes the row go through INSERT instead. Under {@code LOCAL} the server turns conversion
 * errors into warnings, so what it does not like is caught by the writer's warning check and retried as
 * INSERT, which reports the row.
 */
final class LoadDataEncoder {
    private enum Kind { INTEGER, DECIMAL, FLOAT, STRING, BINARY, TEMPORAL, ENUM, OTHER }

    private final List<TargetColumn> columns;
    private final Kind[] kinds;
    private final boolean[] textOk;
    private final String statement;

    LoadDataEncoder(TableName table, List<TargetColumn> columns, ConflictStrategy strategy) {
        this.columns = columns;
        this.kinds = new Kind[columns.size()];
        this.textOk = new boolean[columns.size()];
        StringBuilder sb = new StringBuilder(128 + columns.size() * 16);
        // ERROR needs no keyword: LOCAL already skips duplicates with a warning, which sends the batch to INSERT.
        sb.append("LOAD DATA LOCAL INFILE 'lightning-stream' ").append(switch (strategy) {
            case ERROR -> "";
            case REPLACE -> "REPLACE ";
            case IGNORE -> "IGNORE ";
        });
        // Hex separators read the same whatever the session's NO_BACKSLASH_ESCAPES says.
        sb.append("INTO TABLE ").append(table.quoted()).append(" CHARACTER SET binary FIELDS TERMINATED BY X'09'"
                + " ESCAPED BY X'5C' LINES TERMINATED BY X'0A' (");
        for (int i = 0; i < columns.size(); i++) {
            TargetColumn c = columns.get(i);
            kinds[i] = kindOf(c);
            textOk[i] = textCharset(c.charset());
            sb.append(i > 0 ? "," : "").append(TableName.quote(c.name()));
        }
        this.statement = sb.append(')').toString();
    }

    String statement() {
        return statement;
    }

    List<TargetColumn> columns() {
        return columns;
    }

    private static Kind kindOf(TargetColumn c) {
        if (c.isBinary()) {
            return Kind.BINARY;
        }
        return switch (c.dataType().toLowerCase(Locale.ROOT)) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> Kind.INTEGER;
            case "decimal", "numeric" -> Kind.DECIMAL;
            case "float", "double", "real", "double precision" -> Kind.FLOAT;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> Kind.STRING;
            case "date", "datetime", "timestamp", "time", "year" -> Kind.TEMPORAL;
            case "enum", "set" -> Kind.ENUM;
            // bit, json (MySQL refuses JSON from a binary character set), spatial types, vectors...
            default -> Kind.OTHER;
        };
    }

    /** Text is sent as UTF-8 bytes taken as they are, right only for these column character sets. */
    private static boolean textCharset(String charset) {
        if (charset == null) {
            return true; // not a string column, or a binary one
        }
        String cs = charset.toLowerCase(Locale.ROOT);
        return cs.equals("utf8mb4") || cs.equals("utf8mb3") || cs.equals("utf8") || cs.equals("binary");
    }

    /**
     * Appends one line for {@code values} to {@code out}, or leaves {@code out} as it was and returns false
     * when a value must go through INSERT.
     */
    boolean append(ByteSink out, Object[] values) {
        int start = out.size();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.put((byte) '\t');
            }
            if (!appendValue(out, values[i], i)) {
                out.truncate(start);
                return false;
            }
        }
        out.put((byte) '\n');
        return true;
    }

    private boolean appendValue(ByteSink out, Object v, int i) {
        Kind kind = kinds[i];
        if (v == null) {
            // NULL into NOT NULL differs between LOAD (a default, with a warning) and INSERT (an error or,
            // for TIMESTAMP, the current time): leave those to INSERT.
            if (!columns.get(i).nullable()) {
                return false;
            }
            out.put((byte) '\\');
            out.put((byte) 'N');
            return true;
        }
        if (v instanceof String s) {
            return appendText(out, s, i);
        }
        if (v instanceof SqlLiteral l) {
            return appendLiteral(out, l, kind);
        }
        if (v instanceof byte[] b) {
            if (kind != Kind.BINARY) {
                return false;
            }
            appendBytes(out, b, 0, b.length);
            return true;
        }
        if (v instanceof Boolean b) {
            return numeric(kind) && putAscii(out, b ? "1" : "0");
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            return numeric(kind) && putAscii(out, v.toString());
        }
        if (v instanceof BigDecimal d) {
            return (kind == Kind.DECIMAL || kind == Kind.FLOAT) && putAscii(out, d.toPlainString());
        }
        if (v instanceof Number) {
            return false; // float and double: their text form differs from the INSERT literal's conversion
        }
        if (v instanceof LocalDateTime t) {
            return appendText(out, t.toLocalDate() + " " + t.toLocalTime(), i);
        }
        if (v instanceof TemporalAccessor) {
            return appendText(out, v.toString(), i);
        }
        return appendText(out, v.toString(), i);
    }

    private static boolean numeric(Kind kind) {
        return kind == Kind.INTEGER || kind == Kind.DECIMAL || kind == Kind.FLOAT;
    }

    /** A quoted string in INSERT: the same conversion from text on both paths, given a UTF-8 column. */
    private boolean appendText(ByteSink out, String s, int i) {
        Kind kind = kinds[i];
        if (!textOk[i] || kind == Kind.OTHER) {
            return false;
        }
        if (s.isEmpty() && kind != Kind.STRING && kind != Kind.BINARY && kind != Kind.ENUM) {
            return false; // an empty field is 0 for numbers under LOAD, an error under INSERT
        }
        appendUtf8(out, s);
        return true;
    }

    private static boolean appendLiteral(ByteSink out, SqlLiteral l, Kind kind) {
        String t = l.text();
        switch (l.kind()) {
            case NUMBER -> {
                // INSERT converts the number, LOAD the text: equal only where the text is read as a number
                // the same way. Integers into integer, decimal and float columns; decimals into decimal and
                // float columns; exponents into float columns.
                int form = numberForm(t);
                if (isNegativeZero(t)) {
                    return false; // the number -0 is 0, but the text '-0' makes a FLOAT or DOUBLE -0.0
                }
                boolean ok = switch (form) {
                    case 0 -> numeric(kind);
                    case 1 -> kind == Kind.DECIMAL || kind == Kind.FLOAT;
                    case 2 -> kind == Kind.FLOAT;
                    default -> false;
                };
                return ok && putAscii(out, t);
            }
            case BOOLEAN -> {
                return numeric(kind) && putAscii(out, t.equalsIgnoreCase("TRUE") ? "1" : "0");
            }
            case HEX, HEX_NUMBER -> {
                // Both are binary strings in a binary string column.
                if (kind != Kind.BINARY) {
                    return false;
                }
                byte[] b = unhex(t);
                if (b == null) {
                    return false;
                }
                appendBytes(out, b, 0, b.length);
                return true;
            }
            default -> {
                return false; // BIT: b'..' into a BIT column has no text form LOAD reads the same way
            }
        }
    }

    /** A minus sign and no digit other than zero before any exponent. */
    static boolean isNegativeZero(String t) {
        if (t.isEmpty() || t.charAt(0) != '-') {
            return false;
        }
        for (int i = 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c >= '1' && c <= '9') {
                return false;
            }
        }
        return true;
    }

    /** 0 for an integer, 1 for a decimal without exponent, 2 with an exponent, -1 for anything else. */
    static int numberForm(String t) {
        int n = t.length();
        int i = 0;
        if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        boolean dot = false;
        boolean exp = false;
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot && !exp) {
                dot = true;
            } else if ((c == 'e' || c == 'E') && !exp && digits > 0) {
                exp = true;
                if (i + 1 < n && (t.charAt(i + 1) == '-' || t.charAt(i + 1) == '+')) {
                    i++;
                }
                if (i + 1 >= n) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        if (digits == 0) {
            return -1;
        }
        return exp ? 2 : dot ? 1 : 0;
    }

    /** Hex digits to bytes, an odd count read with a leading zero as the server does; null if not hex. */
    static byte[] unhex(String t) {
        int n = t.length();
        byte[] b = new byte[(n + 1) / 2];
        int j = b.length - 1;
        for (int i = n - 1; i >= 0; i -= 2) {
            int lo = Character.digit(t.charAt(i), 16);
            int hi = i > 0 ? Character.digit(t.charAt(i - 1), 16) : 0;
            if (lo < 0 || hi < 0) {
                return null;
            }
            b[j--] = (byte) (hi << 4 | lo);
        }
        return b;
    }

    private static boolean putAscii(ByteSink out, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            out.put((byte) s.charAt(i));
        }
        return true;
    }

    /** Raw bytes with the separators and the escape character escaped. */
    static void appendBytes(ByteSink out, byte[] b, int from, int to) {
        out.ensure((to - from) * 2);
        byte[] buf = out.buf;
        int pos = out.size;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            // one comparison for the common byte: everything above CR but the backslash is copied
            if (c > '\r' && c != '\\' || c < 0) {
                buf[pos++] = c;
                continue;
            }
            switch (c) {
                case '\\' -> { buf[pos++] = '\\'; buf[pos++] = '\\'; }
                case '\t' -> { buf[pos++] = '\\'; buf[pos++] = 't'; }
                case '\n' -> { buf[pos++] = '\\'; buf[pos++] = 'n'; }
                case '\r' -> { buf[pos++] = '\\'; buf[pos++] = 'r'; }
                case 0 -> { buf[pos++] = '\\'; buf[pos++] = '0'; }
                default -> buf[pos++] = c;
            }
        }
        out.size = pos;
    }

    /**
     * Text as UTF-8, escaped. {@code getBytes} is an intrinsic that copies compact (Latin-1) strings almost
     * as fast as memory; an unpaired surrogate becomes '?', as the driver's encoder makes it on the INSERT path.
     */
    static void appendUtf8(ByteSink out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        appendBytes(out, b, 0, b.length);
    }

    /** A growable byte buffer; rows are written straight into it. */
    static final class ByteSink {
        byte[] buf;
        int size;

        ByteSink(int initial) {
            buf = new byte[initial];
        }

        int size() {
            return size;
        }

        byte[] array() {
            return buf;
        }

        void truncate(int n) {
            size = n;
        }

        void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void put(byte b) {
            if (size == buf.length) {
                ensure(1);
            }
            buf[size++] = b;
        }

        void put2(byte a, byte b) {
            ensure(2);
            buf[size++] = a;
            buf[size++] = b;
        }

        /** Drops a buffer that grew far past {@code keep}, so one huge row does not pin memory. */
        void reset(int keep) {
            size = 0;
            if (buf.length > keep * 2) {
                buf = new byte[keep];
            }
        }
    }
}
