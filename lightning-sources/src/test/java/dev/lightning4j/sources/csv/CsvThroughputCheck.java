package dev.lightning4j.sources.csv;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.spi.RowReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Single-core read speed of both scanners on a typical export. Not part of the normal test run (the name
 * does not end in Test); run it with {@code -Dtest=CsvThroughputCheck}.
 */
class CsvThroughputCheck {
    @Test
    void measure() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("id,name,price,created,note,flag,city,comment\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; out.size() < 256 << 20; i++) {
            String row = i + ",\"customer " + i + "\"," + (i % 1000) + "." + (i % 100) + ",2024-01-"
                    + (10 + i % 18) + " 12:34:56," + (i % 7 == 0 ? "\\N" : "\"note, with comma\"") + "," + (i & 1)
                    + ",Zürich,\"a somewhat longer free text comment for row " + i + "\"\n";
            out.writeBytes(row.getBytes(StandardCharsets.UTF_8));
        }
        byte[] data = out.toByteArray();
        for (int round = 0; round < 3; round++) {
            run("byte scanner (defaults)", CsvOptions.DEFAULT, data);
            run("fastcsv (no escapes)", CsvOptions.builder().backslashEscape(false).build(), data);
        }
    }

    private static void run(String name, CsvOptions o, byte[] data) throws IOException {
        long t0 = System.nanoTime();
        long rows = 0;
        try (RowReader r = CsvTesting.open(CsvTesting.Scanner.PROVIDER, o, new ByteArrayInputStream(data),
                CsvTesting.chunk(0, -1))) {
            while (r.next() != null) {
                rows++;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %d rows, %.0f MiB/s%n", name, rows, data.length / 1048576.0 / s);
    }
}
