package dev.lightning4j.sources.gcs;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.sources.remote.ResumingInputStream;
import dev.lightning4j.sources.remote.RetryPolicy;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageFile;
import dev.lightning4j.testing.TestingGcsServer;
import dev.lightning4j.testing.TestingGcsServer.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The GCS storage through the real google-cloud-storage client against a local JSON API server. */
class GcsStorageTest {
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20));
    private static final String BUCKET = "dumps";
    private static final byte[] BIG = new byte[400_000];
    private static final TreeMap<String, Integer> EXPECTED = new TreeMap<>();
    private static TestingGcsServer gcs;

    @BeforeAll
    static void upload() {
        gcs = TestingGcsServer.start();
        gcs.pageSize(2);
        new Random(7).nextBytes(BIG);
        put("exp/big.bin", BIG);
        for (String name : List.of("db-schema-create.sql", "db.t1-schema.sql", "db.t1.000000000.sql",
                "db.t1.000000001.sql", "db.t2.000000000.csv", "sub/db.t3.0.csv", "sub/deeper/x y+z%.sql")) {
            put("exp/" + name, ("-- " + name + "\n").getBytes(StandardCharsets.UTF_8));
        }
        put("exp2/not-mine.sql", new byte[3]);
        put("expx", new byte[2]);
        put("exp/folder/", new byte[0]);
    }

    private static void put(String name, byte[] data) {
        gcs.put(BUCKET, name, data);
        if (name.startsWith("exp/") && !name.endsWith("/")) {
            EXPECTED.put(name.substring(4), data.length);
        }
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    private static Storage open(String url) throws IOException {
        return new GcsStorageProvider(FAST, 1000).open(URI.create(url));
    }

    private static Storage storage() throws IOException {
        return open("gcs://" + BUCKET + "/exp?endpoint=" + gcs.endpoint());
    }

    @Test
    void listsEveryPageWithNamesRelativeToThePrefixSorted() throws IOException {
        int before = listRequests();
        try (Storage st = open("gs://" + BUCKET + "/exp/?endpoint=" + gcs.endpoint())) {
            List<StorageFile> files = st.list();
            assertThat(files).extracting(StorageFile::path).containsExactlyElementsOf(EXPECTED.keySet());
            assertThat(files).extracting(StorageFile::size)
                    .containsExactlyElementsOf(EXPECTED.values().stream().map(Integer::longValue).toList());
        }
        // The server pages two objects at a time: the listing took several pages (plus the existence check).
        assertThat(listRequests() - before).isGreaterThanOrEqualTo(1 + (EXPECTED.size() + 2) / 2);
        assertThat(gcs.requests()).anyMatch(r -> r.contains("pageToken="));
    }

    private static int listRequests() {
        return (int) gcs.requests().stream().filter(r -> r.matches("GET /storage/v1/b/dumps/o\\?.*")).count();
    }

    @Test
    void readsFromAnOffsetWithARangedDownload() throws IOException {
        try (Storage st = storage()) {
            for (long offset : new long[] {0, 1, 250_001, BIG.length - 1, BIG.length}) {
                try (InputStream in = st.open("big.bin", offset)) {
                    assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(BIG, (int) offset, BIG.length));
                }
            }
            assertThat(gcs.requests()).anyMatch(r -> r.contains("alt=media") && r.contains("[bytes=250001-"));
            try (InputStream in = st.open("sub/deeper/x y+z%.sql", 3)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("sub/deeper/x y+z%.sql\n");
            }
        }
    }

    @Test
    void resumesFromTheLastByteDeliveredAfterDropsAndServerErrors() throws IOException {
        try (Storage st = storage()) {
            int seen = gcs.requests().size();
            gcs.failNextReads(Fault.DROP_MID_BODY, Fault.ERROR_500, Fault.DROP_MID_BODY, Fault.ERROR_503,
                    Fault.ERROR_429);
            try (InputStream in = st.open("big.bin", 1000)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(BIG, 1000, BIG.length));
                // The 5xx and 429 answers always come back to us; the client may absorb a dropped body itself.
                assertThat(((ResumingInputStream) in).reopens()).isBetween(3, 5);
            }
            // One download per fault plus the last; after the first, none starts over at 1000: each resumes at
            // the last byte delivered (ours, or the client's own read-ahead position for a cut body).
            List<Long> starts = gcs.requests().subList(seen, gcs.requests().size()).stream()
                    .filter(r -> r.contains("alt=media")).map(GcsStorageTest::rangeStart).toList();
            assertThat(starts).hasSize(6);
            assertThat(starts.get(0)).isEqualTo(1000L);
            assertThat(starts.subList(1, 6)).allMatch(s -> s > 100_000L);
            assertThat(starts.get(5)).isGreaterThan(starts.get(2));
        }
    }

    private static long rangeStart(String request) {
        Matcher m = Pattern.compile("\\[bytes=(\\d+)-").matcher(request);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void givesUpWithAClearErrorWhenFailuresPersist() throws IOException {
        try (Storage st = storage()) {
            gcs.failNextReads(Fault.ERROR_500, Fault.ERROR_500, Fault.ERROR_500, Fault.ERROR_500);
            Throwable t = catchThrowable(() -> {
                try (InputStream in = st.open("big.bin", 0)) {
                    in.readAllBytes();
                }
            });
            assertThat(t).isInstanceOf(IOException.class).hasMessageContaining("gcs://dumps/exp/big.bin")
                    .hasMessageContaining("after 4 attempts");
        }
    }

    @Test
    void missingBucketPrefixOrObjectIsSourceNotFound() throws IOException {
        Throwable noPrefix = catchThrowable(() -> open("gcs://" + BUCKET + "/none?endpoint=" + gcs.endpoint()));
        assertThat(noPrefix).isInstanceOf(ImportException.class).hasMessageContaining("no objects under gcs://dumps/none/");
        assertThat(((ImportException) noPrefix).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
        Throwable noBucket = catchThrowable(() -> open("gcs://nobucket/exp?endpoint=" + gcs.endpoint()));
        assertThat(noBucket).isInstanceOf(ImportException.class).hasMessageContaining("bucket nobucket does not exist");
        assertThat(((ImportException) noBucket).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
        try (Storage st = storage()) {
            Throwable gone = catchThrowable(() -> st.open("gone.sql", 0));
            assertThat(gone).isInstanceOf(ImportException.class).hasMessageContaining("gone.sql");
            assertThat(((ImportException) gone).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
        }
    }

    @Test
    void usesTheCredentialsFileAndNeverShowsItsContent(@TempDir Path dir) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(kpg.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        String keyId = "0123456789abcdef0123456789abcdef01234567";
        Path file = dir.resolve("key.json");
        Files.writeString(file, "{\"type\":\"service_account\",\"project_id\":\"test\",\"private_key_id\":\""
                + keyId + "\",\"private_key\":\"" + pem.replace("\n", "\\n")
                + "\",\"client_email\":\"reader@test.iam.gserviceaccount.com\",\"client_id\":\"1\","
                + "\"token_uri\":\"" + gcs.endpoint() + "/token\"}");
        String url = "gcs://" + BUCKET + "/exp?credentials-file=" + file + "&endpoint=" + gcs.endpoint();
        try (Storage st = open(url)) {
            try (InputStream in = st.open("db.t1-schema.sql", 0)) {
                assertThat(in.readAllBytes()).isNotEmpty();
            }
            assertThat(gcs.authorizations()).contains("Bearer " + TestingGcsServer.ACCESS_TOKEN);
            assertThat(st.describe()).isEqualTo("gcs://dumps/exp/ at " + gcs.endpoint());
            assertThat(st.toString()).doesNotContain(keyId).doesNotContain("PRIVATE");
            Throwable gone = catchThrowable(() -> st.open("gone.sql", 0));
            assertThat(stackText(gone)).doesNotContain(keyId).doesNotContain("PRIVATE KEY");
        }
        // A broken credentials file: the error names the file, not what is in it.
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"type\":\"service_account\",\"private_key\":\"TopSecretNotAKeyAtAll12345\"}");
        Throwable t = catchThrowable(() -> open("gcs://" + BUCKET + "/exp?credentials-file=" + bad
                + "&endpoint=" + gcs.endpoint()));
        assertThat(t).isInstanceOf(ImportException.class).hasMessageContaining("bad.json");
        assertThat(stackText(t)).doesNotContain("TopSecretNotAKeyAtAll12345");
    }

    private static String stackText(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
