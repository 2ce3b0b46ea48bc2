package dev.lightning4j.sources.parquet;

import dev.lightning4j.sources.text.Utf8;
import dev.lightning4j.spi.SqlLiteral;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.TimeUnit;

/**
 * Turns the current value of a column reader into what the engine takes (see {@code spi.SourceRow}): numbers as
 * exact NUMBER literals, dates and times as the text the server parses, strings as String, the rest as bytes.
 * Timestamps are rendered in UTC, whether the writer marked them UTC-adjusted or not: the import session's
 * time_zone is +00:00, so an adjusted instant lands unchanged and a local one keeps its wall-clock value.
 */
final class ParquetValues {
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private ParquetValues() {
    }

    /** Reads one non-null value. */
    interface Decoder {
        Object read(ColumnReader r);
    }

    /** The decoder for a leaf of the schema, or null when the type is not supported. */
    static Decoder decoder(SchemaElement e) {
        LogicalType lt = e.isSetLogicalType() ? e.getLogicalType() : null;
        ConvertedType ct = e.isSetConverted_type() ? e.getConverted_type() : null;
        boolean decimal = (lt != null && lt.isSetDECIMAL()) || ct == ConvertedType.DECIMAL;
        int scale = lt != null && lt.isSetDECIMAL() ? lt.getDECIMAL().getScale() : e.isSetScale() ? e.getScale() : 0;
        switch (e.getType()) {
            case BOOLEAN:
                return r -> number(r.getBoolean() ? "1" : "0");
            case INT32: {
                if (decimal) {
                    return r -> number(BigDecimal.valueOf(r.getInteger(), scale).toPlainString());
                }
                if ((lt != null && lt.isSetDATE()) || ct == ConvertedType.DATE) {
                    return r -> LocalDate.ofEpochDay(r.getInteger()).toString();
                }
                if ((lt != null && lt.isSetTIME()) || ct == ConvertedType.TIME_MILLIS) {
                    return r -> time(r.getInteger() * 1_000_000L);
                }
                if (unsigned(lt, ct)) {
                    return r -> number(Integer.toUnsignedString(r.getInteger()));
                }
                return r -> number(Integer.toString(r.getInteger()));
            }
            case INT64: {
                if (decimal) {
                    return r -> number(BigDecimal.valueOf(r.getLong(), scale).toPlainString());
                }
                if ((lt != null && lt.isSetTIME()) || ct == ConvertedType.TIME_MICROS) {
                    long perUnit = lt != null && lt.isSetTIME() ? nanosPer(lt.getTIME().getUnit()) : 1_000L;
                    return r -> time(r.getLong() * perUnit);
                }
                if ((lt != null && lt.isSetTIMESTAMP()) || ct == ConvertedType.TIMESTAMP_MILLIS
                        || ct == ConvertedType.TIMESTAMP_MICROS) {
                    long perUnit = lt != null && lt.isSetTIMESTAMP() ? nanosPer(lt.getTIMESTAMP().getUnit())
                            : ct == ConvertedType.TIMESTAMP_MILLIS ? 1_000_000L : 1_000L;
                    long unitsPerSecond = 1_000_000_000L / perUnit;
                    return r -> {
                        long v = r.getLong();
                        return timestamp(Math.floorDiv(v, unitsPerSecond),
                                (int) (Math.floorMod(v, unitsPerSecond) * perUnit));
                    };
                }
                if (unsigned(lt, ct)) {
                    return r -> number(Long.toUnsignedString(r.getLong()));
                }
                return r -> number(Long.toString(r.getLong()));
            }
            case INT96:
                return r -> int96(r.getBinary().getBytes());
            case FLOAT:
                return r -> floating(r.getFloat(), Float.toString(r.getFloat()));
            case DOUBLE:
                return r -> floating(r.getDouble(), Double.toString(r.getDouble()));
            case BYTE_ARRAY:
            case FIXED_LEN_BYTE_ARRAY: {
                if (decimal) {
                    return r -> number(new BigDecimal(new BigInteger(r.getBinary().getBytes()), scale).toPlainString());
                }
                if (lt != null && lt.isSetUUID()) {
                    return r -> uuid(r.getBinary().getBytes());
                }
                if ((lt != null && (lt.isSetSTRING() || lt.isSetENUM() || lt.isSetJSON()))
                        || ct == ConvertedType.UTF8 || ct == ConvertedType.ENUM || ct == ConvertedType.JSON) {
                    return r -> {
                        byte[] b = r.getBinary().getBytes();
                        return Utf8.decode(b, 0, b.length);
                    };
                }
                return r -> r.getBinary().getBytes();
            }
            default:
                return null;
        }
    }

    private static boolean unsigned(LogicalType lt, ConvertedType ct) {
        if (lt != null && lt.isSetINTEGER()) {
            return !lt.getINTEGER().isIsSigned();
        }
        return ct == ConvertedType.UINT_8 || ct == ConvertedType.UINT_16 || ct == ConvertedType.UINT_32
                || ct == ConvertedType.UINT_64;
    }

    private static long nanosPer(TimeUnit unit) {
        if (unit.isSetMILLIS()) {
            return 1_000_000L;
        }
        if (unit.isSetMICROS()) {
            return 1_000L;
        }
        return 1L;
    }

    private static SqlLiteral number(String text) {
        return new SqlLiteral(SqlLiteral.Kind.NUMBER, text);
    }

    /** NaN and infinities have no SQL literal: passed as text, the server rejects or converts them by its rules. */
    private static Object floating(double v, String text) {
        return Double.isNaN(v) || Double.isInfinite(v) ? text : number(text);
    }

    /** INT96: nanoseconds of the day, then the Julian day number, both little-endian (Impala, Hive, Spark). */
    static String int96(byte[] x) {
        long nanosOfDay = 0;
        for (int i = 7; i >= 0; i--) {
            nanosOfDay = (nanosOfDay << 8) | (x[i] & 0xff);
        }
        long julianDay = (x[8] & 0xffL) | (x[9] & 0xffL) << 8 | (x[10] & 0xffL) << 16 | (long) x[11] << 24;
        long epochNanos = (julianDay - JULIAN_EPOCH_DAY) * NANOS_PER_DAY + nanosOfDay;
        return timestamp(Math.floorDiv(epochNanos, 1_000_000_000L), (int) Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** {@code YYYY-MM-DD HH:MM:SS.ffffff}; nine digits only when the value has sub-microsecond digits. */
    static String timestamp(long epochSecond, int nanos) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, nanos, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(29);
        sb.append(t.toLocalDate()).append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        return fraction(sb, nanos).toString();
    }

    /** {@code HH:MM:SS.ffffff} from nanoseconds since midnight. */
    static String time(long nanosOfDay) {
        long seconds = Math.floorDiv(nanosOfDay, 1_000_000_000L);
        int nanos = (int) Math.floorMod(nanosOfDay, 1_000_000_000L);
        StringBuilder sb = new StringBuilder(18);
        two(sb, (int) (seconds / 3600)).append(':');
        two(sb, (int) (seconds / 60 % 60)).append(':');
        two(sb, (int) (seconds % 60));
        return fraction(sb, nanos).toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    private static StringBuilder fraction(StringBuilder sb, int nanos) {
        boolean micros = nanos % 1000 == 0;
        String digits = Integer.toString(micros ? nanos / 1000 : nanos);
        sb.append('.');
        for (int i = digits.length(); i < (micros ? 6 : 9); i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }

    private static String uuid(byte[] b) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xff);
            lo = (lo << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(hi, lo).toString();
    }
}
