package dev.lightning4j.sources.csv;

import dev.lightning4j.CsvOptions;
import dev.lightning4j.ImportException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.lightning4j.sources.csv.CsvTesting.Scanner;
import static dev.lightning4j.sources.csv.CsvTesting.chunk;
import static dev.lightning4j.sources.csv.CsvTesting.describe;
import static dev.lightning4j.sources.csv.CsvTesting.read;
import static dev.lightning4j.sources.csv.CsvTesting.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fastcsv scanner and the byte scanner give the same rows, offsets and errors for every input both can
 * read: hand-picked cases and seeded random inputs built from the bytes that matter to CSV.
 */
class CsvScannerEquivalenceTest {
    private static final CsvOptions BASE = CsvOptions.builder().backslashEscape(false).build();
    private static final List<CsvOptions> DIALECTS = List.of(
            BASE,
            BASE.toBuilder().header(false).build(),
            BASE.toBuilder().headerSchemaMatch(false).build(),
            BASE.toBuilder().header(false).separator("\t").delimiter("'").build(),
            BASE.toBuilder().header(false).delimiter("").build(),
            BASE.toBuilder().header(false).separator(";").nullValues("NULL", "").build(),
            BASE.toBuilder().header(false).notNull(true).build());

    private static final String[] CASES = {
        "", "\n", "a", "a\n", "a,b\nc,d\n", "a,b\r\nc,d\r\n", "a\rb\rc", "\n\n\na\n\n", "  \n\t\nx\n",
        "h1,h2\n\"q,\"\"x\"\"\",\\N\n", "\"\"\n\"\"\"\"\n", "a,\"b\nc\r\nd\",e\n", ",\n,,\n", "\"a\"\"\n",
        "\"open", "\"ab\"c,d\n", "ab\"c\n", "a,\"b\" ,c\n", "x\0y,\0\n", "é,😀\n", "a;b\tc'd'\n",
        "'x''y',\"z\"\n", "'unterminated\n", "NULL,,\"\"\n", "a\n \n", "\"a\"\r\n\"b\"\r", "a,b,", "h\n\r\n\r\nv\n",
    };

    private static final byte[] ALPHABET = {'a', 'b', ',', ';', '\t', '"', '\'', '\n', '\r', ' ', '\\', 'N',
        0, (byte) 0xC3, (byte) 0xA9, (byte) 0xFF};

    @Test
    void providerUsesFastCsvOnlyForDialectsItParsesExactly() {
        for (CsvOptions o : DIALECTS) {
            assertThat(new CsvDialect(o).fastCsvCompatible()).as(o.toString()).isTrue();
        }
        assertThat(new CsvDialect(CsvOptions.DEFAULT).fastCsvCompatible()).isFalse();
        assertThat(new CsvDialect(BASE.toBuilder().separator("||").build()).fastCsvCompatible()).isFalse();
        assertThat(new CsvDialect(BASE.toBuilder().terminator("\n").build()).fastCsvCompatible()).isFalse();
        assertThat(new CsvDialect(BASE.toBuilder().delimiter("''").build()).fastCsvCompatible()).isFalse();
        assertThat(new CsvDialect(BASE.toBuilder().separator("§").build()).fastCsvCompatible()).isFalse();
    }

    @Test
    void handPickedInputsGiveIdenticalResults() {
        for (CsvOptions o : DIALECTS) {
            for (String c : CASES) {
                assertSame(o, utf8(c));
            }
        }
    }

    @Test
    void randomInputsGiveIdenticalResults() {
        Random random = new Random(20240611);
        int errors = 0;
        for (int i = 0; i < 3000; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int n = random.nextInt(60);
            for (int k = 0; k < n; k++) {
                out.write(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            CsvOptions o = DIALECTS.get(random.nextInt(DIALECTS.size()));
            errors += assertSame(o, out.toByteArray()) ? 0 : 1;
        }
        // The generator must exercise both outcomes, or the comparison proves little.
        assertThat(errors).isBetween(300, 2700);
    }

    /** Compares both scanners on whole and on one-byte reads; true when the input was readable. */
    private static boolean assertSame(CsvOptions o, byte[] data) {
        List<String> fast = outcome(Scanner.FASTCSV, o, new ByteArrayInputStream(data));
        List<String> bytes = outcome(Scanner.BYTES, o, new ByteArrayInputStream(data));
        String what = o + " on " + CsvErrors.snippet(data, 0, data.length);
        assertThat(fast).as(what).isEqualTo(bytes);
        assertThat(outcome(Scanner.FASTCSV, o, CsvTesting.oneByteAtATime(data))).as(what).isEqualTo(bytes);
        assertThat(outcome(Scanner.BYTES, o, CsvTesting.oneByteAtATime(data))).as(what).isEqualTo(bytes);
        return bytes.isEmpty() || !bytes.get(bytes.size() - 1).startsWith("ERROR");
    }

    private static List<String> outcome(Scanner kind, CsvOptions o, InputStream in) {
        try {
            return describe(read(kind, o, in, chunk(0, -1)));
        } catch (ImportException e) {
            List<String> r = new ArrayList<>();
            r.add("ERROR " + e.code() + " " + e.offset() + " " + e.getMessage());
            return r;
        }
    }
}
