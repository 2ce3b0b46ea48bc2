package dev.lightning4j.sources.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.SqlLiteral;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files written by DuckDB, read back by the provider, and compared value by value with DuckDB's own rendering of
 * the same file (so the expected values come from the writer's side, not from this reader).
 */
class ParquetFormatProviderTest {
    /** Every supported type, a null in each column every 7th row, tricky strings; 1300 rows over several groups. */
    private static final String ALL_TYPES = """
            SELECT i::INTEGER AS id,
              CASE WHEN i % 7 = 3 THEN NULL ELSE i % 2 = 0 END AS b,
              CASE WHEN i % 7 = 3 THEN NULL ELSE (i % 256 - 128)::TINYINT END AS i8,
              CASE WHEN i % 7 = 3 THEN NULL ELSE (i * 37 % 65536 - 32768)::SMALLINT END AS i16,
              CASE WHEN i % 7 = 3 THEN NULL WHEN i = 1 THEN -2147483648 WHEN i = 2 THEN 2147483647
                   ELSE (i * 7919 - 500000)::INTEGER END AS i32,
              CASE WHEN i % 7 = 3 THEN NULL WHEN i = 1 THEN -9223372036854775808 WHEN i = 2 THEN 9223372036854775807
                   ELSE i * 1000000007 END::BIGINT AS i64,
              CASE WHEN i % 7 = 3 THEN NULL ELSE (i % 256)::UTINYINT END AS u8,
              CASE WHEN i % 7 = 3 THEN NULL WHEN i = 2 THEN 4294967295 ELSE i * 3 END::UINTEGER AS u32,
              CASE WHEN i % 7 = 3 THEN NULL WHEN i = 2 THEN 18446744073709551615 ELSE i END::UBIGINT AS u64,
              CASE WHEN i % 7 = 3 THEN NULL ELSE (i / 3.0)::FLOAT END AS f32,
              CASE WHEN i % 7 = 3 THEN NULL WHEN i = 4 THEN 1e300 WHEN i = 5 THEN -0.0 ELSE i / 7.0 END::DOUBLE AS f64,
              CASE WHEN i % 7 = 3 THEN NULL ELSE ((i - 650) / 100.0)::DECIMAL(4,2) END AS d4,
              CASE WHEN i % 7 = 3 THEN NULL ELSE ((i - 650) * 123456789.123)::DECIMAL(18,3) END AS d18,
              CASE WHEN i % 7 = 3 THEN NULL WHEN i = 2 THEN '-9999999999999999999999999999.9999999999'
                   ELSE ((i - 650) * 1234567890123.0123456789)::VARCHAR END::DECIMAL(38,10) AS d38,
              CASE WHEN i % 7 = 3 THEN NULL ELSE DATE '1969-12-25' + (i * 40)::INTEGER END AS dt,
              CASE WHEN i % 7 = 3 THEN NULL ELSE TIME '00:00:00' + INTERVAL (i * 66123457) MICROSECOND END AS tm,
              CASE WHEN i % 7 = 3 THEN NULL
                   ELSE TIMESTAMP '1960-02-29 23:59:59.999999' + INTERVAL (i * 86400123457) MICROSECOND END AS ts,
              CASE WHEN i % 7 = 3 THEN NULL
                   ELSE (TIMESTAMP '2000-01-01 00:00:00' + INTERVAL (i * 3600001) MILLISECOND)::TIMESTAMP_MS END AS ts_ms,
              CASE WHEN i % 7 = 3 THEN NULL
                   ELSE make_timestamp_ns(946684800000000000 + i * 1000000001001) END AS ts_ns,
              CASE WHEN i % 7 = 3 THEN NULL
                   ELSE TIMESTAMPTZ '2021-03-28 01:59:59.5+00' + INTERVAL (i * 1234567) SECOND END AS ts_tz,
              CASE WHEN i % 7 = 3 THEN NULL WHEN i = 1 THEN '' WHEN i = 2 THEN 'quote '' and "dq" \\ back'
                   WHEN i = 4 THEN 'line
            break	tab' WHEN i = 5 THEN 'ünïcödé 😀 中文' ELSE 'name-' || (i % 13) END AS s,
              CASE WHEN i % 7 = 3 THEN NULL ELSE 'unique-' || i || repeat('x', i % 50) END AS s_plain,
              CASE WHEN i % 7 = 3 THEN NULL WHEN i = 1 THEN ''::BLOB ELSE ('\\x00\\xFF' || i)::BLOB END AS bin,
              CASE WHEN i % 7 = 3 THEN NULL ELSE uuid_extract_timestamp IS NULL END AS dummy
            FROM range(1, 1301) t(i)
            """;

    private static Connection duck;
    @TempDir
    Path dir;

    @BeforeAll
    static void startDuckDb() throws Exception {
        duck = DuckDbParquet.connect();
    }

    @AfterAll
    static void stopDuckDb() throws Exception {
        duck.close();
    }

    private static String allTypes() {
        // uuid needs a deterministic value: md5-derived.
        return ALL_TYPES.replace("CASE WHEN i % 7 = 3 THEN NULL ELSE uuid_extract_timestamp IS NULL END AS dummy",
                "CASE WHEN i % 7 = 3 THEN NULL ELSE md5(i::VARCHAR)::UUID END AS u");
    }

    @ParameterizedTest(name = "{0} pages, {1}")
    @CsvSource({"uncompressed,V1", "snappy,V1", "gzip,V1", "zstd,V1", "uncompressed,V2", "snappy,V2", "gzip,V2",
            "zstd,V2"})
    void everyTypeAndNullReadsAsDuckDbRendersIt(String codec, String version) throws Exception {
        Path file = dir.resolve("t." + codec + "." + version + ".parquet");
        DuckDbParquet.write(duck, allTypes(), file, "COMPRESSION " + codec + ", ROW_GROUP_SIZE 500, PARQUET_VERSION "
                + version);
        assertThat(codecs(file)).containsOnly(codec.toUpperCase());

        List<SourceRow> rows = DuckDbParquet.readAll(file);
        List<Object[]> expected = expectedRows(file);

        assertThat(rows).hasSize(1300);
        assertThat(rows.get(0).columns()).containsExactly("id", "b", "i8", "i16", "i32", "i64", "u8", "u32", "u64",
                "f32", "f64", "d4", "d18", "d38", "dt", "tm", "ts", "ts_ms", "ts_ns", "ts_tz", "s", "s_plain", "bin",
                "u");
        assertThat(rows.get(999).columns()).isSameAs(rows.get(0).columns());
        for (int r = 0; r < rows.size(); r++) {
            Object[] got = rows.get(r).values();
            Object[] want = expected.get(r);
            assertThat(rows.get(r).startOffset()).isEqualTo(r);
            for (int c = 0; c < got.length; c++) {
                String where = "row " + r + " column " + rows.get(r).columns().get(c);
                if (want[c] == null) {
                    assertThat(got[c]).as(where).isNull();
                } else if (want[c] instanceof byte[] bytes) {
                    assertThat(got[c]).as(where).isEqualTo(bytes);
                } else if (c == 9 || c == 10) {
                    assertThat(got[c]).as(where).isInstanceOf(SqlLiteral.class);
                    assertThat(Double.parseDouble(((SqlLiteral) got[c]).text())).as(where)
                            .isEqualTo(Double.parseDouble((String) want[c]));
                } else {
                    Object value = got[c] instanceof SqlLiteral l ? l.text() : got[c];
                    assertThat(value).as(where).isEqualTo(want[c]);
                }
            }
        }
        // Numbers are NUMBER literals and text is text, so the engine quotes only what it must.
        assertThat(rows.get(0).values()[4]).isInstanceOf(SqlLiteral.class);
        assertThat(rows.get(0).values()[20]).isInstanceOf(String.class);
        assertThat(rows.get(0).values()[22]).isInstanceOf(byte[].class);
    }

    @Test
    void dictionaryPlainAndDeltaEncodedPagesAreWhatTheFilesHold() throws Exception {
        Path v1 = dir.resolve("v1.parquet");
        Path v2 = dir.resolve("v2.parquet");
        DuckDbParquet.write(duck, allTypes(), v1, "COMPRESSION snappy, ROW_GROUP_SIZE 500, PARQUET_VERSION V1");
        DuckDbParquet.write(duck, allTypes(), v2, "COMPRESSION snappy, ROW_GROUP_SIZE 500, PARQUET_VERSION V2");
        Set<String> encodings = new HashSet<>();
        encodings.addAll(encodings(v1));
        encodings.addAll(encodings(v2));
        assertThat(encodings).contains("RLE_DICTIONARY", "PLAIN");
        // DuckDB's V2 files use the V2 encodings but still data pages of version 1 (no DATA_PAGE_V2).
        assertThat(encodings(v2)).anyMatch(e -> e.startsWith("DELTA_"));
        assertThat(firstPageTypes(v1)).contains(PageType.DICTIONARY_PAGE, PageType.DATA_PAGE);
        assertThat(DuckDbParquet.readAll(v1)).hasSize(1300);
        assertThat(DuckDbParquet.readAll(v2)).hasSize(1300);
    }

    @Test
    void requiredColumnsAndAnEmptyFileRead() throws Exception {
        Path empty = dir.resolve("empty.parquet");
        DuckDbParquet.write(duck, "SELECT 1::INTEGER AS a WHERE false", empty, "");
        assertThat(DuckDbParquet.readAll(empty)).isEmpty();
    }

    @Test
    void aTruncatedFileNamesTheFileAndSaysItIsIncomplete() throws Exception {
        Path file = dir.resolve("cut.parquet");
        DuckDbParquet.write(duck, allTypes(), file, "COMPRESSION zstd");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertThatThrownBy(() -> DuckDbParquet.readAll(file)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_SYNTAX);
            assertThat(e.file()).isEqualTo("cut.parquet");
            assertThat(e.getMessage()).contains("PAR1", "truncated");
        });
    }

    @Test
    void aCorruptPageNamesTheRowGroupColumnAndOffset() throws Exception {
        Path file = dir.resolve("bad.parquet");
        DuckDbParquet.write(duck, "SELECT i::BIGINT AS n, 'v' || i AS s FROM range(0, 5000) t(i)", file,
                "COMPRESSION zstd, ROW_GROUP_SIZE 2048");
        long second;
        try (ResultSet rs = duck.createStatement().executeQuery("SELECT data_page_offset FROM parquet_metadata('"
                + file + "') WHERE row_group_id = 1 AND path_in_schema = 'n'")) {
            rs.next();
            second = rs.getLong(1);
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            // Damage the page header: without it the page cannot be found or sized.
            f.seek(second);
            byte[] junk = new byte[24];
            java.util.Arrays.fill(junk, (byte) 0xff);
            f.write(junk);
        }
        List<SourceRow> read = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (var r = DuckDbParquet.open(file)) {
                SourceRow row;
                while ((row = r.next()) != null) {
                    read.add(row);
                }
            }
        }).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.file()).isEqualTo("bad.parquet");
            assertThat(e.getMessage()).contains("row group 1", "column n");
            assertThat(e.offset()).isEqualTo(second);
        });
        assertThat(read).hasSize(2048);
    }

    /** DuckDB's rendering of each value, in the reader's conventions. */
    private List<Object[]> expectedRows(Path file) throws Exception {
        String ts = "'%Y-%m-%d %H:%M:%S.%f'";
        String q = "SELECT id::VARCHAR, b::INTEGER::VARCHAR, i8::VARCHAR, i16::VARCHAR, i32::VARCHAR, i64::VARCHAR,"
                + " u8::VARCHAR, u32::VARCHAR, u64::VARCHAR, f32::VARCHAR, f64::VARCHAR, d4::VARCHAR, d18::VARCHAR,"
                + " d38::VARCHAR, dt::VARCHAR, strftime(DATE '2000-01-01' + tm, '%H:%M:%S.%f'), strftime(ts, " + ts
                + "), strftime(ts_ms, " + ts + "), strftime(ts_ns, '%Y-%m-%d %H:%M:%S.%n'), strftime(ts_tz::TIMESTAMP, "
                + ts + "), s, s_plain, bin, u::VARCHAR FROM read_parquet('" + file + "') ORDER BY id";
        List<Object[]> out = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(q)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Object[] row = new Object[md.getColumnCount()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = c == 22 ? rs.getBytes(c + 1) : rs.getString(c + 1);
                }
                if (row[18] != null) {
                    // The reader writes nine digits only when there are sub-microsecond digits.
                    String n = (String) row[18];
                    row[18] = n.endsWith("000") ? n.substring(0, n.length() - 3) : n;
                }
                out.add(row);
            }
        }
        return out;
    }

    private Set<String> codecs(Path file) throws Exception {
        return column(file, "compression");
    }

    private Set<String> encodings(Path file) throws Exception {
        Set<String> out = new HashSet<>();
        for (String e : column(file, "encodings")) {
            for (String p : e.split(",")) {
                out.add(p.trim());
            }
        }
        return out;
    }

    private Set<String> column(Path file, String name) throws Exception {
        Set<String> out = new HashSet<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT " + name
                + "::VARCHAR FROM parquet_metadata('" + file + "')")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The type of the first page of every column chunk, read with the Thrift header reader. */
    private Set<PageType> firstPageTypes(Path file) throws Exception {
        Set<PageType> out = new HashSet<>();
        List<Long> offsets = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce("
                + "dictionary_page_offset, data_page_offset), data_page_offset FROM parquet_metadata('" + file + "')")) {
            while (rs.next()) {
                offsets.add(rs.getLong(1));
                offsets.add(rs.getLong(2));
            }
        }
        for (long offset : offsets) {
            try (InputStream in = DuckDbParquet.source(file).open(offset)) {
                PageHeader h = Util.readPageHeader(in);
                out.add(h.getType());
            }
        }
        return out;
    }
}
