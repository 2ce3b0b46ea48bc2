package dev.lightning4j.sources.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.spi.SeekableSource;
import dev.lightning4j.spi.SourceRow;
import dev.lightning4j.spi.SqlLiteral;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files written by parquet-hadoop's ParquetWriter with writer version 2, which emits DATA_PAGE_V2 pages (levels
 * uncompressed in front of the maybe-compressed values; DELTA encodings when the dictionary is off or falls back).
 * DuckDB never writes such pages. Every value read must equal the value written, rendered in the reader's
 * conventions (see {@link ParquetValues}): numbers as NUMBER literals, booleans as 1/0, timestamps in UTC with six
 * fraction digits unless there are sub-microsecond digits, strings as String, other bytes as byte[].
 */
class ParquetDataPageV2Test {
    private static final int ROWS = 700;
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message t {
              required int32 id;
              optional boolean b;
              optional int32 i8 (INTEGER(8,true));
              optional int32 i16 (INTEGER(16,true));
              optional int32 i32;
              optional int64 i64 (INTEGER(64,true));
              optional int32 u8 (INTEGER(8,false));
              optional int32 u16 (INTEGER(16,false));
              optional int32 u32 (INTEGER(32,false));
              optional int64 u64 (INTEGER(64,false));
              optional float f32;
              optional double f64;
              optional binary s (STRING);
              optional binary s_plain (STRING);
              optional binary bin;
              optional fixed_len_byte_array(5) fixed5;
              optional int32 d_i32 (DECIMAL(9,2));
              optional int64 d_i64 (DECIMAL(18,4));
              optional fixed_len_byte_array(16) d_fixed (DECIMAL(38,10));
              optional binary d_bin (DECIMAL(30,5));
              optional int32 dt (DATE);
              optional int32 t_ms (TIME(MILLIS,true));
              optional int64 t_us (TIME(MICROS,false));
              optional int64 t_ns (TIME(NANOS,true));
              optional int64 ts_ms_utc (TIMESTAMP(MILLIS,true));
              optional int64 ts_ms_local (TIMESTAMP(MILLIS,false));
              optional int64 ts_us_utc (TIMESTAMP(MICROS,true));
              optional int64 ts_us_local (TIMESTAMP(MICROS,false));
              optional int64 ts_ns_utc (TIMESTAMP(NANOS,true));
              optional int64 ts_ns_local (TIMESTAMP(NANOS,false));
              optional int96 i96;
              optional int64 always_null;
              optional double always_null_f64;
            }
            """);
    private static final DateTimeFormatter TS6 = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TS9 = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS");
    private static final DateTimeFormatter T6 = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter T9 = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS");
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, dictionary {1}")
    @CsvSource({"UNCOMPRESSED,true", "UNCOMPRESSED,false", "SNAPPY,true", "SNAPPY,false", "GZIP,true", "GZIP,false",
            "ZSTD,true", "ZSTD,false"})
    void dataPagesV2ReadBackAsWritten(CompressionCodecName codec, boolean dictionary) throws Exception {
        Path file = dir.resolve("v2." + codec + "." + dictionary + ".parquet");
        List<Object[]> expected = write(file, codec, dictionary);

        PageCensus census = census(file);
        assertThat(census.codecs).containsOnly(org.apache.parquet.format.CompressionCodec.valueOf(codec.name()));
        assertThat(census.rowGroups).as("row groups").isGreaterThan(1);
        assertThat(census.types.get(PageType.DATA_PAGE_V2)).as("v2 data pages")
                .isGreaterThan(census.rowGroups * SCHEMA.getColumns().size());
        assertThat(census.types).doesNotContainKey(PageType.DATA_PAGE);
        // Pages of nulls only hold no values: the writer stores them uncompressed (is_compressed false).
        assertThat(census.uncompressedV2).as("v2 pages marked uncompressed").isGreaterThan(0);
        if (dictionary) {
            assertThat(census.types).containsKey(PageType.DICTIONARY_PAGE);
            assertThat(census.encodings).contains("RLE_DICTIONARY", "DELTA_BYTE_ARRAY");
            assertThat(census.mixedChunks).as("chunks with dictionary and fallback pages").isGreaterThan(0);
        } else {
            assertThat(census.types).doesNotContainKey(PageType.DICTIONARY_PAGE);
            assertThat(census.encodings).contains("DELTA_BINARY_PACKED", "DELTA_BYTE_ARRAY");
        }

        assertReadsAsWritten(file, expected);
    }

    /**
     * parquet-java before 1.16 marked a v2 page whose values section is empty (only nulls) as compressed while
     * storing 0 bytes, which no codec accepts as input (parquet-java issue 3122); Arrow and arrow-rs read such pages.
     * The pages the current writer marks uncompressed are turned into exactly that.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"SNAPPY", "GZIP", "ZSTD"})
    void emptyValuesMarkedCompressedAsOlderWritersDidRead(CompressionCodecName codec) throws Exception {
        Path file = dir.resolve("old." + codec + ".parquet");
        List<Object[]> expected = write(file, codec, false);
        int changed = rewriteHeaders(file, ParquetDataPageV2Test::emptyUncompressedV2,
                h -> h.getData_page_header_v2().setIs_compressed(true));
        assertThat(changed).isGreaterThan(0);
        assertThat(census(file).uncompressedV2).isZero();
        assertReadsAsWritten(file, expected);
    }

    @Test
    void levelLengthsBeyondThePageAreReportedAtThatPage() throws Exception {
        Path file = dir.resolve("bad-levels.parquet");
        write(file, CompressionCodecName.SNAPPY, false);
        PageAt victim = pages(file).stream().filter(ParquetDataPageV2Test::emptyUncompressedV2)
                .filter(p -> p.column().getPath_in_schema().equals(List.of("always_null_f64"))).findFirst().orElseThrow();
        // 63 repetition-level bytes on a page of a few bytes; 0 and 63 both encode in one byte.
        int changed = rewriteHeaders(file, p -> p.offset() == victim.offset(),
                h -> h.getData_page_header_v2().setRepetition_levels_byte_length(63));
        assertThat(changed).isEqualTo(1);
        assertThatThrownBy(() -> DuckDbParquet.readAll(file)).isInstanceOfSatisfying(ImportException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_SYNTAX);
            assertThat(e.getMessage()).contains("column always_null_f64", "level lengths (63 + ");
            assertThat(e.offset()).isEqualTo(victim.offset() + victim.length());
        });
    }

    private static List<Object[]> write(Path file, CompressionCodecName codec, boolean dictionary) throws IOException {
        List<Object[]> expected = new ArrayList<>();
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(SCHEMA)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withCompressionCodec(codec)
                .withDictionaryEncoding(dictionary)
                // A small dictionary fills up mid-chunk: the writer falls back to DELTA pages after dictionary ones.
                .withDictionaryPageSize(2048)
                .withPageSize(1024)
                .withPageRowCountLimit(64)
                .withRowGroupSize(24 * 1024L)
                .build()) {
            for (int i = 0; i < ROWS; i++) {
                Group g = groups.newGroup();
                expected.add(row(i, g));
                w.write(g);
            }
        }
        return expected;
    }

    private static void assertReadsAsWritten(Path file, List<Object[]> expected) throws IOException {
        List<SourceRow> rows = DuckDbParquet.readAll(file);
        assertThat(rows).hasSize(ROWS);
        List<String> names = new ArrayList<>();
        SCHEMA.getFields().forEach(f -> names.add(f.getName()));
        assertThat(rows.get(0).columns()).containsExactlyElementsOf(names);
        for (int r = 0; r < ROWS; r++) {
            Object[] got = rows.get(r).values();
            Object[] want = expected.get(r);
            for (int c = 0; c < want.length; c++) {
                String where = "row " + r + " column " + names.get(c);
                if (want[c] instanceof byte[] bytes) {
                    assertThat(got[c]).as(where).isEqualTo(bytes);
                } else if (want[c] instanceof SqlLiteral l) {
                    assertThat(got[c]).as(where).isInstanceOf(SqlLiteral.class);
                    assertThat(((SqlLiteral) got[c]).kind()).as(where).isEqualTo(l.kind());
                    assertThat(((SqlLiteral) got[c]).text()).as(where).isEqualTo(l.text());
                } else {
                    assertThat(got[c]).as(where).isEqualTo(want[c]);
                }
            }
        }
    }

    /** Fills the group with row {@code i} and returns what the reader must give for it. */
    private static Object[] row(int i, Group g) {
        List<Object> out = new ArrayList<>();
        g.append("id", i);
        out.add(num(Integer.toString(i)));
        boolean nul = i % 7 == 3;
        if (nul) {
            for (int c = 1; c < SCHEMA.getFieldCount(); c++) {
                out.add(null);
            }
            return out.toArray();
        }
        boolean b = i % 3 == 0;
        g.append("b", b);
        out.add(num(b ? "1" : "0"));
        int i8 = i == 1 ? -128 : i == 2 ? 127 : (byte) (i * 37);
        g.append("i8", i8);
        out.add(num(Integer.toString(i8)));
        int i16 = i == 1 ? -32768 : i == 2 ? 32767 : (short) (i * 4099);
        g.append("i16", i16);
        out.add(num(Integer.toString(i16)));
        int i32 = i == 1 ? Integer.MIN_VALUE : i == 2 ? Integer.MAX_VALUE : i * 7919 - 500_000;
        g.append("i32", i32);
        out.add(num(Integer.toString(i32)));
        long i64 = i == 1 ? Long.MIN_VALUE : i == 2 ? Long.MAX_VALUE : (i % 2 == 0 ? 1 : -1) * i * 1_000_000_007L;
        g.append("i64", i64);
        out.add(num(Long.toString(i64)));
        int u8 = i == 2 ? 255 : i % 200;
        g.append("u8", u8);
        out.add(num(Integer.toString(u8)));
        int u16 = i == 2 ? 65535 : i * 263 % 65536;
        g.append("u16", u16);
        out.add(num(Integer.toString(u16)));
        long u32 = i == 2 ? 4_294_967_295L : i * 3_000_000L;
        g.append("u32", (int) u32);
        out.add(num(Long.toString(u32)));
        BigInteger u64 = i == 2 ? BigInteger.TWO.pow(64).subtract(BigInteger.ONE)
                : BigInteger.valueOf(i).multiply(BigInteger.TEN.pow(16));
        g.append("u64", u64.longValue());
        out.add(num(u64.toString()));
        float f32 = i == 4 ? Float.MAX_VALUE : i / 3f;
        g.append("f32", f32);
        out.add(num(Float.toString(f32)));
        double f64 = i == 4 ? 1e300 : i == 5 ? -0.0 : i / 7.0;
        boolean nan = i == 6;
        g.append("f64", nan ? Double.NaN : f64);
        // NaN has no SQL literal: the reader hands it over as text.
        out.add(nan ? "NaN" : num(Double.toString(f64)));
        String s = i == 1 ? "" : i == 5 ? "ünïcödé 😀 中文" : i == 8 ? "quote ' and \"dq\" \\ back" : "name-" + (i % 13);
        g.append("s", s);
        out.add(s);
        String plain = "unique-" + i + "x".repeat(i % 50);
        g.append("s_plain", plain);
        out.add(plain);
        byte[] bin = new byte[i % 5];
        for (int k = 0; k < bin.length; k++) {
            bin[k] = (byte) (k == 0 ? 0 : k == 1 ? 0xff : i * k);
        }
        g.append("bin", Binary.fromConstantByteArray(bin));
        out.add(bin);
        byte[] fixed = {(byte) i, (byte) (i >> 8), 0, (byte) 0x80, (byte) (i * 31)};
        g.append("fixed5", Binary.fromConstantByteArray(fixed));
        out.add(fixed);

        int dI32 = i == 2 ? 999_999_999 : (i - 350) * 12_345;
        g.append("d_i32", dI32);
        out.add(num(new BigDecimal(BigInteger.valueOf(dI32), 2).toPlainString()));
        long dI64 = i == 2 ? -999_999_999_999_999_999L : (i - 350) * 123_456_789_012L;
        g.append("d_i64", dI64);
        out.add(num(new BigDecimal(BigInteger.valueOf(dI64), 4).toPlainString()));
        BigInteger dFixed = i == 2 ? BigInteger.TEN.pow(38).subtract(BigInteger.ONE).negate()
                : BigInteger.valueOf(i - 350).multiply(BigInteger.TEN.pow(25)).add(BigInteger.valueOf(i));
        g.append("d_fixed", Binary.fromConstantByteArray(twosComplement(dFixed, 16)));
        out.add(num(new BigDecimal(dFixed, 10).toPlainString()));
        // Variable-length decimals: the minimal two's complement bytes, as short as one byte.
        BigInteger dBin = i == 1 ? BigInteger.ZERO : i == 9 ? BigInteger.valueOf(-1)
                : BigInteger.valueOf(i - 350).multiply(BigInteger.TEN.pow(i % 25)).add(BigInteger.valueOf(i * 7L));
        g.append("d_bin", Binary.fromConstantByteArray(dBin.toByteArray()));
        out.add(num(new BigDecimal(dBin, 5).toPlainString()));

        LocalDate dt = LocalDate.of(1969, 12, 25).plusDays(i * 40L);
        g.append("dt", (int) dt.toEpochDay());
        out.add(dt.toString());
        LocalTime tMs = LocalTime.ofNanoOfDay(i * 123_457L % 86_400_000L * 1_000_000L);
        g.append("t_ms", (int) (tMs.toNanoOfDay() / 1_000_000L));
        out.add(tMs.format(T6));
        LocalTime tUs = i == 2 ? LocalTime.MAX.withNano(999_999_000)
                : LocalTime.ofNanoOfDay(i * 66_123_457L % 86_400_000_000L * 1_000L);
        g.append("t_us", tUs.toNanoOfDay() / 1_000L);
        out.add(tUs.format(T6));
        LocalTime tNs = LocalTime.ofNanoOfDay(i * 1_234_567_890_123L % 86_400_000_000_000L);
        g.append("t_ns", tNs.toNanoOfDay());
        out.add(tNs.format(tNs.getNano() % 1000 == 0 ? T6 : T9));

        LocalDateTime tsMs = LocalDateTime.of(1960, 2, 29, 23, 59, 59, 999_000_000).plusNanos(i * 86_400_123L * 1_000_000L);
        long ms = tsMs.toInstant(ZoneOffset.UTC).toEpochMilli();
        g.append("ts_ms_utc", ms);
        out.add(tsMs.format(TS6));
        g.append("ts_ms_local", ms + 1);
        out.add(tsMs.plusNanos(1_000_000L).format(TS6));
        LocalDateTime tsUs = LocalDateTime.of(1960, 2, 29, 23, 59, 59, 999_999_000).plusNanos(i * 86_400_123_457L * 1_000L);
        long us = java.time.Duration.between(EPOCH, tsUs).toNanos() / 1_000L;
        g.append("ts_us_utc", us);
        out.add(tsUs.format(TS6));
        g.append("ts_us_local", -us);
        out.add(EPOCH.minusNanos(us * 1_000L).format(TS6));
        LocalDateTime tsNs = LocalDateTime.of(2000, 1, 1, 0, 0).plusNanos(i * 1_000_000_001_001L);
        long ns = java.time.Duration.between(EPOCH, tsNs).toNanos();
        g.append("ts_ns_utc", ns);
        out.add(tsNs.format(tsNs.getNano() % 1000 == 0 ? TS6 : TS9));
        LocalDateTime tsNsLocal = tsNs.minusYears(45).withNano(i * 1001 % 1_000_000_000);
        g.append("ts_ns_local", java.time.Duration.between(EPOCH, tsNsLocal).toNanos());
        out.add(tsNsLocal.format(tsNsLocal.getNano() % 1000 == 0 ? TS6 : TS9));

        LocalDateTime t96 = LocalDateTime.of(1950, 6, 15, 12, 0).plusNanos(i * 98_765_432_101_234L);
        g.append("i96", Binary.fromConstantByteArray(int96(t96)));
        out.add(t96.format(t96.getNano() % 1000 == 0 ? TS6 : TS9));
        out.add(null);
        out.add(null);
        return out.toArray();
    }

    private static SqlLiteral num(String text) {
        return new SqlLiteral(SqlLiteral.Kind.NUMBER, text);
    }

    /** Big-endian two's complement, sign-extended to {@code width} bytes (FIXED_LEN_BYTE_ARRAY decimals). */
    private static byte[] twosComplement(BigInteger v, int width) {
        byte[] minimal = v.toByteArray();
        byte[] out = new byte[width];
        java.util.Arrays.fill(out, 0, width - minimal.length, (byte) (v.signum() < 0 ? 0xff : 0));
        System.arraycopy(minimal, 0, out, width - minimal.length, minimal.length);
        return out;
    }

    /** INT96 as Impala and Spark write it: nanoseconds of the day then the Julian day, both little-endian. */
    private static byte[] int96(LocalDateTime t) {
        long nanos = t.toLocalTime().toNanoOfDay();
        long julian = t.toLocalDate().toEpochDay() + 2_440_588L;
        byte[] out = new byte[12];
        for (int k = 0; k < 8; k++) {
            out[k] = (byte) (nanos >>> (8 * k));
        }
        for (int k = 0; k < 4; k++) {
            out[8 + k] = (byte) (julian >>> (8 * k));
        }
        return out;
    }

    /** A page header where the file holds it: {@code offset} of the header, {@code length} of its bytes. */
    private record PageAt(ColumnMetaData column, PageHeader header, long offset, int length) {
    }

    /** Every page of the file, read with the Thrift page header reader over each column chunk. */
    private static List<PageAt> pages(Path file) throws IOException {
        SeekableSource source = DuckDbParquet.source(file);
        FileMetaData meta = ParquetFooter.read(source);
        List<PageAt> out = new ArrayList<>();
        for (RowGroup g : meta.getRow_groups()) {
            for (ColumnChunk c : g.getColumns()) {
                ColumnMetaData m = c.getMeta_data();
                long start = m.isSetDictionary_page_offset() && m.getDictionary_page_offset() > 0
                        ? Math.min(m.getDictionary_page_offset(), m.getData_page_offset()) : m.getData_page_offset();
                long values = 0;
                try (InputStream raw = new BufferedInputStream(source.open(start))) {
                    long[] read = {0};
                    InputStream in = new FilterInputStream(raw) {
                        @Override
                        public int read() throws IOException {
                            int b = super.read();
                            read[0] += b >= 0 ? 1 : 0;
                            return b;
                        }

                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            int n = super.read(b, off, len);
                            read[0] += Math.max(n, 0);
                            return n;
                        }
                    };
                    while (read[0] < m.getTotal_compressed_size()) {
                        long at = read[0];
                        PageHeader h = Util.readPageHeader(in);
                        out.add(new PageAt(m, h, start + at, (int) (read[0] - at)));
                        if (h.getType() == PageType.DATA_PAGE_V2) {
                            values += h.getData_page_header_v2().getNum_values();
                        } else if (h.getType() == PageType.DATA_PAGE) {
                            values += h.getData_page_header().getNum_values();
                        }
                        // skip() bypasses the counting read methods.
                        in.skipNBytes(h.getCompressed_page_size());
                        read[0] += h.getCompressed_page_size();
                    }
                    assertThat(read[0]).isEqualTo(m.getTotal_compressed_size());
                }
                assertThat(values).isEqualTo(m.getNum_values());
            }
        }
        return out;
    }

    private static final class PageCensus {
        final Map<PageType, Integer> types = new EnumMap<>(PageType.class);
        final Set<String> encodings = new HashSet<>();
        final Set<org.apache.parquet.format.CompressionCodec> codecs = new HashSet<>();
        int rowGroups;
        int uncompressedV2;
        int mixedChunks;
    }

    private static PageCensus census(Path file) throws IOException {
        PageCensus census = new PageCensus();
        Map<ColumnMetaData, Set<String>> chunkEncodings = new java.util.IdentityHashMap<>();
        for (PageAt p : pages(file)) {
            if (p.header().getType() == PageType.DATA_PAGE_V2) {
                chunkEncodings.computeIfAbsent(p.column(), k -> new HashSet<>())
                        .add(p.header().getData_page_header_v2().getEncoding().name());
            }
            census.codecs.add(p.column().getCodec());
            census.types.merge(p.header().getType(), 1, Integer::sum);
            if (p.header().getType() == PageType.DATA_PAGE_V2) {
                DataPageHeaderV2 d = p.header().getData_page_header_v2();
                census.encodings.add(d.getEncoding().name());
                census.uncompressedV2 += d.isSetIs_compressed() && !d.isIs_compressed() ? 1 : 0;
            }
        }
        census.mixedChunks = (int) chunkEncodings.values().stream()
                .filter(e -> e.contains("RLE_DICTIONARY") && e.size() > 1).count();
        census.rowGroups = ParquetFooter.read(DuckDbParquet.source(file)).getRow_groups().size();
        return census;
    }

    /**
     * Rewrites page headers in place; {@code change} must keep each header's encoded length (in Thrift's compact
     * protocol a boolean lives in the field's type nibble, and small integers take one byte either way).
     */
    private static int rewriteHeaders(Path file, java.util.function.Predicate<PageAt> which,
            java.util.function.Consumer<PageHeader> change) throws IOException {
        int changed = 0;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (PageAt p : pages(file)) {
                if (!which.test(p)) {
                    continue;
                }
                PageHeader h = p.header().deepCopy();
                change.accept(h);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                Util.writePageHeader(h, bytes);
                assertThat(bytes.size()).as("rewritten header length").isEqualTo(p.length());
                f.seek(p.offset());
                f.write(bytes.toByteArray());
                changed++;
            }
        }
        return changed;
    }

    private static boolean emptyUncompressedV2(PageAt p) {
        return p.header().getType() == PageType.DATA_PAGE_V2 && !p.header().getData_page_header_v2().isIs_compressed()
                && p.header().getCompressed_page_size() == p.header().getData_page_header_v2()
                        .getDefinition_levels_byte_length();
    }
}
