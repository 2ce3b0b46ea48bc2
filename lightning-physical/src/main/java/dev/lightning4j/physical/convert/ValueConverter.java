package dev.lightning4j.physical.convert;

import dev.lightning4j.physical.codec.Collation;
import dev.lightning4j.physical.codec.Datum;
import dev.lightning4j.physical.codec.JsonBinary;
import dev.lightning4j.physical.codec.MysqlTime;
import dev.lightning4j.physical.model.ColumnInfo;
import dev.lightning4j.physical.model.ColumnType;
import dev.lightning4j.physical.model.FieldType;
import dev.lightning4j.spi.SqlLiteral;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a parsed source value ({@code null}, {@link String}, {@code byte[]}, {@link SqlLiteral}) into
 * the datum TiDB would store for a column, with MySQL's assignment rules: in strict mode a value that
 * does not fit is an error, otherwise it is clamped, truncated or zeroed. Stateless and thread-safe.
 */
public final class ValueConverter {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATETIME = Pattern.compile(
            "(\\d{1,4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[ T]+(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d*))?)?)?)?");
    private static final Pattern DATETIME_DIGITS = Pattern.compile("(\\d{6}|\\d{8}|\\d{12}|\\d{14})(?:\\.(\\d*))?");
    private static final Pattern DURATION = Pattern.compile(
            "([-+])?(?:(\\d+) +)?(\\d+):(\\d{1,2})(?::(\\d{1,2}))?(?:\\.(\\d*))?");
    private static final Pattern DURATION_DIGITS = Pattern.compile("([-+])?(\\d+)(?:\\.(\\d*))?");
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final long MAX_DURATION_SECONDS = 838L * 3600 + 59 * 60 + 59;
    private static final LocalDateTime TIMESTAMP_MIN = LocalDateTime.of(1970, 1, 1, 0, 0, 1);
    private static final LocalDateTime TIMESTAMP_MAX = LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000);

    private final ConversionOptions options;

    public ValueConverter(ConversionOptions options) {
        this.options = options;
    }

    public ConversionOptions options() {
        return options;
    }

    /**
     * @param value the source value
     * @param col   the target column
     * @return the datum to store, {@link Datum#NULL} for NULL
     * @throws ConversionException when the value cannot be stored (always for NOT NULL, invalid JSON;
     *                             for out-of-range and malformed values in strict mode)
     */
    public Datum convert(Object value, ColumnInfo col) throws ConversionException {
        if (value == null) {
            // AUTO_INCREMENT, AUTO_RANDOM: the encoder gives it a value from the row ID.
            if (col.notNull() && !col.autoFilled()) {
                throw new ConversionException(col.name(), "Column '" + col.name() + "' cannot be null");
            }
            return Datum.NULL;
        }
        FieldType ft = col.type();
        return switch (ft.type().family()) {
            case INTEGER -> ft.type() == ColumnType.YEAR ? toYear(value, col) : toInteger(value, col);
            case REAL -> toReal(value, col);
            case DECIMAL -> toDecimal(value, col);
            case TIME -> toTime(value, col);
            case DURATION -> toDuration(value, col);
            case STRING -> toStringDatum(value, col);
            case ENUM_SET -> ft.type() == ColumnType.ENUM ? toEnum(value, col) : toSet(value, col);
            case BIT -> toBit(value, col);
            case JSON -> toJson(value, col);
        };
    }

    // ---- numbers

    private ConversionException error(ColumnInfo col, String msg) {
        return new ConversionException(col.name(), msg);
    }

    private static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        SqlLiteral l = (SqlLiteral) v;
        return switch (l.kind()) {
            case NUMBER -> l.text();
            case BOOLEAN -> l.text().equalsIgnoreCase("TRUE") ? "1" : "0";
            case HEX, HEX_NUMBER -> new String(hexBytes(l.text()), StandardCharsets.UTF_8);
            case BIT -> new String(bitBytes(l.text()), StandardCharsets.UTF_8);
        };
    }

    /** A numeric value of the source: literals that are numbers in a numeric context, else parsed text. */
    private BigDecimal number(Object v, ColumnInfo col) throws ConversionException {
        if (v instanceof SqlLiteral l) {
            switch (l.kind()) {
                case HEX, HEX_NUMBER, BIT -> {
                    byte[] b = l.kind() == SqlLiteral.Kind.BIT ? bitBytes(l.text()) : hexBytes(l.text());
                    return new BigDecimal(new BigInteger(1, b));
                }
                case BOOLEAN -> {
                    return l.text().equalsIgnoreCase("TRUE") ? BigDecimal.ONE : BigDecimal.ZERO;
                }
                default -> {
                }
            }
        }
        String s = text(v).strip();
        if (NUMBER.matcher(s).matches()) {
            return new BigDecimal(s);
        }
        if (options.strict()) {
            throw error(col, "Incorrect " + col.type().type().name().toLowerCase() + " value: '" + text(v)
                    + "' for column '" + col.name() + "'");
        }
        // Non-strict: the longest numeric prefix, 0 if none (MySQL's truncation).
        Matcher m = NUMBER.matcher(s);
        return m.lookingAt() ? new BigDecimal(s.substring(0, m.end())) : BigDecimal.ZERO;
    }

    /** A plain decimal integer of at most 18 digits (the common case), else null. */
    private static Long plainLong(Object v) {
        if (!(v instanceof String s) && !(v instanceof SqlLiteral l && l.kind() == SqlLiteral.Kind.NUMBER)) {
            return null;
        }
        String t = v instanceof String str ? str : ((SqlLiteral) v).text();
        int n = t.length();
        int start = n > 0 && (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
        if (n - start < 1 || n - start > 18) {
            return null;
        }
        long r = 0;
        for (int i = start; i < n; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            r = r * 10 + (c - '0');
        }
        return t.charAt(0) == '-' ? -r : r;
    }

    private Datum toInteger(Object v, ColumnInfo col) throws ConversionException {
        Long plain = plainLong(v);
        FieldType ft = col.type();
        if (plain != null) {
            // At most 18 digits: the value fits a long, so only the column's own range needs checking.
            long x = plain;
            long lo;
            long hi;
            if (ft.unsigned()) {
                lo = 0;
                hi = switch (ft.type()) {
                    case TINYINT -> 255;
                    case SMALLINT -> 65535;
                    case MEDIUMINT -> 16777215;
                    case INT -> 4294967295L;
                    default -> Long.MAX_VALUE;
                };
            } else {
                lo = switch (ft.type()) {
                    case TINYINT -> -128;
                    case SMALLINT -> -32768;
                    case MEDIUMINT -> -8388608;
                    case INT -> Integer.MIN_VALUE;
                    default -> Long.MIN_VALUE;
                };
                hi = -(lo + 1);
            }
            if (x >= lo && x <= hi) {
                return ft.unsigned() ? Datum.ofUint(x) : Datum.ofInt(x);
            }
        }
        BigDecimal n = plain != null ? BigDecimal.valueOf(plain) : number(v, col);
        BigInteger i = n.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
        BigInteger min;
        BigInteger max;
        if (ft.unsigned()) {
            min = BigInteger.ZERO;
            max = switch (ft.type()) {
                case TINYINT -> BigInteger.valueOf(255);
                case SMALLINT -> BigInteger.valueOf(65535);
                case MEDIUMINT -> BigInteger.valueOf(16777215);
                case INT -> BigInteger.valueOf(4294967295L);
                default -> UINT64_MAX;
            };
        } else {
            long lo = switch (ft.type()) {
                case TINYINT -> -128;
                case SMALLINT -> -32768;
                case MEDIUMINT -> -8388608;
                case INT -> Integer.MIN_VALUE;
                default -> Long.MIN_VALUE;
            };
            min = BigInteger.valueOf(lo);
            max = BigInteger.valueOf(-(lo + 1));
        }
        if (i.compareTo(min) < 0 || i.compareTo(max) > 0) {
            if (options.strict()) {
                throw error(col, "Out of range value for column '" + col.name() + "'");
            }
            i = i.compareTo(min) < 0 ? min : max;
        }
        return ft.unsigned() ? Datum.ofUint(i.longValue()) : Datum.ofInt(i.longValueExact());
    }

    private Datum toYear(Object v, ColumnInfo col) throws ConversionException {
        boolean isText = v instanceof String || v instanceof byte[];
        String s = isText ? text(v).strip() : null;
        BigDecimal n = number(v, col);
        long y = n.setScale(0, RoundingMode.HALF_UP).longValue();
        if (isText && s.length() <= 2 && y >= 0 && y <= 99) {
            // Two-digit year strings: '00'-'69' are 2000-2069, '70'-'99' are 1970-1999; even '0' is 2000.
            y = y < 70 ? 2000 + y : 1900 + y;
        } else if (y >= 1 && y <= 69) {
            y += 2000;
        } else if (y >= 70 && y <= 99) {
            y += 1900;
        }
        if (y != 0 && (y < 1901 || y > 2155)) {
            if (options.strict()) {
                throw error(col, "Out of range value for column '" + col.name() + "'");
            }
            y = 0;
        }
        return Datum.ofInt(y);
    }

    private Datum toReal(Object v, ColumnInfo col) throws ConversionException {
        double d = number(v, col).doubleValue();
        boolean isFloat = col.type().type() == ColumnType.FLOAT;
        double max = isFloat ? Float.MAX_VALUE : Double.MAX_VALUE;
        if (Double.isInfinite(d) || Math.abs(d) > max || (col.type().unsigned() && d < 0)) {
            if (options.strict()) {
                throw error(col, "Out of range value for column '" + col.name() + "'");
            }
            d = col.type().unsigned() && d < 0 ? 0 : Math.copySign(max, d);
        }
        return isFloat ? Datum.ofFloat32((float) d) : Datum.ofFloat64(d);
    }

    private Datum toDecimal(Object v, ColumnInfo col) throws ConversionException {
        FieldType ft = col.type();
        BigDecimal d = number(v, col).setScale(ft.scale(), RoundingMode.HALF_UP);
        BigDecimal limit = BigDecimal.TEN.pow(ft.length() - ft.scale());
        if (d.abs().compareTo(limit) >= 0 || (ft.unsigned() && d.signum() < 0)) {
            if (options.strict()) {
                throw error(col, "Out of range value for column '" + col.name() + "'");
            }
            BigDecimal top = limit.subtract(BigDecimal.ONE.movePointLeft(ft.scale()));
            d = ft.unsigned() && d.signum() < 0 ? BigDecimal.ZERO.setScale(ft.scale())
                    : (d.signum() < 0 ? top.negate() : top);
        }
        return Datum.ofDecimal(d, ft.length(), ft.scale());
    }

    // ---- temporal

    private Datum toTime(Object v, ColumnInfo col) throws ConversionException {
        String s = text(v).strip();
        int[] p = parseDateTime(s);
        ColumnType type = col.type().type();
        if (p == null) {
            if (options.strict()) {
                throw error(col, "Incorrect " + type.name().toLowerCase() + " value: '" + s + "' for column '"
                        + col.name() + "'");
            }
            return Datum.ofTime(0);
        }
        int fsp = type == ColumnType.DATE ? 0 : col.type().scale();
        boolean zeroDate = p[0] == 0 && p[1] == 0 && p[2] == 0;
        if (zeroDate) {
            if (options.strict() && options.noZeroDate()) {
                throw error(col, "Incorrect " + type.name().toLowerCase() + " value: '" + s + "' for column '"
                        + col.name() + "'");
            }
            return Datum.ofTime(0);
        }
        boolean zeroInDate = p[1] == 0 || p[2] == 0;
        if (zeroInDate && (type == ColumnType.TIMESTAMP || (options.strict() && options.noZeroInDate()))) {
            if (options.strict()) {
                throw error(col, "Incorrect " + type.name().toLowerCase() + " value: '" + s + "' for column '"
                        + col.name() + "'");
            }
            return Datum.ofTime(0);
        }
        if (zeroInDate) {
            // MySQL keeps partial zero dates as written when allowed; no calendar arithmetic applies.
            int micro = type == ColumnType.DATE ? 0 : roundMicros(p[6], fsp);
            return Datum.ofTime(type == ColumnType.DATE ? MysqlTime.pack(p[0], p[1], p[2], 0, 0, 0, 0)
                    : MysqlTime.pack(p[0], p[1], p[2], p[3], p[4], p[5], Math.min(micro, 999_999)));
        }
        LocalDateTime t;
        try {
            t = LocalDateTime.of(p[0], p[1], p[2], p[3], p[4], p[5]);
        } catch (java.time.DateTimeException e) {
            if (options.strict()) {
                throw error(col, "Incorrect " + type.name().toLowerCase() + " value: '" + s + "' for column '"
                        + col.name() + "'");
            }
            return Datum.ofTime(0);
        }
        if (type == ColumnType.DATE) {
            return Datum.ofTime(MysqlTime.pack(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), 0, 0, 0, 0));
        }
        int micro = roundMicros(p[6], fsp);
        t = t.plusNanos(micro * 1000L);
        if (type == ColumnType.TIMESTAMP) {
            LocalDateTime utc = t.atZone(options.timeZone()).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
            if (utc.isBefore(TIMESTAMP_MIN) || utc.isAfter(TIMESTAMP_MAX)) {
                if (options.strict()) {
                    throw error(col, "Incorrect timestamp value: '" + s + "' for column '" + col.name() + "'");
                }
                return Datum.ofTime(0);
            }
            t = utc;
        }
        if (t.getYear() > 9999) {
            throw error(col, "Incorrect datetime value: '" + s + "' for column '" + col.name() + "'");
        }
        return Datum.ofTime(MysqlTime.pack(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
                t.getMinute(), t.getSecond(), t.getNano() / 1000));
    }

    /** Microseconds (0..999999, may carry to 1_000_000) rounded half up to {@code fsp} digits. */
    private static int roundMicros(int micros, int fsp) {
        int unit = (int) Math.pow(10, 6 - fsp);
        return (micros + unit / 2) / unit * unit;
    }

    /** Year, month, day, hour, minute, second, microseconds (unrounded, 7th digit rounds), or null. */
    private static int[] parseDateTime(String s) {
        int[] fast = parseCanonicalDateTime(s);
        if (fast != null) {
            return fast;
        }
        Matcher m = DATETIME.matcher(s);
        int[] p = new int[7];
        String frac;
        if (m.matches()) {
            for (int i = 0; i < 6; i++) {
                p[i] = m.group(i + 1) == null ? 0 : Integer.parseInt(m.group(i + 1));
            }
            if (m.group(1).length() <= 2) {
                p[0] = twoDigitYear(p[0]);
            }
            frac = m.group(7);
        } else {
            m = DATETIME_DIGITS.matcher(s);
            if (!m.matches()) {
                return null;
            }
            String d = m.group(1);
            int pos = 0;
            if (d.length() == 6 || d.length() == 12) {
                p[0] = twoDigitYear(Integer.parseInt(d, 0, 2, 10));
                pos = 2;
            } else {
                p[0] = Integer.parseInt(d, 0, 4, 10);
                pos = 4;
            }
            for (int i = 1; pos < d.length(); i++, pos += 2) {
                p[i] = Integer.parseInt(d, pos, pos + 2, 10);
            }
            frac = m.group(2);
        }
        p[6] = fracMicros(frac);
        return p;
    }

    /** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS[.f*]' without a regex (what dumps contain), else null. */
    private static int[] parseCanonicalDateTime(String s) {
        int n = s.length();
        if (n != 10 && n < 19) {
            return null;
        }
        if (s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int[] p = new int[7];
        p[0] = digits(s, 0, 4);
        p[1] = digits(s, 5, 2);
        p[2] = digits(s, 8, 2);
        if (n > 10) {
            if (s.charAt(10) != ' ' || s.charAt(13) != ':' || s.charAt(16) != ':') {
                return null;
            }
            p[3] = digits(s, 11, 2);
            p[4] = digits(s, 14, 2);
            p[5] = digits(s, 17, 2);
            if (n > 19) {
                if (s.charAt(19) != '.' || n - 20 > 9 || digits(s, 20, n - 20) < 0) {
                    return null;
                }
                p[6] = fracMicros(s.substring(20));
            }
        }
        for (int i = 0; i < 6; i++) {
            if (p[i] < 0) {
                return null;
            }
        }
        return p;
    }

    /** The value of {@code len} decimal digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int twoDigitYear(int y) {
        return y < 70 ? 2000 + y : 1900 + y;
    }

    /** Fraction digits as microseconds, rounding the 7th digit half up (may give 1_000_000). */
    private static int fracMicros(String frac) {
        if (frac == null || frac.isEmpty()) {
            return 0;
        }
        String f = (frac + "0000000").substring(0, 7);
        int seven = Integer.parseInt(f);
        return (seven + 5) / 10;
    }

    private Datum toDuration(Object v, ColumnInfo col) throws ConversionException {
        String s = text(v).strip();
        int fsp = col.type().scale();
        long seconds;
        int micros;
        boolean negative;
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            negative = "-".equals(m.group(1));
            long days = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
            long h = Long.parseLong(m.group(3));
            int mi = Integer.parseInt(m.group(4));
            int se = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            if (mi > 59 || se > 59) {
                return badDuration(col, s);
            }
            seconds = days * 24 * 3600 + h * 3600 + mi * 60L + se;
            micros = fracMicros(m.group(6));
        } else {
            Matcher d = DURATION_DIGITS.matcher(s);
            if (!d.matches()) {
                int[] p = parseDateTime(s);
                if (p != null && p[3] + p[4] + p[5] > 0) {
                    // A datetime keeps its time of day.
                    return Datum.ofDuration(((p[3] * 3600L + p[4] * 60L + p[5]) * 1_000_000L + roundMicros(p[6], fsp)) * 1000L);
                }
                return badDuration(col, s);
            }
            negative = "-".equals(d.group(1));
            String digits = d.group(2);
            long n = Long.parseLong(digits.length() > 12 ? digits.substring(digits.length() - 12) : digits);
            long se = n % 100;
            long mi = (n / 100) % 100;
            long h = n / 10000;
            if (mi > 59 || se > 59) {
                return badDuration(col, s);
            }
            seconds = h * 3600 + mi * 60 + se;
            micros = fracMicros(d.group(3));
        }
        long totalMicros = seconds * 1_000_000L + roundMicros(micros, fsp);
        if (totalMicros > MAX_DURATION_SECONDS * 1_000_000L) {
            if (options.strict()) {
                throw error(col, "Out of range value for column '" + col.name() + "'");
            }
            totalMicros = MAX_DURATION_SECONDS * 1_000_000L;
        }
        return Datum.ofDuration((negative ? -totalMicros : totalMicros) * 1000L);
    }

    private Datum badDuration(ColumnInfo col, String s) throws ConversionException {
        if (options.strict()) {
            throw error(col, "Incorrect time value: '" + s + "' for column '" + col.name() + "'");
        }
        return Datum.ofDuration(0);
    }

    // ---- strings

    private static byte[] rawBytes(Object v) {
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        SqlLiteral l = (SqlLiteral) v;
        return switch (l.kind()) {
            case HEX, HEX_NUMBER -> hexBytes(l.text());
            case BIT -> bitBytes(l.text());
            case BOOLEAN -> (l.text().equalsIgnoreCase("TRUE") ? "1" : "0").getBytes(StandardCharsets.US_ASCII);
            case NUMBER -> l.text().getBytes(StandardCharsets.US_ASCII);
        };
    }

    private Datum toStringDatum(Object v, ColumnInfo col) throws ConversionException {
        FieldType ft = col.type();
        byte[] b = rawBytes(v);
        if (ft.isBinaryString()) {
            b = fitBytes(b, ft.length(), col);
            if (ft.type() == ColumnType.CHAR && b.length < ft.length()) {
                b = Arrays.copyOf(b, ft.length());
            }
            return Datum.ofBytes(b);
        }
        // A String's UTF-8 bytes are valid UTF-8 always (getBytes replaces an unpaired surrogate).
        if (!(v instanceof String) && !isValidUtf8(b) || (ft.charset().equals("ascii") && !isAscii(b))) {
            if (options.strict()) {
                throw error(col, "Incorrect string value for column '" + col.name() + "' (charset " + ft.charset() + ")");
            }
            b = new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        }
        if (ft.type() == ColumnType.TEXT) {
            b = fitBytes(b, ft.length(), col);
        } else if (ft.length() >= 0 && b.length > ft.length()) {
            // Fewer bytes than the length allows cannot be too many characters.
            String s = new String(b, StandardCharsets.UTF_8);
            int chars = s.codePointCount(0, s.length());
            if (chars > ft.length()) {
                String kept = s.substring(0, s.offsetByCodePoints(0, ft.length()));
                if (!onlySpaces(s.substring(kept.length())) && options.strict()) {
                    throw error(col, "Data too long for column '" + col.name() + "'");
                }
                b = kept.getBytes(StandardCharsets.UTF_8);
            }
        }
        if (ft.type() == ColumnType.CHAR) {
            int n = b.length;
            while (n > 0 && b[n - 1] == ' ') {
                n--;
            }
            b = n == b.length ? b : Arrays.copyOf(b, n);
        }
        return Datum.ofString(b, ft.collation());
    }

    private static boolean onlySpaces(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != ' ') {
                return false;
            }
        }
        return true;
    }

    /** Byte-limited types: excess trailing spaces are dropped quietly, anything else is too long. */
    private byte[] fitBytes(byte[] b, int max, ColumnInfo col) throws ConversionException {
        if (max < 0 || b.length <= max) {
            return b;
        }
        boolean spaces = true;
        for (int i = max; i < b.length; i++) {
            spaces &= b[i] == ' ';
        }
        if (!spaces && options.strict()) {
            throw error(col, "Data too long for column '" + col.name() + "'");
        }
        return Arrays.copyOf(b, max);
    }

    /** Well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF), without allocating. */
    static boolean isValidUtf8(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + need >= n) {
                return false;
            }
            int cp = c & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                int x = b[i + k] & 0xFF;
                if ((x & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (x & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    // ---- enum, set, bit, json

    private Datum toEnum(Object v, ColumnInfo col) throws ConversionException {
        List<String> elems = col.type().elements();
        if (!(v instanceof SqlLiteral l && l.kind() != SqlLiteral.Kind.HEX)) {
            byte[] key = col.type().collation().key(rawBytes(v));
            for (int i = 0; i < elems.size(); i++) {
                if (Arrays.equals(key, col.type().collation().key(elems.get(i).getBytes(StandardCharsets.UTF_8)))) {
                    return Datum.ofEnum(i + 1);
                }
            }
        }
        String s = text(v).strip();
        if (NUMBER.matcher(s).matches() || v instanceof SqlLiteral) {
            BigDecimal n = number(v, col);
            if (n.signum() > 0 && n.stripTrailingZeros().scale() <= 0 && n.compareTo(BigDecimal.valueOf(elems.size())) <= 0) {
                return Datum.ofEnum(n.longValueExact());
            }
        }
        if (options.strict()) {
            throw error(col, "Data truncated for column '" + col.name() + "': '" + text(v) + "' is not one of its values");
        }
        return Datum.ofEnum(0);
    }

    private Datum toSet(Object v, ColumnInfo col) throws ConversionException {
        List<String> elems = col.type().elements();
        if (v instanceof SqlLiteral l && l.kind() != SqlLiteral.Kind.HEX) {
            BigDecimal n = number(v, col);
            if (n.signum() >= 0 && n.stripTrailingZeros().scale() <= 0 && n.toBigInteger().bitLength() <= elems.size()) {
                return Datum.ofSet(n.longValue());
            }
            if (options.strict()) {
                throw error(col, "Data truncated for column '" + col.name() + "'");
            }
            return Datum.ofSet(0);
        }
        String s = text(v);
        long mask = 0;
        if (!s.isEmpty()) {
            Collation c = col.type().collation();
            for (String part : s.split(",", -1)) {
                byte[] key = c.key(part.getBytes(StandardCharsets.UTF_8));
                int found = -1;
                for (int i = 0; i < elems.size(); i++) {
                    if (Arrays.equals(key, c.key(elems.get(i).getBytes(StandardCharsets.UTF_8)))) {
                        found = i;
                        break;
                    }
                }
                if (found < 0) {
                    if (options.strict()) {
                        throw error(col, "Data truncated for column '" + col.name() + "': '" + part
                                + "' is not one of its values");
                    }
                    continue;
                }
                mask |= 1L << found;
            }
        }
        return Datum.ofSet(mask);
    }

    private Datum toBit(Object v, ColumnInfo col) throws ConversionException {
        int bits = col.type().length() <= 0 ? 1 : col.type().length();
        BigInteger n;
        if (v instanceof SqlLiteral l && (l.kind() == SqlLiteral.Kind.NUMBER || l.kind() == SqlLiteral.Kind.BOOLEAN)) {
            BigDecimal d = number(v, col);
            n = d.setScale(0, RoundingMode.HALF_UP).toBigInteger();
        } else {
            n = new BigInteger(1, rawBytes(v));
        }
        if (n.signum() < 0 || n.bitLength() > bits) {
            if (options.strict()) {
                throw error(col, "Data too long for column '" + col.name() + "'");
            }
            n = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        }
        return Datum.ofBit(n.longValue());
    }

    private Datum toJson(Object v, ColumnInfo col) throws ConversionException {
        String s;
        if (v instanceof SqlLiteral l && l.kind() == SqlLiteral.Kind.BOOLEAN) {
            s = l.text().equalsIgnoreCase("TRUE") ? "true" : "false";
        } else {
            s = text(v);
        }
        try {
            return Datum.ofJson(JsonBinary.fromText(s));
        } catch (IllegalArgumentException e) {
            throw error(col, "Invalid JSON text for column '" + col.name() + "': " + e.getMessage());
        }
    }

    // ---- literal helpers

    static byte[] hexBytes(String hex) {
        String h = hex.length() % 2 == 1 ? "0" + hex : hex;
        return java.util.HexFormat.of().parseHex(h);
    }

    static byte[] bitBytes(String bits) {
        if (bits.isEmpty()) {
            return new byte[0];
        }
        byte[] b = new BigInteger(bits, 2).toByteArray();
        int bytes = (bits.length() + 7) / 8;
        byte[] out = new byte[bytes];
        int copy = Math.min(bytes, b.length);
        System.arraycopy(b, b.length - copy, out, bytes - copy, copy);
        return out;
    }
}
