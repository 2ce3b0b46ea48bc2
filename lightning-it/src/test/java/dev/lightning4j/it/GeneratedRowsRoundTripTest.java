package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lightning4j.ImportResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Random rows of tricky values written as a Dumpling export (a SQL file of INSERTs and a CSV file in
 * Lightning's default dialect), imported, and read back value by value: every value must arrive exactly as
 * written. The writers here are independent of the import's parsers, so a disagreement is a bug in one of
 * them, and shrinking reduces it to the smallest row that shows it.
 */
class GeneratedRowsRoundTripTest {
    private static final String COLUMNS = "`id` int NOT NULL, `s` varchar(200) DEFAULT NULL, `tx` text DEFAULT NULL,"
            + " `bl` blob DEFAULT NULL, `vb` varbinary(64) DEFAULT NULL, `i` bigint DEFAULT NULL,"
            + " `u` bigint unsigned DEFAULT NULL, `ti` tinyint DEFAULT NULL, `d` decimal(65,30) DEFAULT NULL,"
            + " `dt` datetime(6) DEFAULT NULL, `dd` date DEFAULT NULL, `b` bit(64) DEFAULT NULL, PRIMARY KEY (`id`)";
    private static final String[] NAMES = {"s", "tx", "bl", "vb", "i", "u", "ti", "d", "dt", "dd", "b"};
    /** What each column reads back as: text the server formats itself, or raw bytes. */
    private static final String SELECT = "SELECT id, s, tx, bl, vb, CAST(i AS CHAR), CAST(u AS CHAR),"
            + " CAST(ti AS CHAR), CAST(d AS CHAR), CAST(dt AS CHAR), CAST(dd AS CHAR), CAST(b + 0 AS CHAR)";
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /**
     * One generated row. Strings and numbers are kept as the text that was written; {@code dec} is the
     * literal as written (sign, digits, point), {@code bit} the value of the 64-bit column.
     */
    record Row(String s, String tx, byte[] bl, byte[] vb, Long i, BigInteger u, Integer ti, String dec,
            String dt, String dd, BigInteger bit) {
        @Override
        public String toString() {
            return "Row[s=" + show(s) + ", tx=" + show(tx) + ", bl=" + hex(bl) + ", vb=" + hex(vb) + ", i=" + i
                    + ", u=" + u + ", ti=" + ti + ", d=" + dec + ", dt=" + dt + ", dd=" + dd + ", b=" + bit + "]";
        }

        /** What reading the column back must give, in {@link #NAMES} order (String, byte[] or null). */
        Object[] expected() {
            return new Object[] {s, tx, bl, vb, i == null ? null : i.toString(), u == null ? null : u.toString(),
                    ti == null ? null : ti.toString(),
                    dec == null ? null : new BigDecimal(dec).setScale(30).toPlainString(), dt, dd,
                    bit == null ? null : bit.toString()};
        }
    }

    @Property(tries = 25, shrinking = ShrinkingMode.BOUNDED)
    void everyValueArrivesAsWritten(@ForAll("rows") @Size(min = 1, max = 50) List<Row> rows,
            @ForAll("layouts") long layout) throws IOException {
        String db = ItDb.SERVER.createDatabase("gen_roundtrip");
        Path dir = Files.createTempDirectory("gen-roundtrip");
        try {
            DumpFile.schemaCreate(dir, db);
            DumpFile.schema(dir, db, "s", "CREATE TABLE `s` (" + COLUMNS
                    + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;");
            DumpFile.schema(dir, db, "c", "CREATE TABLE `c` (" + COLUMNS
                    + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;");
            java.util.Random choices = new java.util.Random(layout);
            Files.write(dir.resolve(db + ".s.000000000.sql"), sql(rows, choices));
            Files.write(dir.resolve(db + ".c.000000000.csv"), csv(rows, choices));

            ImportResult result = ItDb.importer(dir, db).run();
            assertThat(result.rows()).isEqualTo(2L * rows.size());
            List<String> problems = new ArrayList<>();
            compare(db, "s", rows, problems);
            compare(db, "c", rows, problems);
            assertThat(problems).as("values that did not arrive as written").isEmpty();
        } finally {
            ItDb.execute(null, "DROP DATABASE IF EXISTS `" + db + "`");
            delete(dir);
        }
    }

    // ---- generators ----

    /** Pieces that strings are made of: every character a writer or parser must treat specially. */
    private static final String[] PIECES = {"a", "Z", " ", "'", "\"", "\\", "\0", "\n", "\r", "\t", "\u001A",
        "\r\n", "😀", "𝄞", "é", "日本", ",", ";", "(", ")", "NULL", "\\N", "N", "0x", "b'", "--", "/*", "`"};

    @Provide
    Arbitrary<List<Row>> rows() {
        Arbitrary<String> strings = Arbitraries.oneOf(
                Arbitraries.of("", "NULL", "\\N", "N", "null", " ", "\\", "'", "\""),
                Arbitraries.of(PIECES).list().ofMaxSize(20).map(l -> String.join("", l)));
        Arbitrary<byte[]> bytes = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                // invalid UTF-8 and the bytes escaping cares about
                Arbitraries.of((byte) 0xFF, (byte) 0xC3, (byte) 0x28, (byte) 0x80, (byte) 0xF0, (byte) 0x00,
                        (byte) '\\', (byte) '\'', (byte) '"', (byte) '\n', (byte) '\r', (byte) 0x1A, (byte) 'N',
                        (byte) ',').array(byte[].class).ofMaxSize(32));
        // Extremes are mixed in explicitly: they are where writers and parsers go wrong.
        BigInteger maxUnsigned = TWO_64.subtract(BigInteger.ONE);
        Arbitrary<BigInteger> unsigned = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.bigIntegers().between(BigInteger.ZERO, maxUnsigned)),
                Tuple.of(1, Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, maxUnsigned, maxUnsigned.shiftRight(1))));
        Arbitrary<Long> longs = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.longs()),
                Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L)));
        Arbitrary<Integer> tinyints = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(-128, 127)),
                Tuple.of(1, Arbitraries.of(-128, 127, 0)));
        String nines35 = "9".repeat(35);
        String nines30 = "9".repeat(30);
        Arbitrary<String> decimals = Arbitraries.frequencyOf(Tuple.of(4, Combinators.combine(Arbitraries.of("", "-", "+"),
                Arbitraries.strings().withChars("0123456789").ofMaxLength(35),
                Arbitraries.strings().withChars("0123456789").ofMaxLength(30))
                .as((sign, whole, frac) -> sign + (whole.isEmpty() ? "0" : whole) + (frac.isEmpty() ? "" : "." + frac))),
                Tuple.of(1, Arbitraries.of(nines35 + "." + nines30, "-" + nines35 + "." + nines30,
                        "0." + "0".repeat(29) + "1", "-0." + "0".repeat(29) + "1", "-0", "-0.0", "0")));
        Arbitrary<String> dates = Combinators.combine(Arbitraries.integers().between(1000, 9999),
                Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 28))
                .as((y, m, d) -> String.format("%04d-%02d-%02d", y, m, d));
        Arbitrary<String> datetimes = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(
                "1000-01-01 00:00:00.000000", "9999-12-31 23:59:59.999999", "2024-02-29 00:00:00.000001")),
                Tuple.of(4, Combinators.combine(dates, Arbitraries.integers().between(0, 23),
                Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 59),
                Arbitraries.integers().between(0, 999_999))
                .as((d, h, mi, s, us) -> String.format("%s %02d:%02d:%02d.%06d", d, h, mi, s, us))));
        double nulls = 0.15;
        Arbitrary<Row> row = Builders.withBuilder(RowBuilder::new)
                .use(strings.injectNull(nulls)).in((b, v) -> b.with(0, v))
                .use(strings.injectNull(nulls)).in((b, v) -> b.with(1, v))
                .use(bytes.injectNull(nulls)).in((b, v) -> b.with(2, v))
                .use(bytes.injectNull(nulls)).in((b, v) -> b.with(3, v))
                .use(longs.injectNull(nulls)).in((b, v) -> b.with(4, v))
                .use(unsigned.injectNull(nulls)).in((b, v) -> b.with(5, v))
                .use(tinyints.injectNull(nulls)).in((b, v) -> b.with(6, v))
                .use(decimals.injectNull(nulls)).in((b, v) -> b.with(7, v))
                .use(datetimes.injectNull(nulls)).in((b, v) -> b.with(8, v))
                .use(dates.injectNull(nulls)).in((b, v) -> b.with(9, v))
                .use(unsigned.injectNull(nulls)).in((b, v) -> b.with(10, v))
                .build(RowBuilder::build);
        return row.list();
    }

    /** Seeds the writers' free choices (quoting styles, statement splits) so a failure replays the same. */
    @Provide
    Arbitrary<Long> layouts() {
        return Arbitraries.longs().withoutEdgeCases();
    }

    static final class RowBuilder {
        final Object[] v = new Object[11];

        RowBuilder with(int i, Object value) {
            v[i] = value;
            return this;
        }

        Row build() {
            return new Row((String) v[0], (String) v[1], (byte[]) v[2], (byte[]) v[3], (Long) v[4],
                    (BigInteger) v[5], (Integer) v[6], (String) v[7], (String) v[8], (String) v[9],
                    (BigInteger) v[10]);
        }
    }

    // ---- the SQL writer: INSERT statements as Dumpling writes them, with the forms MySQL also accepts ----

    static byte[] sql(List<Row> rows, java.util.Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, DumpFile.DUMPLING_HEADER);
        int i = 0;
        while (i < rows.size()) {
            int n = 1 + r.nextInt(rows.size() - i);
            write(out, "INSERT INTO `s` VALUES\n");
            for (int k = 0; k < n; k++, i++) {
                Row row = rows.get(i);
                write(out, "(" + (i + 1) + ",");
                sqlString(out, row.s(), r);
                write(out, ",");
                sqlString(out, row.tx(), r);
                write(out, ",");
                sqlBytes(out, row.bl(), r);
                write(out, ",");
                sqlBytes(out, row.vb(), r);
                write(out, "," + row.i() + "," + row.u() + "," + row.ti() + ",");
                write(out, row.dec() == null ? "NULL" : r.nextBoolean() ? row.dec() : "'" + row.dec() + "'");
                write(out, "," + quoted(row.dt()) + "," + quoted(row.dd()) + ",");
                if (row.bit() == null) {
                    write(out, "NULL");
                } else if (r.nextBoolean()) {
                    write(out, "b'" + row.bit().toString(2) + "'");
                } else {
                    write(out, "0x" + row.bit().toString(16));
                }
                write(out, ")" + (k + 1 < n ? ",\n" : ";\n"));
            }
        }
        return out.toByteArray();
    }

    private static String quoted(String s) {
        return s == null ? "NULL" : "'" + s + "'";
    }

    /** A string literal: backslash escapes (Dumpling's way) or doubled quotes with raw control bytes. */
    private static void sqlString(ByteArrayOutputStream out, String s, java.util.Random r) {
        if (s == null) {
            write(out, "NULL");
            return;
        }
        sqlEscaped(out, s.getBytes(StandardCharsets.UTF_8), r.nextBoolean(), "'");
    }

    private static void sqlBytes(ByteArrayOutputStream out, byte[] b, java.util.Random r) {
        if (b == null) {
            write(out, "NULL");
        } else if (r.nextInt(3) == 0) {
            write(out, (r.nextBoolean() ? "x'" : "X'") + HexFormat.of().formatHex(b) + "'");
        } else if (b.length > 0 && r.nextBoolean()) {
            write(out, "0x" + HexFormat.of().formatHex(b));
        } else {
            sqlEscaped(out, b, r.nextBoolean(), "_binary'");
        }
    }

    private static void sqlEscaped(ByteArrayOutputStream out, byte[] b, boolean backslashes, String open) {
        write(out, open);
        for (byte x : b) {
            if (backslashes) {
                switch (x) {
                    case 0 -> write(out, "\\0");
                    case '\n' -> write(out, "\\n");
                    case '\r' -> write(out, "\\r");
                    case 0x1A -> write(out, "\\Z");
                    case '\\' -> write(out, "\\\\");
                    case '\'' -> write(out, "\\'");
                    case '"' -> write(out, "\\\"");
                    default -> out.write(x);
                }
            } else if (x == '\'') {
                write(out, "''");
            } else if (x == '\\') {
                write(out, "\\\\");
            } else {
                out.write(x);
            }
        }
        write(out, "'");
    }

    // ---- the CSV writer: Lightning's default dialect (',' '"' backslash escapes, \N for NULL, header) ----

    static byte[] csv(List<Row> rows, java.util.Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "id,s,tx,bl,vb,i,u,ti,d,dt,dd,b\n");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            write(out, (i + 1) + ",");
            csvField(out, row.s() == null ? null : row.s().getBytes(StandardCharsets.UTF_8), r);
            write(out, ",");
            csvField(out, row.tx() == null ? null : row.tx().getBytes(StandardCharsets.UTF_8), r);
            write(out, ",");
            csvField(out, row.bl(), r);
            write(out, ",");
            csvField(out, row.vb(), r);
            write(out, "," + plain(row.i()) + "," + plain(row.u()) + "," + plain(row.ti()) + "," + plain(row.dec())
                    + "," + plain(row.dt()) + "," + plain(row.dd()) + ",");
            // BIT is binary data to Dumpling: its bytes, big-endian, written as a string.
            csvField(out, row.bit() == null ? null : bitBytes(row.bit()), r);
            write(out, r.nextInt(4) == 0 ? "\r\n" : "\n");
        }
        return out.toByteArray();
    }

    private static String plain(Object v) {
        return v == null ? "\\N" : v.toString();
    }

    static byte[] bitBytes(BigInteger v) {
        byte[] b = new byte[8];
        byte[] raw = v.toByteArray();
        int n = Math.min(raw.length, 8);
        System.arraycopy(raw, raw.length - n, b, 8 - n, n);
        return b;
    }

    /** A quoted field; specials are backslash-escaped, or (when raw is chosen) left raw inside the quotes. */
    private static void csvField(ByteArrayOutputStream out, byte[] b, java.util.Random r) {
        if (b == null) {
            write(out, "\\N");
            return;
        }
        boolean raw = r.nextBoolean();
        write(out, "\"");
        for (byte x : b) {
            switch (x) {
                case '\\' -> write(out, "\\\\");
                case '"' -> write(out, raw ? "\"\"" : "\\\"");
                case 0 -> write(out, raw ? "\0" : "\\0");
                case '\n' -> write(out, raw ? "\n" : "\\n");
                case '\r' -> write(out, raw ? "\r" : "\\r");
                case 0x1A -> write(out, raw ? "\u001A" : "\\Z");
                default -> out.write(x);
            }
        }
        write(out, "\"");
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    // ---- reading back ----

    private static void compare(String db, String table, List<Row> rows, List<String> problems) {
        try (Connection c = ItDb.connect(db, "sslMode=DISABLED"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(SELECT + " FROM `" + table + "` ORDER BY id")) {
            int seen = 0;
            while (rs.next()) {
                int id = rs.getInt(1);
                seen++;
                if (id < 1 || id > rows.size()) {
                    problems.add(table + ": unexpected row id=" + id);
                    continue;
                }
                Object[] want = rows.get(id - 1).expected();
                for (int k = 0; k < NAMES.length; k++) {
                    Object got = (k == 2 || k == 3) ? rs.getBytes(k + 2) : rs.getString(k + 2);
                    boolean same = want[k] instanceof byte[] w ? got instanceof byte[] g && Arrays.equals(w, g)
                            : Objects.equals(want[k], got);
                    if (!same) {
                        problems.add(table + " id=" + id + " column " + NAMES[k] + ": expected " + repr(want[k])
                                + ", observed " + repr(got));
                    }
                }
            }
            if (seen != rows.size()) {
                problems.add(table + ": " + seen + " rows, expected " + rows.size());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String repr(Object v) {
        return v instanceof byte[] b ? hex(b) : v instanceof String s ? show(s) : String.valueOf(v);
    }

    static String hex(byte[] b) {
        return b == null ? "NULL" : "X'" + HexFormat.of().formatHex(b) + "'";
    }

    /** A string with every control character visible, so a failure report can be read. */
    static String show(String s) {
        if (s == null) {
            return "NULL";
        }
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp < 0x20 || cp == 0x7F) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('"').toString();
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
