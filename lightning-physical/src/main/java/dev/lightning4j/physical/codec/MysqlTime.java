package dev.lightning4j.physical.codec;

/**
 * TiDB's packed representation of DATE/DATETIME/TIMESTAMP ({@code Time.ToPackedUint}):
 * {@code ((((year*13 + month) << 5 | day) << 17 | hour << 12 | minute << 6 | second) << 24) | microsecond}.
 */
public final class MysqlTime {
    private MysqlTime() {
    }

    public static long pack(int year, int month, int day, int hour, int minute, int second, int micro) {
        long ymd = ((long) (year * 13 + month) << 5) | day;
        long hms = ((long) hour << 12) | ((long) minute << 6) | second;
        return (((ymd << 17) | hms) << 24) | micro;
    }

    public static int year(long packed) {
        return (int) ((packed >>> 46) / 13);
    }

    public static int month(long packed) {
        return (int) ((packed >>> 46) % 13);
    }

    public static int day(long packed) {
        return (int) ((packed >>> 41) & 31);
    }

    public static int hour(long packed) {
        return (int) ((packed >>> 36) & 31);
    }

    public static int minute(long packed) {
        return (int) ((packed >>> 30) & 63);
    }

    public static int second(long packed) {
        return (int) ((packed >>> 24) & 63);
    }

    public static int micro(long packed) {
        return (int) (packed & 0xFFFFFF);
    }
}
