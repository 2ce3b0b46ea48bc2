package dev.lightning4j.sources.s3;

import dev.lightning4j.ErrorCode;
import dev.lightning4j.ImportException;
import dev.lightning4j.sources.remote.ResumingInputStream;
import dev.lightning4j.sources.remote.RetryPolicy;
import dev.lightning4j.spi.Storage;
import dev.lightning4j.spi.StorageFile;
import dev.lightning4j.spi.StorageProvider;
import dev.lightning4j.testing.TestingFaultProxy;
import dev.lightning4j.testing.TestingS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The S3 storage against s3proxy, through the real S3 client, with a fault-injecting proxy in between. */
class S3StorageTest {
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20));
    private static final String BUCKET = "dumps";
    private static final byte[] BIG = new byte[300_000];
    private static final TreeMap<String, Integer> EXPECTED = new TreeMap<>();

    private static TestingS3 s3;
    private static TestingFaultProxy proxy;

    @BeforeAll
    static void upload() throws IOException {
        s3 = TestingS3.start();
        proxy = new TestingFaultProxy("127.0.0.1", s3.endpoint().getPort());
        new Random(42).nextBytes(BIG);
        try (S3Client c = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(s3.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestingS3.ACCESS_KEY, TestingS3.SECRET_KEY)))
                .build()) {
            c.createBucket(b -> b.bucket(BUCKET));
            put(c, "exp/big.bin", BIG);
            for (String name : List.of("db-schema-create.sql", "db.t1-schema.sql", "db.t1.000000000.sql",
                    "db.t1.000000001.sql", "db.t2-schema.sql", "db.t2.000000000.csv", "sub/db.t3.0.csv",
                    "sub/deeper/x y+z.sql")) {
                put(c, "exp/" + name, ("-- " + name + "\n").getBytes(StandardCharsets.UTF_8));
            }
            // Neighbours that a prefix match without the '/' would wrongly include, and a folder marker.
            put(c, "exp2/not-mine.sql", new byte[3]);
            put(c, "expx", new byte[2]);
            put(c, "exp/emptydir/", new byte[0]);
        }
    }

    private static void put(S3Client c, String key, byte[] data) {
        // s3proxy's Jetty now and then drops a pooled connection on the upload's 100-continue handshake.
        for (int attempt = 1; ; attempt++) {
            try {
                c.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
                break;
            } catch (java.io.UncheckedIOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        if (key.startsWith("exp/") && !key.endsWith("/")) {
            EXPECTED.put(key.substring(4), data.length);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        proxy.close();
        s3.close();
    }

    private static String url(int port, String path) {
        return "s3://" + BUCKET + "/" + path + "?endpoint=http://127.0.0.1:" + port + "&force-path-style=true"
                + "&region=us-east-1&access-key=" + TestingS3.ACCESS_KEY
                + "&secret-access-key=" + URLEncoder.encode(TestingS3.SECRET_KEY, StandardCharsets.UTF_8);
    }

    private static Storage open(String url, RetryPolicy policy) throws IOException {
        return new S3StorageProvider(policy, 2).open(URI.create(url));
    }

    private static Storage direct() throws IOException {
        return open(url(s3.endpoint().getPort(), "exp"), FAST);
    }

    private static Storage viaProxy() throws IOException {
        return open(url(proxy.port(), "exp"), FAST);
    }

    @Test
    void listsEveryPageWithKeysRelativeToThePrefixSorted() throws IOException {
        try (Storage st = direct()) {
            List<StorageFile> files = st.list();
            // Two keys per page: nine files only come back complete if every page was read.
            assertThat(files).extracting(StorageFile::path).containsExactlyElementsOf(EXPECTED.keySet());
            assertThat(files).extracting(StorageFile::size)
                    .containsExactlyElementsOf(EXPECTED.values().stream().map(Integer::longValue).toList());
        }
    }

    @Test
    void readsFromAnOffsetToTheEnd() throws IOException {
        try (Storage st = direct()) {
            for (long offset : new long[] {0, 1, 123_457, BIG.length - 1, BIG.length}) {
                try (InputStream in = st.open("big.bin", offset)) {
                    assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(BIG, (int) offset, BIG.length));
                }
            }
            try (InputStream in = st.open("sub/deeper/x y+z.sql", 3)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("sub/deeper/x y+z.sql\n");
            }
        }
    }

    @Test
    void resumesFromTheLastByteWhenTheConnectionDropsMidObject() throws IOException {
        try (Storage st = viaProxy()) {
            proxy.cutNextResponses(2, 40_000);
            int before = proxy.cutsDone();
            try (InputStream in = st.open("big.bin", 1000)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(BIG, 1000, BIG.length));
                assertThat(((ResumingInputStream) in).reopens()).isEqualTo(2);
            }
            assertThat(proxy.cutsDone() - before).isEqualTo(2);
        }
    }

    @Test
    void retriesThrottlingAnswers() throws IOException {
        try (Storage st = viaProxy()) {
            proxy.slowDownNextRequests(2);
            try (InputStream in = st.open("big.bin", 5)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(BIG, 5, BIG.length));
            }
            proxy.slowDownNextRequests(1);
            assertThat(st.list()).hasSize(EXPECTED.size());
        }
    }

    @Test
    void givesUpWithAClearErrorWhenFailuresPersist() throws IOException {
        try (Storage st = viaProxy()) {
            // Cut inside the response headers: no attempt gets a body byte through, so none counts as progress.
            proxy.cutNextResponses(1000, 100);
            try {
                Throwable t = catchThrowable(() -> {
                    try (InputStream in = st.open("big.bin", 0)) {
                        in.readAllBytes();
                    }
                });
                assertThat(t).isInstanceOf(IOException.class)
                        .hasMessageContaining("s3://dumps/exp/big.bin")
                        .hasMessageContaining("after 4 attempts");
                assertNoSecret(t);
            } finally {
                proxy.cutNextResponses(0, 0);
            }
        }
    }

    @Test
    void missingBucketOrPrefixIsSourceNotFound() {
        Throwable noPrefix = catchThrowable(() -> open(url(s3.endpoint().getPort(), "nothing-here"), FAST));
        assertThat(noPrefix).isInstanceOf(ImportException.class).hasMessageContaining("no objects under s3://dumps/nothing-here/");
        assertThat(((ImportException) noPrefix).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
        Throwable noBucket = catchThrowable(() -> open(url(s3.endpoint().getPort(), "exp").replace("s3://dumps/",
                "s3://no-such-bucket/"), FAST));
        assertThat(noBucket).isInstanceOf(ImportException.class).hasMessageContaining("no-such-bucket");
        assertThat(((ImportException) noBucket).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
        assertNoSecret(noPrefix);
        assertNoSecret(noBucket);
    }

    @Test
    void credentialsNeverAppearInDescriptionsOrErrors() throws IOException {
        try (Storage st = direct()) {
            assertThat(st.describe()).isEqualTo("s3://dumps/exp/ at http://127.0.0.1:" + s3.endpoint().getPort());
            assertNoSecret(st.describe());
            assertNoSecret(st.toString());
            Throwable missing = catchThrowable(() -> st.open("gone.sql", 0));
            assertThat(missing).isInstanceOf(ImportException.class).hasMessageContaining("gone.sql");
            assertThat(((ImportException) missing).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
            assertNoSecret(missing);
        }
        // A wrong secret: S3 refuses, and the refusal names neither key.
        String wrong = url(s3.endpoint().getPort(), "exp").replace(
                URLEncoder.encode(TestingS3.SECRET_KEY, StandardCharsets.UTF_8), "WrongSecretValue1234567890");
        Throwable denied = catchThrowable(() -> open(wrong, FAST));
        assertThat(denied).isInstanceOf(ImportException.class);
        assertThat(((ImportException) denied).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
        assertThat(stackText(denied)).doesNotContain("WrongSecretValue1234567890");
        assertNoSecret(denied);
        // A session token is a secret too.
        Throwable withToken = catchThrowable(() -> open(url(s3.endpoint().getPort(), "exp")
                + "&session-token=SessionTokenSecret987654321", FAST).close());
        if (withToken != null) {
            assertThat(stackText(withToken)).doesNotContain("SessionTokenSecret987654321");
            assertNoSecret(withToken);
        }
        Throwable unknown = catchThrowable(() -> open(url(1, "exp") + "&secret_key_typo=" + TestingS3.SECRET_KEY, FAST));
        assertThat(unknown).isInstanceOf(ImportException.class).hasMessageContaining("secret-key-typo");
        assertNoSecret(unknown);
    }

    @Test
    void theProvidersAreFoundByServiceLoader() {
        List<String> schemes = ServiceLoader.load(StorageProvider.class).stream()
                .flatMap(p -> p.get().schemes().stream()).sorted().toList();
        assertThat(schemes).contains("s3", "gcs", "gs", "file");
    }

    private static String stackText(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    private static void assertNoSecret(Throwable t) {
        assertNoSecret(stackText(t));
    }

    private static void assertNoSecret(String text) {
        assertThat(text).doesNotContain(TestingS3.ACCESS_KEY).doesNotContain(TestingS3.SECRET_KEY)
                .doesNotContain(URLEncoder.encode(TestingS3.SECRET_KEY, StandardCharsets.UTF_8));
    }
}
