package dev.lightning4j.bench;

import java.time.LocalDate;

/** Renders DATE and DATETIME values digit by digit, without a formatter per value. */
final class DateTimes {
    private DateTimes() {
    }

    static void date(ByteSink out, long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        out.padded(d.getYear(), 4).put('-').padded(d.getMonthValue(), 2).put('-').padded(d.getDayOfMonth(), 2);
    }

    static void datetime(ByteSink out, long epochSecond) {
        long day = Math.floorDiv(epochSecond, 86_400L);
        long secOfDay = Math.floorMod(epochSecond, 86_400L);
        date(out, day);
        out.put(' ').padded(secOfDay / 3600, 2).put(':').padded(secOfDay / 60 % 60, 2).put(':')
                .padded(secOfDay % 60, 2);
    }
}
