package dev.lightning4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportBuilder;
import dev.lightning4j.ImportException;
import dev.lightning4j.ImportResult;
import dev.lightning4j.testing.TestingGcsServer;
import dev.lightning4j.testing.TestingGcsServer.Fault;
import dev.lightning4j.testing.TestingS3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One Dumpling export (SQL, CSV and a gzip file, tricky values) imported from local disk, from S3 (s3proxy)
 * and from GCS (a local JSON API server) must give identical tables: same counts, same CHECKSUM TABLE.
 */
class ObjectStorageSourceTest {
    private static final List<String> TABLES = List.of("t_sql", "t_csv", "t_gz");
    private static final int ROWS = 3000;

    @TempDir
    static Path root;
    static TestingS3 s3;
    static TestingGcsServer gcs;

    @BeforeAll
    static void servers() {
        s3 = TestingS3.start();
        gcs = TestingGcsServer.start();
        // Small pages: the listing of the export spans several.
        gcs.pageSize(3);
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (gcs != null) {
            gcs.close();
        }
    }

    /** The export for database {@code db}; only the database name differs between copies. */
    static Path writeExport(String db) throws IOException {
        Path dir = Files.createDirectories(root.resolve(db));
        DumpFile.schemaCreate(dir, db);
        String create = "CREATE TABLE `%s` (`id` int NOT NULL, `s` varchar(200) DEFAULT NULL, `b` varbinary(16)"
                + " DEFAULT NULL, `d` decimal(20,6) DEFAULT NULL, `u` bigint unsigned DEFAULT NULL,"
                + " `ts` datetime(6) DEFAULT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
                + " COLLATE=utf8mb4_bin;";
        for (String t : TABLES) {
            DumpFile.schema(dir, db, t, String.format(create, t));
        }
        // SQL in two files; values with quotes, backslashes, line breaks, NUL, non-ASCII and hex bytes.
        for (int f = 0; f < 2; f++) {
            DumpFile sql = new DumpFile().text(DumpFile.DUMPLING_HEADER);
            String[] tuples = new String[ROWS / 2];
            for (int i = 0; i < tuples.length; i++) {
                int id = f * tuples.length + i + 1;
                tuples[i] = "(" + id + "," + sqlString(id) + "," + (id % 7 == 0 ? "NULL" : "0x" + hex(id)) + ","
                        + (id % 11 == 0 ? "NULL" : (id % 2 == 0 ? "-" : "") + id + "." + String.format("%06d", id))
                        + "," + (id % 5 == 0 ? "18446744073709551615" : Integer.toString(id * 977)) + ","
                        + (id % 13 == 0 ? "NULL" : "'2024-02-29 12:" + String.format("%02d", id % 60) + ":00.0000"
                                + (id % 10) + "'") + ")";
            }
            sql.insert("t_sql", null, tuples).writeTo(dir, db + ".t_sql." + String.format("%09d", f) + ".sql");
        }
        // CSV with a header: quoted commas and line breaks, doubled quotes, backslash escapes, \N.
        DumpFile csv = new DumpFile().text("id,s,b,d,u,ts\n");
        for (int id = 1; id <= ROWS; id++) {
            csv.row(id + "," + csvString(id) + "," + (id % 7 == 0 ? "\\N" : "bin" + id) + ","
                    + (id % 11 == 0 ? "\\N" : id + ".5") + "," + (id % 5 == 0 ? "18446744073709551615" : id) + ","
                    + (id % 13 == 0 ? "\\N" : "2023-12-31 23:59:59.99999" + (id % 10)) + "\n");
        }
        csv.writeTo(dir, db + ".t_csv.000000000.csv");
        // A gzip-compressed SQL file.
        DumpFile gz = new DumpFile().text(DumpFile.DUMPLING_HEADER);
        String[] tuples = new String[ROWS];
        for (int i = 0; i < ROWS; i++) {
            tuples[i] = "(" + (i + 1) + "," + sqlString(i * 31) + ",X'" + hex(i) + "'," + i + ".25," + i + ",NULL)";
        }
        gz.insert("t_gz", null, tuples);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(packed)) {
            out.write(gz.bytes());
        }
        Files.write(dir.resolve(db + ".t_gz.000000000.sql.gz"), packed.toByteArray());
        return dir;
    }

    private static String sqlString(int id) {
        return switch (id % 6) {
            case 0 -> "'it''s \\\"quoted\\\" \\\\ back'";
            case 1 -> "'line\\nbreak\\r\\ttab \\0 nul'";
            case 2 -> "'日本語 ü 😀 " + id + "'";
            case 3 -> "''";
            case 4 -> "NULL";
            default -> "'plain " + id + "'";
        };
    }

    private static String csvString(int id) {
        return switch (id % 5) {
            case 0 -> "\"a, comma\"";
            case 1 -> "\"two\nlines\"";
            case 2 -> "\"say \"\"hi\"\"\"";
            case 3 -> "back\\\\slash \\N";
            default -> "\"ü😀 " + id + "\"";
        };
    }

    private static String hex(int v) {
        return String.format("%08X", v * 2654435761L & 0xFFFFFFFFL);
    }

    private static ImportResult importFrom(String source, String db) {
        return ImportBuilder.create().source(source)
                .target(ItDb.SERVER.jdbcUrl(), ItDb.SERVER.user(), ItDb.SERVER.password())
                .filter(db + ".*").concurrency(2).run();
    }

    private static String s3Url(String bucket, String prefix, String secret) {
        return "s3://" + bucket + "/" + prefix + "?endpoint=" + s3.endpoint() + "&force-path-style=true"
                + "&region=us-east-1&access-key=" + TestingS3.ACCESS_KEY
                + "&secret-access-key=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    }

    private static void uploadToS3(String bucket, String prefix, Path dir) throws IOException {
        try (S3Client c = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(s3.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestingS3.ACCESS_KEY, TestingS3.SECRET_KEY)))
                .build(); Stream<Path> files = Files.list(dir)) {
            c.createBucket(b -> b.bucket(bucket));
            for (Path f : files.toList()) {
                byte[] data = Files.readAllBytes(f);
                String key = prefix + f.getFileName();
                // s3proxy's Jetty now and then drops a pooled connection on the 100-continue handshake.
                for (int attempt = 1; ; attempt++) {
                    try {
                        c.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
                        break;
                    } catch (UncheckedIOException e) {
                        if (attempt == 3) {
                            throw e;
                        }
                    }
                }
            }
        }
    }

    private static void assertSameTables(String expectedDb, String actualDb) {
        for (String t : TABLES) {
            String expected = "`" + expectedDb + "`.`" + t + "`";
            String actual = "`" + actualDb + "`.`" + t + "`";
            assertThat(ItDb.count(actual)).as(actual).isEqualTo(ROWS).isEqualTo(ItDb.count(expected));
            assertThat(ItDb.checksum(actual)).as("CHECKSUM TABLE " + actual).isEqualTo(ItDb.checksum(expected));
        }
    }

    @Test
    void s3AndGcsImportsEqualTheLocalImport() throws IOException {
        String local = ItDb.SERVER.createDatabase("it_obj_local");
        String viaS3 = ItDb.SERVER.createDatabase("it_obj_s3");
        String viaGcs = ItDb.SERVER.createDatabase("it_obj_gcs");
        String viaFaultyGcs = ItDb.SERVER.createDatabase("it_obj_gcs_faults");

        importFrom(writeExport(local).toString(), local);
        for (String t : TABLES) {
            assertThat(ItDb.count("`" + local + "`.`" + t + "`")).isEqualTo(ROWS);
        }

        uploadToS3("exports", "dump/", writeExport(viaS3));
        ImportResult r = importFrom(s3Url("exports", "dump", TestingS3.SECRET_KEY), viaS3);
        assertThat(r.tables()).hasSize(TABLES.size());
        assertSameTables(local, viaS3);

        gcs.putDirectory("exports", "dump/", writeExport(viaGcs));
        importFrom("gcs://exports/dump?endpoint=" + gcs.endpoint(), viaGcs);
        assertSameTables(local, viaGcs);

        // Downloads cut mid-body and refused with 5xx/429 along the way: the import still reads every byte.
        gcs.putDirectory("exports2", "", writeExport(viaFaultyGcs));
        gcs.failNextReadsOf(viaFaultyGcs + ".t_sql.000000001.sql", Fault.DROP_MID_BODY, Fault.ERROR_503,
                Fault.DROP_MID_BODY, Fault.ERROR_500);
        gcs.failNextReadsOf(viaFaultyGcs + ".t_gz.000000000.sql.gz", Fault.DROP_MID_BODY, Fault.ERROR_429,
                Fault.DROP_MID_BODY);
        gcs.failNextReadsOf(viaFaultyGcs + ".t_csv.000000000.csv", Fault.ERROR_500, Fault.DROP_MID_BODY);
        importFrom("gs://exports2?endpoint=" + gcs.endpoint(), viaFaultyGcs);
        assertSameTables(local, viaFaultyGcs);
        assertThat(gcs.pendingFaults()).as("every injected fault was served").isZero();
        assertThat(gcs.requests()).anyMatch(req -> req.contains("pageToken="));
    }

    @Test
    void aWrongSecretFailsWithoutShowingIt() {
        String wrong = "NotTheSecret/But+Looks0123456789Real";
        Throwable t = catchThrowable(() -> importFrom(s3Url("exports", "dump", wrong), "nothing"));
        assertThat(t).isInstanceOf(ImportException.class);
        assertThat(((ImportException) t).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        assertThat(w.toString()).doesNotContain(wrong).doesNotContain(TestingS3.ACCESS_KEY)
                .doesNotContain(URLEncoder.encode(wrong, StandardCharsets.UTF_8));
    }
}
