package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.SnappyFramedOutputStream;

/**
 * One export with tricky values, written as plain SQL (the reference), as .sql.gz, .sql.zst, .sql.snappy (the
 * framing format Dumpling writes), .csv.gz, and as .parquet by DuckDB; each imported into its own database must
 * give tables identical to the reference ({@code CHECKSUM TABLE} and counts).
 */
class CompressedAndParquetImportTest {
    private static final String A = "CREATE TABLE `a` (`id` int NOT NULL, `s` varchar(200) DEFAULT NULL, "
            + "`d` decimal(20,5) DEFAULT NULL, `dt` datetime(6) DEFAULT NULL, `bl` blob DEFAULT NULL, "
            + "`n` bigint unsigned DEFAULT NULL, `f` double DEFAULT NULL, `dd` date DEFAULT NULL, "
            + "`b` tinyint(1) DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
            + "COLLATE=utf8mb4_bin;";
    private static final String B = "CREATE TABLE `b` (`id` bigint NOT NULL, `t` text DEFAULT NULL, "
            + "`ts` timestamp(6) NULL DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
            + "COLLATE=utf8mb4_bin;";
    private static final String[] TRICKY = {"", "plain", "it's", "say \"hi\"", "back\\slash", "line\nbreak",
            "cr\rhere", "tab\there", "ünïcödé 😀 中文", "NULL", "\\N", "comma, semi; (paren)", "trailing  "};
    private static final int A_ROWS = 3000;
    private static final int B_ROWS = 700;

    @TempDir
    static Path root;
    static String reference;

    private static Object[] aRow(int i) {
        boolean nul = i % 11 == 5;
        byte[] blob = new byte[i % 9];
        for (int k = 0; k < blob.length; k++) {
            blob[k] = (byte) (i * 31 + k * 77);
        }
        return new Object[] {i,
                nul ? null : TRICKY[i % TRICKY.length] + (i % 3 == 0 ? "" : "#" + i),
                nul ? null : new BigDecimal(i * 7919L - 10_000_000L).movePointLeft(5),
                nul ? null : LocalDateTime.of(1970 + i % 60, 1 + i % 12, 1 + i % 28, i % 24, i % 60, i % 60,
                        (i * 123_457 % 1_000_000) * 1000),
                nul ? null : blob,
                nul ? null : i == 1 ? new java.math.BigInteger("18446744073709551615")
                        : java.math.BigInteger.valueOf(i * 1_000_000_007L),
                nul ? null : i == 2 ? 1e300 : i / 7.0 - 100,
                nul ? null : LocalDate.of(1000 + i % 9000, 1 + i % 12, 1 + i % 28),
                nul ? null : i % 2 == 0};
    }

    private static Object[] bRow(int i) {
        boolean nul = i % 13 == 4;
        return new Object[] {(long) i * 1_000_000_000_000L - 5,
                nul ? null : (TRICKY[(i * 5) % TRICKY.length] + " ").repeat(1 + i % 40),
                nul ? null : LocalDateTime.of(1971 + i % 60, 1 + i % 12, 1 + i % 28, 3, i % 60, 7, (i % 1000) * 1000)};
    }

    private static final List<java.util.function.IntFunction<Object[]>> TABLES = List.of(
            CompressedAndParquetImportTest::aRow, CompressedAndParquetImportTest::bRow);

    /** A Dumpling-style SQL data file: bytes, SET NAMES binary, strings escaped as Dumpling escapes them. */
    private static byte[] sql(String table, int rows, java.util.function.IntFunction<Object[]> gen) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DumpFile.DUMPLING_HEADER.getBytes(StandardCharsets.UTF_8));
        for (int start = 0; start < rows; start += 500) {
            out.writeBytes(("INSERT INTO `" + table + "` VALUES\n").getBytes(StandardCharsets.UTF_8));
            for (int i = start; i < Math.min(rows, start + 500); i++) {
                Object[] v = gen.apply(i);
                out.write('(');
                for (int c = 0; c < v.length; c++) {
                    if (c > 0) {
                        out.write(',');
                    }
                    sqlValue(out, v[c]);
                }
                out.writeBytes((i + 1 < Math.min(rows, start + 500) ? "),\n" : ");\n").getBytes(
                        StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static void sqlValue(ByteArrayOutputStream out, Object v) {
        if (v == null) {
            out.writeBytes("NULL".getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[] b) {
            out.writeBytes(("X'" + HexFormat.of().formatHex(b) + "'").getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof Boolean b) {
            out.write(b ? '1' : '0');
        } else if (v instanceof Number n) {
            out.writeBytes(n.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            String text = v instanceof LocalDateTime t ? t.toString().replace('T', ' ') : v.toString();
            out.write('\'');
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                switch (b) {
                    case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                    case '\'' -> out.writeBytes(new byte[] {'\\', '\''});
                    case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                    case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                    case 0 -> out.writeBytes(new byte[] {'\\', '0'});
                    default -> out.write(b);
                }
            }
            out.write('\'');
        }
    }

    /** A CSV data file in Lightning's default dialect: header, ',', '"', backslash escapes, \N for NULL. */
    private static byte[] csv(String header, int rows, java.util.function.IntFunction<Object[]> gen) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((header + "\n").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < rows; i++) {
            Object[] v = gen.apply(i);
            for (int c = 0; c < v.length; c++) {
                if (c > 0) {
                    out.write(',');
                }
                if (v[c] == null) {
                    out.writeBytes("\\N".getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                byte[] bytes = v[c] instanceof byte[] b ? b : v[c] instanceof Boolean bo ? (bo ? "1" : "0").getBytes(
                        StandardCharsets.UTF_8) : (v[c] instanceof LocalDateTime t ? t.toString().replace('T', ' ')
                        : v[c].toString()).getBytes(StandardCharsets.UTF_8);
                out.write('"');
                for (byte b : bytes) {
                    switch (b) {
                        case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                        case '"' -> out.writeBytes(new byte[] {'"', '"'});
                        case 0 -> out.writeBytes(new byte[] {'\\', '0'});
                        default -> out.write(b);
                    }
                }
                out.write('"');
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    interface Codec {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(Codec codec, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = codec.wrap(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static Codec codec(String suffix) {
        return switch (suffix) {
            case "gz" -> GZIPOutputStream::new;
            case "zst" -> ZstdOutputStream::new;
            case "snappy" -> SnappyFramedOutputStream::new;
            default -> throw new IllegalArgumentException(suffix);
        };
    }

    /** Writes the schema files and the data of both tables, as {@code format} compressed with {@code suffix}. */
    private static Path export(String db, String format, String suffix) throws Exception {
        Path dir = Files.createDirectories(root.resolve(db));
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "a", A);
        DumpFile.schema(dir, db, "b", B);
        String[] names = {"a", "b"};
        int[] rows = {A_ROWS, B_ROWS};
        String[] headers = {"id,s,d,dt,bl,n,f,dd,b", "id,t,ts"};
        for (int t = 0; t < 2; t++) {
            byte[] data = format.equals("sql") ? sql(names[t], rows[t], TABLES.get(t)) : csv(headers[t], rows[t], TABLES.get(t));
            String name = db + "." + names[t] + ".000000000." + format + (suffix == null ? "" : "." + suffix);
            Files.write(dir.resolve(name), suffix == null ? data : compress(codec(suffix), data));
        }
        return dir;
    }

    /** The same rows written to Parquet by DuckDB (TIMESTAMPTZ for b.ts: a UTC-adjusted timestamp). */
    private static Path exportParquet(String db) throws Exception {
        Path dir = Files.createDirectories(root.resolve(db));
        DumpFile.schemaCreate(dir, db);
        DumpFile.schema(dir, db, "a", A);
        DumpFile.schema(dir, db, "b", B);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            s.execute("CREATE TABLE a (id INTEGER, s VARCHAR, d DECIMAL(20,5), dt TIMESTAMP, bl BLOB, n UBIGINT, "
                    + "f DOUBLE, dd DATE, b BOOLEAN)");
            s.execute("CREATE TABLE b (id BIGINT, t VARCHAR, ts TIMESTAMPTZ)");
            try (PreparedStatement p = duck.prepareStatement("INSERT INTO a VALUES (?, ?, ?::DECIMAL(20,5), "
                    + "?::TIMESTAMP, ?, ?::UBIGINT, ?, ?::DATE, ?)")) {
                for (int i = 0; i < A_ROWS; i++) {
                    Object[] v = aRow(i);
                    p.setInt(1, (Integer) v[0]);
                    p.setString(2, (String) v[1]);
                    p.setString(3, v[2] == null ? null : v[2].toString());
                    p.setString(4, v[3] == null ? null : v[3].toString().replace('T', ' '));
                    p.setBytes(5, (byte[]) v[4]);
                    p.setString(6, v[5] == null ? null : v[5].toString());
                    p.setObject(7, v[6]);
                    p.setString(8, v[7] == null ? null : v[7].toString());
                    p.setObject(9, v[8]);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = duck.prepareStatement("INSERT INTO b VALUES (?, ?, (?::TIMESTAMP) AT TIME ZONE 'UTC')")) {
                for (int i = 0; i < B_ROWS; i++) {
                    Object[] v = bRow(i);
                    p.setLong(1, (Long) v[0]);
                    p.setString(2, (String) v[1]);
                    p.setString(3, v[2] == null ? null : v[2].toString().replace('T', ' '));
                    p.addBatch();
                }
                p.executeBatch();
            }
            s.execute("COPY a TO '" + dir.resolve(db + ".a.000000000.parquet") + "' (FORMAT parquet, COMPRESSION "
                    + "zstd, ROW_GROUP_SIZE 2048)");
            s.execute("COPY b TO '" + dir.resolve(db + ".b.000000000.parquet") + "' (FORMAT parquet, COMPRESSION "
                    + "snappy)");
        }
        return dir;
    }

    private static ImportResult importInto(Path dir, String db) {
        return ImportBuilder.create().source(dir)
                .target(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password())
                .filter(db + ".*").run();
    }

    @BeforeAll
    static void importReference() throws Exception {
        reference = ItDb.SERVER.createDatabase("it_cmp_ref");
        importInto(export(reference, "sql", null), reference);
        assertThat(ItDb.count("`" + reference + "`.a")).isEqualTo(A_ROWS);
        assertThat(ItDb.count("`" + reference + "`.b")).isEqualTo(B_ROWS);
        // The reference itself holds the values as written (spot checks against the generator).
        assertThat(ItDb.rows("SELECT s, d, n, dt FROM `" + reference + "`.a WHERE id = 1"))
                .containsExactly(List.of(aRow(1)[1].toString(), aRow(1)[2].toString(), "18446744073709551615",
                        aRow(1)[3].toString().replace('T', ' ')));
    }

    private static void assertSameAsReference(String db) {
        for (String t : List.of("a", "b")) {
            assertThat(ItDb.count("`" + db + "`." + t)).as(t).isEqualTo(ItDb.count("`" + reference + "`." + t));
            assertThat(ItDb.checksum("`" + db + "`." + t)).as(t).isEqualTo(ItDb.checksum("`" + reference + "`." + t));
        }
    }

    @ParameterizedTest(name = ".sql.{0}")
    @ValueSource(strings = {"gz", "zst", "snappy"})
    void compressedSqlEqualsTheReference(String suffix) throws Exception {
        String db = freshName("it_cmp_sql_" + suffix);
        ImportResult r = importInto(export(db, "sql", suffix), db);
        assertThat(r.tables()).hasSize(2);
        assertSameAsReference(db);
    }

    @Test
    void gzippedCsvEqualsTheReference() throws Exception {
        String db = freshName("it_cmp_csv_gz");
        importInto(export(db, "csv", "gz"), db);
        assertSameAsReference(db);
    }

    @Test
    void parquetFromDuckDbEqualsTheReference() throws Exception {
        String db = freshName("it_cmp_parquet");
        importInto(exportParquet(db), db);
        assertSameAsReference(db);
    }

    @ParameterizedTest(name = "truncated .sql.{0}")
    @ValueSource(strings = {"gz", "zst", "snappy"})
    void aTruncatedCompressedFileFailsNamingFileCodecAndPosition(String suffix) throws Exception {
        String db = freshName("it_cmp_cut_" + suffix);
        Path dir = export(db, "sql", suffix);
        Path file = dir.resolve(db + ".a.000000000.sql." + suffix);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2 + 5));
        assertThatThrownBy(() -> importInto(dir, db)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ);
            assertThat(e.file()).isEqualTo(db + ".a.000000000.sql." + suffix);
            assertThat(e.offset()).isGreaterThan(0);
            assertThat(e.getMessage()).contains(suffix.equals("gz") ? "gzip" : suffix.equals("zst") ? "zstd"
                    : "snappy", "truncated", "decompressed bytes", "Replace the file");
        });
    }

    @Test
    void aFileThatIsNotGzipAtAllFailsAtDecompressedByteZero() throws Exception {
        String db = freshName("it_cmp_not_gz");
        Path dir = export(db, "sql", null);
        Path plain = dir.resolve(db + ".b.000000000.sql");
        Files.move(plain, dir.resolve(db + ".b.000000000.sql.gz"));
        assertThatThrownBy(() -> importInto(dir, db)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_READ);
            assertThat(e.file()).isEqualTo(db + ".b.000000000.sql.gz");
            assertThat(e.offset()).isZero();
            assertThat(e.getMessage()).contains("gzip data does not decode", "Not in GZIP format");
        });
    }

    @Test
    void aCompressedParquetFileIsRefusedByTheRouter() throws Exception {
        String db = freshName("it_cmp_pq_gz");
        Path dir = exportParquet(db);
        Path file = dir.resolve(db + ".b.000000000.parquet");
        Files.write(dir.resolve(db + ".b.000000000.parquet.gz"), compress(codec("gz"), Files.readAllBytes(file)));
        Files.delete(file);
        assertThatThrownBy(() -> importInto(dir, db)).isInstanceOf(ImportException.class)
                .hasMessageContaining("parquet");
    }

    private static String freshName(String prefix) {
        return ItDb.SERVER.createDatabase(prefix);
    }
}
