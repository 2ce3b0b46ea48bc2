package dev.lightning4j.sources.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDateTime;
import java.time.temporal.JulianFields;
import org.junit.jupiter.api.Test;

/** Legacy INT96 timestamps, which DuckDB does not write: built here from the layout Impala and Spark use. */
class ParquetValuesTest {

    private static byte[] int96(LocalDateTime t) {
        long julianDay = t.toLocalDate().getLong(JulianFields.JULIAN_DAY);
        return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(t.toLocalTime().toNanoOfDay())
                .putInt((int) julianDay).array();
    }

    @Test
    void int96IsNanosOfDayThenJulianDayRenderedInUtc() {
        LocalDateTime t = LocalDateTime.of(2001, 2, 3, 4, 5, 6, 789_012_000);
        assertThat(ParquetValues.int96(int96(t))).isEqualTo("2001-02-03 04:05:06.789012");
        LocalDateTime beforeEpoch = LocalDateTime.of(1899, 12, 31, 23, 59, 59, 1);
        assertThat(ParquetValues.int96(int96(beforeEpoch))).isEqualTo("1899-12-31 23:59:59.000000001");
    }
}
