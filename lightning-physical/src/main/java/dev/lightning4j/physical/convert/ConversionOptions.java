package dev.lightning4j.physical.convert;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * The session settings TiDB would convert with.
 *
 * @param strict      STRICT_TRANS_TABLES / STRICT_ALL_TABLES: a bad value rejects the row; otherwise it is
 *                    clamped, truncated or zeroed as MySQL does
 * @param noZeroDate  NO_ZERO_DATE: '0000-00-00' is an error in strict mode
 * @param noZeroInDate NO_ZERO_IN_DATE: a zero month or day is an error in strict mode
 * @param timeZone    the session time zone TIMESTAMP values are read in (they are stored in UTC)
 * @param now         the value of CURRENT_TIMESTAMP defaults, in {@code timeZone}
 */
public record ConversionOptions(boolean strict, boolean noZeroDate, boolean noZeroInDate, ZoneId timeZone,
                                LocalDateTime now) {
    public ConversionOptions {
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(now, "now");
    }

    /** TiDB's default sql_mode (strict, no zero dates) in the given zone. */
    public static ConversionOptions strict(ZoneId zone) {
        return new ConversionOptions(true, true, true, zone, LocalDateTime.now(zone));
    }

    /** Options from a sql_mode string, as Lightning's {@code sql-mode} setting gives it. */
    public static ConversionOptions fromSqlMode(String sqlMode, ZoneId zone) {
        String m = "," + sqlMode.toUpperCase(Locale.ROOT).replace(" ", "") + ",";
        boolean strict = m.contains(",STRICT_TRANS_TABLES,") || m.contains(",STRICT_ALL_TABLES,")
                || m.contains(",TRADITIONAL,");
        boolean traditional = m.contains(",TRADITIONAL,");
        return new ConversionOptions(strict, traditional || m.contains(",NO_ZERO_DATE,"),
                traditional || m.contains(",NO_ZERO_IN_DATE,"), zone, LocalDateTime.now(zone));
    }
}
